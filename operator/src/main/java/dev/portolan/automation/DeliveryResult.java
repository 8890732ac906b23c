package dev.portolan.automation;

/**
 * How one notification went: delivered, or failed with a reason and a message for the automation's
 * {@code status.recent[]}. The message names the receiver by scheme, host and port only.
 *
 * @param reason {@link #DELIVERED}, or why it failed: {@link #REFUSED} (a 4xx other than 429, not
 *     retried), {@link #REDIRECTED} (a 3xx, not followed), {@link #RECEIVER_FAILED} (5xx or 429 on
 *     every attempt), {@link #UNREACHABLE} (no answer: refused, reset or timed out, on every
 *     attempt), {@link #TLS_FAILED} (the receiver's certificate is not trusted, not retried),
 *     {@link #INVALID_REQUEST} (the request could not be built), {@link #INTERRUPTED}
 * @param attempts how many requests were sent
 * @param status the receiver's last HTTP status; 0 when it never answered
 */
public record DeliveryResult(
    boolean delivered, String reason, String message, int attempts, int status) {
  public static final String DELIVERED = "Delivered";
  public static final String REFUSED = "Refused";
  public static final String REDIRECTED = "Redirected";
  public static final String RECEIVER_FAILED = "ReceiverFailed";
  public static final String UNREACHABLE = "Unreachable";
  public static final String TLS_FAILED = "TlsFailed";
  public static final String INVALID_REQUEST = "InvalidRequest";
  public static final String INTERRUPTED = "Interrupted";

  static DeliveryResult delivered(String message, int attempts, int status) {
    return new DeliveryResult(true, DELIVERED, message, attempts, status);
  }

  static DeliveryResult failed(String reason, String message, int attempts, int status) {
    return new DeliveryResult(false, reason, message, attempts, status);
  }
}
