package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default blueprints' discovery rules, applied to the objects a cluster has. */
class DiscoveryMapperTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private final DiscoveryRuleCompiler compiler = new DiscoveryRuleCompiler(new CelEngine());
  private final DiscoveryMapper mapper = new DiscoveryMapper("portolan-system");

  static Map<String, Blueprint> defaultBlueprints() throws IOException {
    String text = Files.readString(Path.of("../helm/portolan/files/default-blueprints.yaml"));
    Map<String, Blueprint> blueprints = new java.util.LinkedHashMap<>();
    for (String doc : text.split("(?m)^---\\s*$")) {
      Blueprint blueprint = YAML.unmarshal(doc, Blueprint.class);
      blueprint.getMetadata().setGeneration(1L);
      blueprints.put(blueprint.getMetadata().getName(), blueprint);
    }
    return blueprints;
  }

  private static GenericKubernetesResource object(String yaml) {
    GenericKubernetesResource object = YAML.unmarshal(yaml, GenericKubernetesResource.class);
    if (object.getMetadata().getUid() == null) {
      object.getMetadata().setUid("uid-" + object.getMetadata().getName());
    }
    return object;
  }

  private DiscoveryMapper.Mapping map(
      String blueprint, int rule, GenericKubernetesResource object, List<Object> workloads)
      throws IOException {
    DiscoveryRuleCompiler.Result compiled = compiler.compile(defaultBlueprints().get(blueprint));
    assertThat(compiled.problems()).isEmpty();
    return mapper.map(compiled.rules().get(rule), object, ns -> Map.of(), () -> workloads);
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payments
        namespace: team-payments
        labels: {app.kubernetes.io/name: payments-api, app.kubernetes.io/part-of: billing, team: payments}
      spec:
        replicas: 3
        selector: {matchLabels: {app: payments}}
        template:
          metadata: {labels: {app: payments, tier: backend}}
          spec:
            containers:
              - name: api
                image: registry.example.com/payments:1.4.2
                resources: {requests: {cpu: 100m}, limits: {memory: 256Mi}}
                livenessProbe: {httpGet: {path: /healthz, port: 8080}}
              - name: sidecar
                image: envoy:latest
      status: {readyReplicas: 2}
      """;

  @Test
  void aDeploymentBecomesAWorkloadEntityOwnedByIt() throws IOException {
    DiscoveryMapper.Mapping mapping = map("workload", 0, object(DEPLOYMENT), List.of());
    assertThat(mapping.problems()).isEmpty();
    Entity entity = mapping.entity();
    assertThat(entity.getMetadata().getName()).isEqualTo("deployment-payments");
    assertThat(entity.getMetadata().getNamespace()).isEqualTo("team-payments");
    assertThat(entity.getMetadata().getLabels()).containsEntry("portolan.dev/discovered", "true");
    assertThat(entity.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("Deployment");
              assertThat(owner.getUid()).isEqualTo("uid-payments");
            });
    assertThat(entity.getSpec().title).isEqualTo("payments-api");
    assertThat(entity.getSpec().owner).isEqualTo("payments");
    Map<String, JsonNode> p = entity.getSpec().properties;
    assertThat(p.get("kind").asText()).isEqualTo("Deployment");
    assertThat(p.get("replicas").asInt()).isEqualTo(3);
    assertThat(p.get("readyReplicas").asInt()).isEqualTo(2);
    assertThat(p.get("system").asText()).isEqualTo("billing");
    assertThat(p.get("images").toString())
        .isEqualTo("[\"registry.example.com/payments:1.4.2\",\"envoy:latest\"]");
    assertThat(p.get("containers").toString())
        .isEqualTo(
            "[{\"name\":\"api\",\"image\":\"registry.example.com/payments:1.4.2\","
                + "\"requests\":{\"cpu\":\"100m\"},\"limits\":{\"memory\":\"256Mi\"},\"livenessProbe\":true,\"readinessProbe\":false},"
                + "{\"name\":\"sidecar\",\"image\":\"envoy:latest\",\"requests\":{},\"limits\":{},\"livenessProbe\":false,"
                + "\"readinessProbe\":false}]");
    assertThat(entity.getSpec().relations.get("namespace").asText())
        .isEqualTo("namespace-team-payments");
  }

  @Test
  void annotationsRefineTheEntityOrExcludeIt() throws IOException {
    GenericKubernetesResource object = object(DEPLOYMENT);
    object
        .getMetadata()
        .setAnnotations(
            Map.of("portolan.dev/owner", "platform", "portolan.dev/title", "Payments API"));
    Entity entity = map("workload", 0, object, List.of()).entity();
    assertThat(entity.getSpec().owner).isEqualTo("platform");
    assertThat(entity.getSpec().title).isEqualTo("Payments API");

    object.getMetadata().setAnnotations(Map.of("portolan.dev/exclude", "true"));
    assertThat(map("workload", 0, object, List.of()).entity()).isNull();
  }

  @Test
  void aServiceRelatesToTheWorkloadsItsSelectorMatches() throws IOException {
    GenericKubernetesResource service =
        object(
            """
        apiVersion: v1
        kind: Service
        metadata: {name: payments, namespace: team-payments}
        spec:
          selector: {app: payments}
          ports: [{port: 80, protocol: TCP}, {port: 9090}]
        """);
    List<Object> workloads =
        List.of(
            Map.of(
                "entity",
                "deployment-payments",
                "kind",
                "Deployment",
                "name",
                "payments",
                "podLabels",
                Map.of("app", "payments", "tier", "backend")),
            Map.of(
                "entity",
                "deployment-ledger",
                "kind",
                "Deployment",
                "name",
                "ledger",
                "podLabels",
                Map.of("app", "ledger")));
    Entity entity = map("k8s-service", 0, service, workloads).entity();
    assertThat(entity.getMetadata().getName()).isEqualTo("service-payments");
    assertThat(entity.getSpec().relations.get("workloads").toString())
        .isEqualTo("[\"deployment-payments\"]");
    assertThat(entity.getSpec().properties.get("ports").toString())
        .isEqualTo("[\"80/TCP\",\"9090/TCP\"]");
    assertThat(entity.getSpec().properties.get("type").asText()).isEqualTo("ClusterIP");
  }

  @Test
  void aNamespaceEntityLivesInTheNamespaceItDescribes() throws IOException {
    Entity entity =
        map(
                "namespace",
                0,
                object(
                    """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-payments, labels: {team: payments}}
        status: {phase: Active}
        """),
                List.of())
            .entity();
    assertThat(entity.getMetadata().getNamespace()).isEqualTo("team-payments");
    assertThat(entity.getMetadata().getName()).isEqualTo("namespace-team-payments");
    assertThat(entity.getSpec().properties.get("phase").asText()).isEqualTo("Active");
    assertThat(
            map(
                    "namespace",
                    0,
                    object("apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n"),
                    List.of())
                .entity())
        .isNull();
  }

  @Test
  void aNameThatIsNotAValidEntityNameIsReportedWithTheRuleAndTheObject() {
    Blueprint blueprint =
        YAML.unmarshal(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: thing}
        spec:
          title: Thing
          properties: {replicas: {type: integer}}
          discovery:
            - resource: {apiVersion: apps/v1, kind: Deployment}
              name: "'Deployment_' + object.metadata.name"
            - resource: {apiVersion: apps/v1, kind: Deployment}
              name: "object.metadata.name"
              properties: {replicas: "object.spec.replicaCount"}
        """,
            Blueprint.class);
    var compiled = compiler.compile(blueprint);
    var bad = mapper.map(compiled.rules().get(0), object(DEPLOYMENT), ns -> Map.of(), List::of);
    assertThat(bad.entity()).isNull();
    assertThat(bad.problems())
        .extracting(Problem::message)
        .containsExactly(
            "spec.discovery[0].name: for Deployment team-payments/payments: gave 'Deployment_payments', which is not a valid"
                + " entity name (lower case letters, digits, '-' and '.', at most 253 characters)");
    var partial = mapper.map(compiled.rules().get(1), object(DEPLOYMENT), ns -> Map.of(), List::of);
    assertThat(partial.entity()).isNotNull();
    assertThat(partial.entity().getSpec().properties).doesNotContainKey("replicas");
    assertThat(partial.problems())
        .extracting(Problem::message)
        .singleElement()
        .asString()
        .startsWith(
            "spec.discovery[1].properties.replicas: for Deployment team-payments/payments: ")
        .contains("replicaCount");
  }

  @Test
  void rulesThatDoNotCompileAreReportedAndTheOthersKept() {
    Blueprint blueprint =
        YAML.unmarshal(
            """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: thing}
        spec:
          title: Thing
          discovery:
            - resource: {apiVersion: apps/v1, kind: Deployment}
              name: "object.metadata.name +"
            - resource: {apiVersion: v1, kind: Service}
              name: "object.metadata.name"
              properties: {colour: "'red'"}
            - resource: {apiVersion: v1, kind: ConfigMap}
              name: "object.metadata.name"
              when: "'yes'"
            - resource: {apiVersion: v1, kind: Secret}
              name: "'secret-' + object.metadata.name"
        """,
            Blueprint.class);
    var compiled = compiler.compile(blueprint);
    assertThat(compiled.rules()).extracting(r -> r.source().kind()).containsExactly("Secret");
    assertThat(compiled.problems())
        .extracting(Problem::message)
        .satisfiesExactly(
            m -> assertThat(m).startsWith("spec.discovery[0].name: line 1, column "),
            m ->
                assertThat(m)
                    .isEqualTo(
                        "spec.discovery[1].properties.colour: the blueprint declares no property 'colour';"
                            + " declare it under spec.properties or remove the mapping"),
            m ->
                assertThat(m)
                    .isEqualTo("spec.discovery[2].when: returns string but must return boolean"));
  }

  @Test
  void theDefaultBlueprintsCompile() throws IOException {
    for (Blueprint blueprint : defaultBlueprints().values()) {
      assertThat(compiler.compile(blueprint).problems())
          .as(blueprint.getMetadata().getName())
          .isEmpty();
    }
  }
}
