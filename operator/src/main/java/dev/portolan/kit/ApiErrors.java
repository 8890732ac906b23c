package dev.portolan.kit;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What an API server's refusal means for the caller. */
public final class ApiErrors {
  private ApiErrors() {}

  /**
   * An answer that says nothing about the request: no status code (0, or -1 where the client failed
   * before any answer, such as a connection closed mid-request: "An error has occurred."),
   * throttling or a server error. The request may have been carried out; the caller tries again
   * rather than report it refused.
   */
  public static boolean isTransient(KubernetesClientException e) {
    return e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
  }

  /** The API server's own message for the refusal, else the client's. */
  public static String message(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }
}
