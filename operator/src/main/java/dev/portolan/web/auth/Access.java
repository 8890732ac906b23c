package dev.portolan.web.auth;

import dev.portolan.web.error.ApiException;

import io.javalin.http.Context;

/** Who is calling the API and which namespaces they may read. */
public interface Access {
  /** Authenticates the request, or throws an {@link ApiException} with 401. */
  void authenticate(Context ctx);

  /**
   * Authenticates a bearer token that came with the request some other way than the Authorization
   * header (the web UI's sign-in cookie), or throws an {@link ApiException} with 401.
   */
  void authenticate(Context ctx, String token);

  /** Whether the authenticated caller may list entities in a namespace. */
  boolean maySee(Context ctx, String namespace);

  /** Who the authenticated caller is, when the API knows (not in the embedded demo). */
  default java.util.Optional<dev.portolan.action.ActionRecords.Identity> identity(Context ctx) {
    return java.util.Optional.empty();
  }

  /** What the response header says of authentication. */
  String describe();

  /** No authentication at all: only for the embedded demo, which binds to loopback. */
  static Access disabled() {
    return new Access() {
      @Override
      public void authenticate(Context ctx) {}

      @Override
      public void authenticate(Context ctx, String token) {}

      @Override
      public boolean maySee(Context ctx, String namespace) {
        return true;
      }

      @Override
      public String describe() {
        return "disabled";
      }
    };
  }
}
