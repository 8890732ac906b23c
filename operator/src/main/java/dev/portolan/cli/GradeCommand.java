package dev.portolan.cli;

import dev.portolan.cel.CelEngine;
import dev.portolan.guardrail.GradingDefinitions;
import dev.portolan.guardrail.WorkloadGrader;
import dev.portolan.guardrail.WorkloadVerdict;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code portolan grade}: reads manifests, maps each object through the blueprints' discovery rules
 * and grades the entity it would become on the scorecards ({@link WorkloadGrader}), then prints the
 * levels and failing rules ({@link GradeReport}). The definitions come from the {@code
 * --blueprints} files, or else from the cluster of the user's kubeconfig ({@link
 * ClusterDefinitions}). Starts no operator, no informer and no server.
 */
public final class GradeCommand {
  /** Kinds that have no namespace; any other object without one is graded in {@code default}. */
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "Node",
          "PersistentVolume",
          "ClusterRole",
          "ClusterRoleBinding",
          "CustomResourceDefinition",
          "StorageClass",
          "PriorityClass",
          "IngressClass",
          "RuntimeClass",
          "APIService",
          "MutatingWebhookConfiguration",
          "ValidatingWebhookConfiguration",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "CSIDriver",
          "CSINode",
          "VolumeAttachment",
          "Blueprint",
          "Scorecard",
          "ActionDefinition");

  /** Where the definitions come from when no {@code --blueprints} is given. */
  @FunctionalInterface
  interface ClusterSource {
    Definitions read() throws UsageException;
  }

  private final InputStream stdin;
  private final PrintStream out;
  private final PrintStream err;
  private final ClusterSource cluster;

  GradeCommand(InputStream stdin, PrintStream out, PrintStream err, ClusterSource cluster) {
    this.stdin = stdin;
    this.out = out;
    this.err = err;
    this.cluster = cluster;
  }

  /** The jar's {@code grade}: the exit status for these arguments (those after {@code grade}). */
  public static int main(String[] args) {
    CommandLogging.toStandardError();
    return new GradeCommand(System.in, System.out, System.err, ClusterDefinitions::read).run(args);
  }

  int run(String[] args) {
    try {
      GradeOptions options = GradeOptions.parse(args);
      if (options.help()) {
        out.print(GradeOptions.USAGE);
        return 0;
      }
      GradeResult result = grade(options);
      GradeReport.named(options.output()).write(result, out);
      out.flush();
      return result.status();
    } catch (UsageException e) {
      err.println("portolan grade: " + e.getMessage());
      return 2;
    }
  }

  private GradeResult grade(GradeOptions options) throws UsageException {
    ManifestReader reader = new ManifestReader(stdin);
    List<Manifest> manifests = new ArrayList<>();
    for (String path : options.manifests()) {
      manifests.addAll(reader.read(path));
    }
    Definitions definitions;
    if (options.definitions().isEmpty()) {
      definitions = cluster.read();
    } else {
      List<Manifest> documents = new ArrayList<>();
      for (String path : options.definitions()) {
        documents.addAll(reader.read(path));
      }
      definitions = Definitions.of(documents).withNamespaceLabels(namespaceLabels(manifests));
      if (definitions.scorecards().isEmpty()) {
        throw new UsageException(
            "no Scorecard in --blueprints "
                + String.join(" ", options.definitions())
                + "; name the files or directories that hold your Blueprints and Scorecards");
      }
    }
    checkMinLevel(options.minLevel(), definitions);

    WorkloadGrader grader = new WorkloadGrader(new CelEngine(), clusterScopedNamespace());
    GradingDefinitions compiled =
        grader.definitions(definitions.blueprints(), definitions.scorecards());
    compiled
        .discoveryProblems()
        .forEach(
            (blueprint, problems) ->
                problems.forEach(
                    p ->
                        err.println(
                            "portolan grade: warning: blueprint "
                                + blueprint
                                + ": "
                                + p.message()
                                + " (the rule maps nothing, as in the cluster)")));
    List<GradedObject> objects = new ArrayList<>();
    for (Manifest manifest : manifests) {
      GenericKubernetesResource object = object(manifest);
      List<WorkloadVerdict> verdicts =
          grader.grade(compiled, object, definitions.namespaceLabels());
      objects.add(new GradedObject(manifest, object.getMetadata().getNamespace(), verdicts));
    }
    return new GradeResult(objects, options.minLevel());
  }

  private static void checkMinLevel(String minLevel, Definitions definitions)
      throws UsageException {
    if (minLevel == null) {
      return;
    }
    Set<String> levels = new LinkedHashSet<>();
    definitions
        .scorecards()
        .forEach(s -> levels.addAll(s.getSpec() == null ? List.of() : s.getSpec().levels));
    if (!levels.contains(minLevel)) {
      throw new UsageException(
          "--min-level "
              + minLevel
              + " is not a level of any scorecard; use one of: "
              + (levels.isEmpty() ? "(no levels)" : String.join(", ", levels)));
    }
  }

  /** The object, in namespace {@code default} when it names none and its kind is namespaced. */
  private static GenericKubernetesResource object(Manifest manifest) throws UsageException {
    GenericKubernetesResource object;
    try {
      object =
          Serialization.jsonMapper()
              .convertValue(manifest.document(), GenericKubernetesResource.class);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          manifest.where()
              + ": not a Kubernetes object: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    String namespace = object.getMetadata().getNamespace();
    if ((namespace == null || namespace.isBlank()) && !CLUSTER_SCOPED.contains(object.getKind())) {
      object.getMetadata().setNamespace("default");
    }
    return object;
  }

  /** The labels of the Namespaces among the manifests, for discovery rules' namespace selectors. */
  private static java.util.function.Function<String, Map<String, String>> namespaceLabels(
      List<Manifest> manifests) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    for (Manifest manifest : manifests) {
      if ("Namespace".equals(manifest.kind()) && "v1".equals(manifest.apiVersion())) {
        Map<String, String> these = new HashMap<>();
        manifest
            .document()
            .path("metadata")
            .path("labels")
            .fields()
            .forEachRemaining(e -> these.put(e.getKey(), e.getValue().asText()));
        labels.put(manifest.document().path("metadata").path("name").asText(), these);
      }
    }
    return namespace -> labels.getOrDefault(namespace, Map.of());
  }

  /** Where discovery puts the entities of cluster-scoped objects: the operator's namespace. */
  private static String clusterScopedNamespace() {
    String namespace = System.getenv("POD_NAMESPACE");
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }
}
