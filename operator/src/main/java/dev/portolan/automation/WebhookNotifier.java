package dev.portolan.automation;

import dev.portolan.kit.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a notification to a {@link WebhookTarget} with the JDK's HTTP client: the body written once
 * ({@link NotificationBodies}) and signed ({@link WebhookSignature}); no redirects followed; TLS
 * verified (host name included) against the system's trust store, or only the Secret's {@code
 * caBundle} when it has one; a connect and an answer timeout (5 s each by default). A 5xx, a 429 or
 * no answer is retried at most {@code maxRetries} times, waiting 1 s, 2 s, 4 s … (at most 10 s,
 * longer when the receiver's {@code Retry-After} asks, up to that cap); a 3xx, another 4xx or an
 * untrusted certificate fails at once.
 *
 * <p>{@link #deliver} blocks for the attempts and never throws for the receiver's failure: it
 * answers a {@link DeliveryResult} whose message has the receiver's status and at most {@value
 * #EXCERPT_LENGTH} characters of its answer. Nothing logged or answered holds the URL's path or
 * query, or the key.
 */
public final class WebhookNotifier {
  static final int EXCERPT_LENGTH = 200;
  private static final int BODY_READ_LIMIT = 4096;
  private static final int CLIENTS_KEPT = 16;
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);

  /** Timeouts and retries. */
  public record Settings(
      Duration connectTimeout,
      Duration answerTimeout,
      int maxRetries,
      Duration firstBackoff,
      Duration maxBackoff) {
    public static final Settings DEFAULTS =
        new Settings(
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10));
  }

  /** Waits between attempts; the tests' does not. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final Clock clock;
  private final Settings settings;
  private final Sleeper sleeper;
  private final HttpClient systemTrust;
  private final Map<String, HttpClient> privateTrust =
      new LinkedHashMap<>(CLIENTS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
          return size() > CLIENTS_KEPT;
        }
      };

  public WebhookNotifier(Clock clock) {
    this(clock, Settings.DEFAULTS, duration -> Thread.sleep(duration.toMillis()));
  }

  WebhookNotifier(Clock clock, Settings settings, Sleeper sleeper) {
    this.clock = clock;
    this.settings = settings;
    this.sleeper = sleeper;
    this.systemTrust = client(systemContext());
  }

  /** Sends one notification, retrying as the class says; blocks until it is done. */
  public DeliveryResult deliver(
      WebhookTarget target, Notification notification, NotificationFormat format) {
    byte[] body = NotificationBodies.write(format, notification);
    Optional<String> signature = target.hmacKey().map(key -> WebhookSignature.sign(key, body));
    HttpClient client;
    try {
      client = clientFor(target);
    } catch (GeneralSecurityException e) {
      return DeliveryResult.failed(
          DeliveryResult.TLS_FAILED,
          "the Secret's caBundle cannot be used as a trust store: " + e.getMessage(),
          0,
          0);
    }
    int attempts = 0;
    Duration backoff = settings.firstBackoff();
    while (true) {
      attempts++;
      HttpRequest request;
      try {
        request = request(target, notification, body, signature);
      } catch (IllegalArgumentException e) {
        return DeliveryResult.failed(
            DeliveryResult.INVALID_REQUEST,
            "the request to " + target.displayName() + " could not be built: " + e.getMessage(),
            attempts - 1,
            0);
      }
      Attempt attempt = send(client, target, request);
      if (attempt.status() >= 200 && attempt.status() < 300) {
        return DeliveryResult.delivered(
            target.displayName() + " answered " + attempt.status(), attempts, attempt.status());
      }
      if (!attempt.retryable()) {
        return DeliveryResult.failed(
            attempt.reason(), attempt.message(), attempts, attempt.status());
      }
      if (attempts > settings.maxRetries()) {
        String reason =
            attempt.status() == 0 ? DeliveryResult.UNREACHABLE : DeliveryResult.RECEIVER_FAILED;
        return DeliveryResult.failed(
            reason, attempt.message() + " (" + attempts + " attempts)", attempts, attempt.status());
      }
      Duration planned = backoff;
      Duration wait =
          min(
              attempt.retryAfter().map(asked -> max(asked, planned)).orElse(planned),
              settings.maxBackoff());
      LOG.debug(
          "Notification {} to {}: {}; attempt {} of {} in {} ms",
          notification.occurrence(),
          target.displayName(),
          attempt.message(),
          attempts + 1,
          settings.maxRetries() + 1,
          wait.toMillis());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return DeliveryResult.failed(
            DeliveryResult.INTERRUPTED,
            "interrupted before retrying: " + attempt.message(),
            attempts,
            attempt.status());
      }
      backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
    }
  }

  private HttpRequest request(
      WebhookTarget target, Notification notification, byte[] body, Optional<String> signature) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url())
            .timeout(settings.answerTimeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Portolan-Automation")
            .header(WebhookSignature.DELIVERY_HEADER, notification.occurrence())
            .header(WebhookSignature.TIMESTAMP_HEADER, Timestamps.now(clock))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signature.ifPresent(value -> request.header(WebhookSignature.SIGNATURE_HEADER, value));
    return request.build();
  }

  /** One request's outcome: the status (0 without an answer) and whether to try again. */
  private record Attempt(
      int status,
      boolean retryable,
      String reason,
      String message,
      Optional<Duration> retryAfter) {}

  private Attempt send(HttpClient client, WebhookTarget target, HttpRequest request) {
    CompletableFuture<HttpResponse<String>> answer =
        client.sendAsync(request, info -> new Excerpt(BODY_READ_LIMIT));
    long deadline =
        settings.connectTimeout().plus(settings.answerTimeout()).plusSeconds(2).toMillis();
    String receiver = target.displayName();
    try {
      HttpResponse<String> response = answer.get(deadline, TimeUnit.MILLISECONDS);
      int status = response.statusCode();
      String said = excerpt(target.redact(response.body()));
      String message = receiver + " answered " + status + (said.isEmpty() ? "" : ": " + said);
      if (status >= 200 && status < 300) {
        return new Attempt(status, false, DeliveryResult.DELIVERED, message, Optional.empty());
      }
      if (status == 429 || status >= 500) {
        return new Attempt(
            status, true, DeliveryResult.RECEIVER_FAILED, message, retryAfter(response));
      }
      if (status >= 300 && status < 400) {
        return new Attempt(
            status,
            false,
            DeliveryResult.REDIRECTED,
            message + "; redirects are not followed, put the final URL in the Secret's url",
            Optional.empty());
      }
      return new Attempt(status, false, DeliveryResult.REFUSED, message, Optional.empty());
    } catch (TimeoutException e) {
      answer.cancel(true);
      return unreachable(receiver + " did not answer within " + deadline / 1000 + " s");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      return new Attempt(
          0,
          false,
          DeliveryResult.INTERRUPTED,
          "interrupted while sending to " + receiver,
          Optional.empty());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      Optional<SSLHandshakeException> tls = find(cause, SSLHandshakeException.class);
      if (tls.isPresent()) {
        return new Attempt(
            0,
            false,
            DeliveryResult.TLS_FAILED,
            "TLS with "
                + receiver
                + " failed: "
                + target.redact(innermost(tls.get()))
                + "; its certificate must be signed by "
                + (target.caBundle().isEmpty()
                    ? "a CA the system trusts, or give the CA in the Secret's caBundle"
                    : "a CA in the Secret's caBundle")
                + " and name the host",
            Optional.empty());
      }
      if (find(cause, HttpTimeoutException.class).isPresent()) {
        return unreachable(receiver + " timed out (" + describe(target, cause) + ")");
      }
      if (find(cause, ConnectException.class).isPresent()) {
        return unreachable(receiver + " refused the connection (" + describe(target, cause) + ")");
      }
      if (cause instanceof IOException) {
        return unreachable(receiver + " could not be reached (" + describe(target, cause) + ")");
      }
      return new Attempt(
          0,
          false,
          DeliveryResult.INVALID_REQUEST,
          "sending to " + receiver + " failed: " + describe(target, cause),
          Optional.empty());
    }
  }

  private static Attempt unreachable(String message) {
    return new Attempt(0, true, DeliveryResult.UNREACHABLE, message, Optional.empty());
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                long seconds = Long.parseLong(value.trim());
                return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
              } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: the usual backoff
              }
            });
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The receiver's answer as one short line: control characters as spaces, at most 200 chars. */
  static String excerpt(String body) {
    if (body == null) {
      return "";
    }
    String line = body.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    if (line.length() <= EXCERPT_LENGTH) {
      return line;
    }
    int end = EXCERPT_LENGTH;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "…";
  }

  private static String describe(WebhookTarget target, Throwable failure) {
    return target.redact(innermost(failure));
  }

  private static String innermost(Throwable failure) {
    Throwable deepest = failure;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
  }

  private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  private HttpClient clientFor(WebhookTarget target) throws GeneralSecurityException {
    Optional<String> bundle = target.caBundleId();
    if (bundle.isEmpty()) {
      return systemTrust;
    }
    synchronized (privateTrust) {
      HttpClient client = privateTrust.get(bundle.get());
      if (client == null) {
        client = client(trusting(target.caBundle()));
        privateTrust.put(bundle.get(), client);
      }
      return client;
    }
  }

  private HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(settings.connectTimeout())
        .sslContext(tls)
        .build();
  }

  private static SSLContext systemContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no default TLS context", e);
    }
  }

  private static SSLContext trusting(List<X509Certificate> certificates)
      throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** Keeps the first bytes of an answer and stops reading there. */
  private static final class Excerpt implements HttpResponse.BodySubscriber<String> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    Excerpt(int limit) {
      this.limit = limit;
    }

    @Override
    public CompletionStage<String> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer item : items) {
        int take = Math.min(item.remaining(), limit - bytes.size());
        byte[] chunk = new byte[take];
        item.get(chunk);
        bytes.write(chunk, 0, take);
      }
      if (bytes.size() >= limit) {
        subscription.cancel();
        finish();
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable failure) {
      finish(); // the status is what counts; keep what was read
    }

    @Override
    public void onComplete() {
      finish();
    }

    private void finish() {
      body.complete(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
  }
}
