package dev.portolan.automation;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The headers that let a receiver trust a notification: {@code X-Portolan-Signature: sha256=<hex>}
 * (HMAC-SHA256 of the exact body bytes under the Secret's {@code hmacKey}; absent without a key),
 * {@code X-Portolan-Delivery} (the occurrence id: the same on every retry, so a receiver can drop a
 * repeat) and {@code X-Portolan-Timestamp} (when this attempt was sent, RFC 3339; not signed — the
 * signed body carries the occurrence's {@code time}).
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "X-Portolan-Signature";
  public static final String DELIVERY_HEADER = "X-Portolan-Delivery";
  public static final String TIMESTAMP_HEADER = "X-Portolan-Timestamp";
  static final String PREFIX = "sha256=";

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under {@code key}. */
  public static String sign(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java has " + ALGORITHM, e);
    }
  }
}
