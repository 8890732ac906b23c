package dev.portolan.web.ui;

import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.Callers;
import dev.portolan.web.error.ApiException;
import dev.portolan.web.http.CrossSitePolicy;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * The UI's session and its security: the headers every UI response carries, who is signed in (an
 * authenticating proxy's Authorization header, or the token pasted on the sign-in page and kept in
 * an HttpOnly cookie), signing in and out, and the same-origin check of form posts.
 */
final class UiSession {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
  private static final String TOKEN_COOKIE = Callers.TOKEN_COOKIE;
  private static final String TOKEN_CHARACTERS = "[A-Za-z0-9._~+/=-]{1,8192}";

  private final Access access;
  private final boolean authenticationOff;
  private final UiAssets assets;
  private final PageRenderer renderer;
  private final boolean actions;

  UiSession(Access access, UiAssets assets, PageRenderer renderer, boolean actions) {
    this.access = access;
    this.actions = actions;
    this.authenticationOff = "disabled".equals(access.describe());
    this.assets = assets;
    this.renderer = renderer;
  }

  static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on the portal's
    // own form posts, and the origin check below could not tell them from a forged post.
    ctx.header("Referrer-Policy", "same-origin");
  }

  Chrome chrome(Context ctx, String section) {
    return new Chrome(
        section,
        authenticationOff,
        !authenticationOff
            && ctx.header("Authorization") == null
            && ctx.cookie(TOKEN_COOKIE) != null,
        actions,
        assets);
  }

  /**
   * Authenticates with the Authorization header (an authenticating proxy) or the sign-in cookie.
   */
  boolean signedIn(Context ctx) {
    try {
      if (authenticationOff || ctx.header("Authorization") != null) {
        Callers.authenticate(ctx, access, Callers.bearerToken(ctx));
        return true;
      }
      String token = ctx.cookie(TOKEN_COOKIE);
      if (token == null) {
        return false;
      }
      Callers.authenticate(ctx, access, token);
      return true;
    } catch (ApiException e) {
      if (e.status() == 401) {
        return false;
      }
      throw e;
    }
  }

  /** Sends a caller who is not signed in to the sign-in page, to come back here after. */
  static void toSignIn(Context ctx) {
    String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    String target = "/sign-in?next=" + Params.encode(next);
    if (ctx.header("HX-Request") != null) {
      ctx.header("HX-Redirect", target).status(401);
    } else {
      ctx.redirect(target);
    }
  }

  void signInPage(Context ctx) {
    secure(ctx);
    renderer.render(
        ctx,
        "sign-in.jte",
        chrome(ctx, "sign-in"),
        new SignInPage(safeNext(ctx.queryParam("next")), null));
  }

  void signIn(Context ctx) {
    secure(ctx);
    if (!sameOrigin(ctx)) {
      renderer.renderError(
          ctx, chrome(ctx, "sign-in"), 403, "Sign in from this portal's own sign-in page.", null);
      return;
    }
    String next = safeNext(ctx.formParam("next"));
    if (authenticationOff) {
      ctx.redirect(next);
      return;
    }
    String token = Objects.requireNonNullElse(ctx.formParam("token"), "").strip();
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).strip();
    }
    String error = null;
    if (!token.matches(TOKEN_CHARACTERS)) {
      error = "Paste a Kubernetes bearer token: letters, digits and . _ ~ + / = - only.";
    } else {
      try {
        access.authenticate(token);
      } catch (ApiException e) {
        error = "The cluster did not accept that token: " + e.body().message() + ".";
      }
    }
    if (error != null) {
      ctx.status(401);
      renderer.render(ctx, "sign-in.jte", chrome(ctx, "sign-in"), new SignInPage(next, error));
      return;
    }
    ctx.header(
        "Set-Cookie",
        TOKEN_COOKIE
            + "="
            + token
            + "; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict"
            + (isHttps(ctx) ? "; Secure" : ""));
    ctx.redirect(next);
  }

  void signOut(Context ctx) {
    secure(ctx);
    if (!sameOrigin(ctx)) {
      renderer.renderError(
          ctx, chrome(ctx, "sign-in"), 403, "Sign out from this portal's own pages.", null);
      return;
    }
    ctx.header(
        "Set-Cookie",
        TOKEN_COOKIE
            + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"
            + (isHttps(ctx) ? "; Secure" : ""));
    ctx.redirect("/sign-in");
  }

  private static boolean isHttps(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  /**
   * A form post must come from this portal's pages: the same rule as the API's state-changing
   * routes.
   */
  static boolean sameOrigin(Context ctx) {
    return CrossSitePolicy.allows(ctx::header);
  }

  /**
   * Only a path on this server is a place to return to after signing in: it starts with one {@code
   * /}, and holds no backslash, no control character, no space and nothing outside printable ASCII
   * (browsers drop tabs and newlines, so {@code /<tab>/evil.example} would become {@code
   * //evil.example}), and no scheme or host.
   */
  static String safeNext(String next) {
    String fallback = "/catalog";
    if (next == null
        || next.length() > 2048
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/sign-")) {
      return fallback;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '\\') {
        return fallback;
      }
    }
    try {
      java.net.URI uri = new java.net.URI(next);
      if (uri.getScheme() != null
          || uri.getRawAuthority() != null
          || uri.getRawPath() == null
          || !uri.getRawPath().startsWith("/")) {
        return fallback;
      }
    } catch (java.net.URISyntaxException e) {
      return fallback;
    }
    return next;
  }
}
