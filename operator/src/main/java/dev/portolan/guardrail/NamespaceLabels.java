package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The labels of a namespace, for discovery rules with a namespace selector, read from the API
 * server and kept for a short while so admission does not ask once per request. Empty when the
 * namespace cannot be read.
 */
public final class NamespaceLabels implements Function<String, Map<String, String>> {
  private static final int MAX_CACHED = 10_000;

  private record Cached(Map<String, String> labels, Instant expires) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public NamespaceLabels(KubernetesClient client, Clock clock, Duration ttl) {
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Map<String, String> apply(String namespace) {
    if (namespace == null) {
      return Map.of();
    }
    Instant now = clock.instant();
    Cached cached = cache.get(namespace);
    if (cached != null && cached.expires().isAfter(now)) {
      return cached.labels();
    }
    Map<String, String> labels;
    try {
      Namespace found = client.namespaces().withName(namespace).get();
      labels =
          found == null || found.getMetadata().getLabels() == null
              ? Map.of()
              : Map.copyOf(found.getMetadata().getLabels());
    } catch (RuntimeException e) {
      labels = Map.of();
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(namespace, new Cached(labels, now.plus(ttl)));
    return labels;
  }
}
