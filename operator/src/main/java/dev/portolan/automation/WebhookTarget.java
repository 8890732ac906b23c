package dev.portolan.automation;

import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a notify effect sends its notification, read from the Secret its {@code
 * spec.effects.notify.secretRef} names: key {@code url} (an https:// URL), optional key {@code
 * hmacKey} (the key that signs each body) and optional key {@code caBundle} (PEM certificates of a
 * private CA, trusted for this receiver instead of the system's trust store).
 *
 * <p>The URL's path and query often carry a token (a Slack incoming webhook's does), so {@link
 * #toString}, {@link #displayName} and anything logged show the scheme, host and port only, and the
 * key never.
 */
public final class WebhookTarget {
  public static final String SECRET_FIELD = "spec.effects.notify.secretRef";
  public static final String INVALID_SECRET = "InvalidNotifySecret";
  public static final String URL_KEY = "url";
  public static final String HMAC_KEY = "hmacKey";
  public static final String CA_BUNDLE_KEY = "caBundle";

  /** A target, or the problems that kept the Secret from giving one (never both). */
  public record Loaded(Optional<WebhookTarget> target, List<Problem> problems) {
    public Loaded {
      problems = List.copyOf(problems);
    }
  }

  private final URI url;
  private final byte[] hmacKey;
  private final List<X509Certificate> caBundle;
  private final String caBundleId;

  private WebhookTarget(
      URI url, byte[] hmacKey, List<X509Certificate> caBundle, String caBundleId) {
    this.url = url;
    this.hmacKey = hmacKey;
    this.caBundle = List.copyOf(caBundle);
    this.caBundleId = caBundleId;
  }

  /**
   * Reads a target from a Secret (its {@code data}, or {@code stringData} for a Secret not yet
   * stored).
   *
   * @param secretName the name {@code secretRef} gives, for the messages
   * @param secret the Secret, or null when it does not exist
   */
  public static Loaded fromSecret(String secretName, Secret secret) {
    if (secret == null) {
      return failed(
          "Secret '"
              + secretName
              + "' does not exist in the automation's namespace; create it with the receiver's"
              + " https:// URL under key '"
              + URL_KEY
              + "'");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    Map<String, String> plain = secret.getStringData() == null ? Map.of() : secret.getStringData();
    List<Problem> problems = new ArrayList<>();
    Optional<byte[]> urlValue = value(secretName, data, plain, URL_KEY, problems);
    Optional<byte[]> keyValue = value(secretName, data, plain, HMAC_KEY, problems);
    Optional<byte[]> caValue = value(secretName, data, plain, CA_BUNDLE_KEY, problems);
    if (!problems.isEmpty()) {
      return new Loaded(Optional.empty(), problems);
    }
    URI url = null;
    if (urlValue.isEmpty()) {
      problems.add(
          problem(
              secretName,
              URL_KEY,
              "is missing; put the receiver's https:// URL under it (e.g. kubectl create secret"
                  + " generic "
                  + secretName
                  + " --from-literal=url=https://hooks.example.com/portolan)"));
    } else {
      url = url(secretName, new String(urlValue.get(), StandardCharsets.UTF_8).trim(), problems);
    }
    if (keyValue.isPresent() && keyValue.get().length == 0) {
      problems.add(
          problem(
              secretName,
              HMAC_KEY,
              "is empty; give a random key (e.g. openssl rand -hex 32) or remove the key to send"
                  + " unsigned"));
    }
    List<X509Certificate> certificates = List.of();
    String bundleId = null;
    if (caValue.isPresent()) {
      certificates = certificates(secretName, caValue.get(), problems);
      bundleId = sha256(caValue.get());
    }
    if (!problems.isEmpty()) {
      return new Loaded(Optional.empty(), problems);
    }
    return new Loaded(
        Optional.of(new WebhookTarget(url, keyValue.orElse(null), certificates, bundleId)),
        List.of());
  }

  /** The URL the notification is posted to; never log it whole (its path or query may be a key). */
  public URI url() {
    return url;
  }

  /** The receiver as it may be shown or logged: scheme, host and port, no path or query. */
  public String displayName() {
    return "https://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
  }

  /** The key that signs each body, when the Secret has one. */
  public Optional<byte[]> hmacKey() {
    return Optional.ofNullable(hmacKey).map(byte[]::clone);
  }

  /** The private CA's certificates to trust instead of the system's; empty for the system's. */
  public List<X509Certificate> caBundle() {
    return caBundle;
  }

  /** A fingerprint of the CA bundle (sha256 of its bytes), to share one client per bundle. */
  Optional<String> caBundleId() {
    return Optional.ofNullable(caBundleId);
  }

  /** A message with the URL, its path and its query replaced by {@link #displayName}. */
  String redact(String message) {
    if (message == null) {
      return null;
    }
    String redacted = message.replace(url.toString(), displayName());
    for (String secretPart : new String[] {url.getRawQuery(), url.getRawPath()}) {
      if (secretPart != null && secretPart.length() > 1) {
        redacted = redacted.replace(secretPart, "…");
      }
    }
    return redacted;
  }

  @Override
  public String toString() {
    return "WebhookTarget["
        + displayName()
        + (hmacKey == null ? ", unsigned" : ", signed")
        + (caBundle.isEmpty() ? "" : ", private CA")
        + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WebhookTarget that
        && url.equals(that.url)
        && Arrays.equals(hmacKey, that.hmacKey)
        && java.util.Objects.equals(caBundleId, that.caBundleId);
  }

  @Override
  public int hashCode() {
    return url.hashCode();
  }

  private static Optional<byte[]> value(
      String secretName,
      Map<String, String> data,
      Map<String, String> plain,
      String key,
      List<Problem> problems) {
    String encoded = data.get(key);
    if (encoded != null) {
      try {
        return Optional.of(Base64.getDecoder().decode(encoded.replaceAll("\\s", "")));
      } catch (IllegalArgumentException e) {
        problems.add(problem(secretName, key, "is not base64 in the Secret's data"));
        return Optional.empty();
      }
    }
    String text = plain.get(key);
    return Optional.ofNullable(text).map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  private static URI url(String secretName, String text, List<Problem> problems) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      problems.add(
          problem(
              secretName,
              URL_KEY,
              "is not a URL ("
                  + e.getReason()
                  + "); give one such as https://hooks.example.com/portolan"));
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https")) {
      problems.add(
          problem(
              secretName,
              URL_KEY,
              (scheme.isEmpty() ? "has no scheme" : "uses " + scheme + "://")
                  + "; notifications go over https:// only (the body and its signature must not"
                  + " travel in clear), so give the receiver's https:// URL"));
      return null;
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      problems.add(
          problem(
              secretName,
              URL_KEY,
              "has no host; give one such as https://hooks.example.com/portolan"));
      return null;
    }
    if (url.getRawUserInfo() != null) {
      problems.add(
          problem(
              secretName,
              URL_KEY,
              "carries a user and password before the host, which are not sent; put the"
                  + " receiver's token in its path or query instead"));
      return null;
    }
    try {
      // Without the fragment, which is never sent.
      return new URI(
              scheme, null, url.getHost(), url.getPort(), url.getPath(), url.getQuery(), null)
          .normalize();
    } catch (URISyntaxException e) {
      problems.add(problem(secretName, URL_KEY, "is not a URL (" + e.getReason() + ")"));
      return null;
    }
  }

  private static List<X509Certificate> certificates(
      String secretName, byte[] pem, List<Problem> problems) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem))) {
        if (certificate instanceof X509Certificate x509) {
          certificates.add(x509);
        }
      }
    } catch (CertificateException e) {
      problems.add(
          problem(
              secretName,
              CA_BUNDLE_KEY,
              "is not PEM certificates ("
                  + e.getMessage()
                  + "); give the CA's certificate as -----BEGIN CERTIFICATE----- ... or remove the"
                  + " key to trust the system's CAs"));
      return List.of();
    }
    if (certificates.isEmpty()) {
      problems.add(
          problem(
              secretName,
              CA_BUNDLE_KEY,
              "holds no certificate; give the CA's certificate as -----BEGIN CERTIFICATE----- ..."
                  + " or remove the key to trust the system's CAs"));
    }
    return certificates;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static Problem problem(String secretName, String key, String detail) {
    return Problem.at(
        INVALID_SECRET, SECRET_FIELD, "Secret '" + secretName + "' key '" + key + "' " + detail);
  }

  private static Loaded failed(String detail) {
    return new Loaded(Optional.empty(), List.of(Problem.at(INVALID_SECRET, SECRET_FIELD, detail)));
  }
}
