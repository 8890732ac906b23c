package dev.portolan.e2e;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The API server's own count of the writes it served ({@code apiserver_request_total} of POST, PUT,
 * PATCH and DELETE), per resource and verb: what a workload cost the API server, read from its
 * {@code /metrics} before and after.
 */
record ApiServerWrites(Map<String, Double> byResource) {
  private static final Pattern REQUESTS =
      Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)\\}\\s+([0-9.e+]+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  static ApiServerWrites read(Kubectl kubectl) {
    Kubectl.Result metrics = kubectl.run("get", "--raw", "/metrics");
    if (!metrics.ok()) {
      throw new IllegalStateException("the API server's /metrics: " + metrics.err().trim());
    }
    Map<String, Double> counts = new TreeMap<>();
    Matcher line = REQUESTS.matcher(metrics.out());
    while (line.find()) {
      Map<String, String> labels = new TreeMap<>();
      Matcher label = LABEL.matcher(line.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      String verb = labels.getOrDefault("verb", "");
      if (!verb.matches("POST|PUT|PATCH|DELETE") || !labels.getOrDefault("dry_run", "").isEmpty()) {
        continue;
      }
      String subresource = labels.getOrDefault("subresource", "");
      String key =
          verb
              + " "
              + labels.getOrDefault("resource", "?")
              + (subresource.isEmpty() ? "" : "/" + subresource);
      counts.merge(key, Double.parseDouble(line.group(2)), Double::sum);
    }
    return new ApiServerWrites(counts);
  }

  /** The writes from {@code before} to this. */
  ApiServerWrites since(ApiServerWrites before) {
    Map<String, Double> delta = new TreeMap<>();
    byResource.forEach(
        (key, count) -> {
          double d = count - before.byResource.getOrDefault(key, 0.0);
          if (d > 0) {
            delta.put(key, d);
          }
        });
    return new ApiServerWrites(delta);
  }

  double total() {
    return byResource.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Each resource and verb with its count per {@code unit}, the largest first. */
  String per(double unit) {
    return byResource.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .filter(e -> e.getValue() / unit >= 0.05)
        .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / unit))
        .collect(Collectors.joining(", "));
  }
}
