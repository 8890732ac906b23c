package dev.portolan.cli;

import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Blueprints and Scorecards from a cluster, with one list each (no informers, no watch),
 * and a namespace's labels when a discovery rule selects on them (an empty map when they cannot be
 * read). A cluster that cannot be reached, or that serves no Portolan definitions, is an error
 * naming the fix.
 */
final class ClusterDefinitions {
  private ClusterDefinitions() {}

  /** From the cluster of the user's kubeconfig, with short timeouts and no retries. */
  static Definitions read() throws UsageException {
    if (!configured()) {
      throw new UsageException(
          "no cluster is configured to read the Blueprints and Scorecards from (no $KUBECONFIG,"
              + " ~/.kube/config or service account): pass --blueprints PATH to grade with"
              + " definitions from files, or set KUBECONFIG");
    }
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withConnectionTimeout(5_000)
            .withRequestTimeout(15_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      return read(client);
    }
  }

  static Definitions read(KubernetesClient client) throws UsageException {
    String where = client.getMasterUrl() == null ? "the cluster" : client.getMasterUrl().toString();
    try {
      var blueprints = client.resources(Blueprint.class).list().getItems();
      var scorecards = client.resources(Scorecard.class).list().getItems();
      Map<String, Map<String, String>> labels = new ConcurrentHashMap<>();
      boolean selects =
          blueprints.stream()
              .anyMatch(
                  b ->
                      b.getSpec() != null
                          && b.getSpec().discovery != null
                          && b.getSpec().discovery.stream()
                              .anyMatch(r -> r != null && r.namespaceSelector != null));
      for (Namespace namespace : selects ? namespaces(client) : java.util.List.<Namespace>of()) {
        labels.put(
            namespace.getMetadata().getName(),
            namespace.getMetadata().getLabels() == null
                ? Map.of()
                : namespace.getMetadata().getLabels());
      }
      return new Definitions(
          blueprints, scorecards, namespace -> labels.getOrDefault(namespace, Map.of()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new UsageException(
            where
                + " serves no portolan.dev Blueprints or Scorecards (404): install Portolan's CRDs,"
                + " or pass --blueprints PATH to grade with definitions from files");
      }
      if (e.getCode() == 401 || e.getCode() == 403) {
        throw new UsageException(
            where
                + " refused to list Blueprints and Scorecards ("
                + e.getCode()
                + "): the kubeconfig's user needs list on blueprints and scorecards.portolan.dev,"
                + " or pass --blueprints PATH");
      }
      throw new UsageException(
          "cannot read the Blueprints and Scorecards from "
              + where
              + " ("
              + rootMessage(e)
              + "); check KUBECONFIG and that the cluster is up, or pass --blueprints PATH to"
              + " grade with definitions from files");
    }
  }

  /** Whether a kubeconfig or an in-cluster service account is there to read. */
  private static boolean configured() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig != null) {
      for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
        if (!file.isBlank() && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))) {
          return true;
        }
      }
    }
    return java.nio.file.Files.isRegularFile(
            java.nio.file.Path.of(System.getProperty("user.home"), ".kube", "config"))
        || (System.getenv("KUBERNETES_SERVICE_HOST") != null
            && java.nio.file.Files.isRegularFile(
                java.nio.file.Path.of(Config.KUBERNETES_SERVICE_ACCOUNT_TOKEN_PATH)));
  }

  /** The namespaces, or none when the user may not list them. */
  private static java.util.List<Namespace> namespaces(KubernetesClient client) {
    try {
      return client.namespaces().list().getItems();
    } catch (KubernetesClientException e) {
      return java.util.List.of();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
