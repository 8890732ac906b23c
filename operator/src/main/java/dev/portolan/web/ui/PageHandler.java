package dev.portolan.web.ui;

import io.javalin.http.Context;

/** One page's controller method: the caller is signed in and the chrome is ready. */
interface PageHandler {
  void handle(Context ctx, Chrome chrome) throws Exception;
}
