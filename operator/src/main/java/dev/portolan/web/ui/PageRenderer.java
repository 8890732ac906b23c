package dev.portolan.web.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;

/** Renders the precompiled jte templates: a page in the portal's chrome, or an error page. */
final class PageRenderer {
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  void render(Context ctx, String template, Chrome chrome, Object page) {
    StringOutput out = new StringOutput();
    templates.render(template, Map.of("chrome", chrome, "page", page), out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  void renderError(Context ctx, Chrome chrome, int status, String message, String parameter) {
    String heading =
        switch (status) {
          case 400 -> "That request has a problem";
          case 403 -> "Not allowed";
          case 404 -> "Not found";
          default -> "Something went wrong";
        };
    ctx.status(status);
    render(ctx, "error.jte", chrome, new ErrorPage(status, heading, message, parameter));
  }
}
