package dev.portolan.web.auth;

/** Authentication: who presents a bearer token, and which namespaces they may read. */
public interface Access {
  /**
   * Authenticates a bearer token (null when the request carried none) into the request's caller, or
   * throws an {@link dev.portolan.web.error.ApiException} with 401.
   */
  Caller authenticate(String token);

  /** What the response header says of authentication. */
  String describe();

  /** No authentication at all: only for the embedded demo, which binds to loopback. */
  static Access disabled() {
    return new Access() {
      @Override
      public Caller authenticate(String token) {
        return Caller.anyone();
      }

      @Override
      public String describe() {
        return "disabled";
      }
    };
  }
}
