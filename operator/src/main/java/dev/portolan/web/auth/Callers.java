package dev.portolan.web.auth;

import io.javalin.http.Context;

/**
 * Where the web layer finds a request's credentials and keeps the {@link Caller} they establish.
 */
public final class Callers {
  /** The cookie that holds a token pasted on the UI's sign-in page. */
  public static final String TOKEN_COOKIE = "portolan_token";

  private static final String ATTRIBUTE = "portolan.caller";

  private Callers() {}

  /** The bearer token of the request's Authorization header, or null when it carries none. */
  public static String bearerToken(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return null;
    }
    return header.substring(7).trim();
  }

  /** Authenticates the request's bearer token and keeps the caller for the rest of the request. */
  public static Caller authenticate(Context ctx, Access access, String token) {
    Caller caller = access.authenticate(token);
    ctx.attribute(ATTRIBUTE, caller);
    return caller;
  }

  /** The caller an earlier {@link #authenticate} established for this request. */
  public static Caller of(Context ctx) {
    Caller caller = ctx.attribute(ATTRIBUTE);
    if (caller == null) {
      throw new IllegalStateException("no caller was authenticated for " + ctx.path());
    }
    return caller;
  }
}
