package dev.portolan.e2e;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A notification receiver in the test JVM: HTTPS on 127.0.0.1 with the certificate it is given,
 * recording every request (method, path, headers, the exact body bytes) and answering each path
 * with the status it is told (200 unless told otherwise).
 */
final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived: header names lower-case, the body as the bytes received. */
  record Received(
      java.time.Instant at,
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpsServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> answers = new java.util.concurrent.ConcurrentHashMap<>();

  WebhookReceiver(SSLContext tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          Map<String, List<String>> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      headers.put(name.toLowerCase(java.util.Locale.ROOT), List.copyOf(values)));
          String path = exchange.getRequestURI().getRawPath();
          received.add(
              new Received(
                  java.time.Instant.now(), exchange.getRequestMethod(), path, headers, body));
          int status = answers.getOrDefault(path, 200);
          byte[] answer =
              (status < 300 ? "{\"ok\":true}" : "{\"error\":\"the receiver is down\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  /** The https:// URL of a path on this receiver. */
  String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** The receiver as the operator's messages name it: scheme, host and port. */
  String displayName() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** From now on, requests to {@code path} are answered with {@code status}. */
  void answer(String path, int status) {
    answers.put(path, status);
  }

  /** The requests received on {@code path}, in order. */
  List<Received> on(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
