package dev.portolan.scorecard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.catalog.BlueprintCompiler;
import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.cel.CelEngine;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example scorecards compile, and the one over discovered workloads grades entities shaped the
 * way discovery will write them (the `workload` blueprint is declared here as discovery will ship
 * it, until it does).
 */
class ExampleScorecardsTest {
  private final CelEngine cel = new CelEngine();
  private final ScorecardCompiler compiler = new ScorecardCompiler(cel);

  private static Scorecard load(String file) throws IOException {
    Scorecard scorecard =
        Serialization.unmarshal(Files.readString(Path.of("../examples", file)), Scorecard.class);
    scorecard.getMetadata().setGeneration(1L);
    return scorecard;
  }

  @Test
  void theExampleScorecardsCompile() throws IOException {
    assertThat(compiler.compile(load("40-scorecards.yaml")).problems()).isEmpty();
    assertThat(compiler.compile(load("70-workload-scorecard.yaml")).problems()).isEmpty();
  }

  private static final String CONTAINER_OK =
      "{name: app, image: 'registry.example.com:5000/shop/cart:1.4.2',"
          + " requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}, livenessProbe: true, readinessProbe: true}";

  private ScorecardResult gradeWorkload(String properties) throws IOException {
    Fixtures.Catalog catalog =
        new Fixtures.Catalog()
            .add(
                Fixtures.blueprint(
                    """
            metadata: {name: workload}
            spec:
              title: Workload
              properties:
                kind: {type: string}
                namespace: {type: string}
                images: {type: array, items: {type: string}}
                replicas: {type: integer}
                readyReplicas: {type: integer}
                containers: {type: array, items: {type: object}}
            """))
            .add(load("70-workload-scorecard.yaml"));
    Entity entity =
        Fixtures.entity(
            "metadata: {name: deployment-cart, namespace: shop}\n"
                + "spec: {blueprint: workload, owner: checkout, properties: "
                + properties
                + "}");
    EntityEvaluator.Evaluation evaluation =
        new EntityEvaluator(catalog, new BlueprintCompiler(cel)).evaluate(entity);
    assertThat(evaluation.problems()).isEmpty();
    return new ScorecardGrader(catalog, compiler, SourceObjects.none())
        .grade(entity, evaluation)
        .get("workload-readiness");
  }

  private static String workload(int replicas, List<String> images, String... containers) {
    return "{kind: Deployment, namespace: shop, replicas: "
        + replicas
        + ", readyReplicas: "
        + replicas
        + ", images: ["
        + String.join(", ", images.stream().map(i -> "'" + i + "'").toList())
        + "]"
        + ", containers: ["
        + String.join(", ", containers)
        + "]}";
  }

  private static List<String> failed(ScorecardResult result) {
    return result.rules.stream().filter(r -> !r.passed).map(r -> r.name).toList();
  }

  @Test
  void aWellRunWorkloadIsGold() throws IOException {
    ScorecardResult result =
        gradeWorkload(
            workload(
                3,
                List.of(
                    "registry.example.com:5000/shop/cart:1.4.2",
                    "ghcr.io/acme/sidecar@sha256:0123abcd"),
                CONTAINER_OK));
    assertThat(failed(result)).isEmpty();
    assertThat(result.level).isEqualTo("Gold");
  }

  @Test
  void latestOrUntaggedImagesAreBelowBronze() throws IOException {
    assertThat(failed(gradeWorkload(workload(3, List.of("nginx:latest"), CONTAINER_OK))))
        .containsExactly("pinned-images");
    ScorecardResult untagged =
        gradeWorkload(workload(3, List.of("registry.example.com:5000/shop/cart"), CONTAINER_OK));
    assertThat(failed(untagged)).containsExactly("pinned-images");
    assertThat(untagged.level).isEqualTo("None");
  }

  @Test
  void aContainerWithoutLimitsOrProbesStaysAtBronze() throws IOException {
    String noLimits =
        "{name: app, image: 'cart:1.0', requests: {cpu: 100m}, limits: {}, livenessProbe: true, readinessProbe: true}";
    ScorecardResult result =
        gradeWorkload(workload(3, List.of("cart:1.0"), CONTAINER_OK, noLimits));
    assertThat(failed(result)).containsExactly("requests-and-limits");
    assertThat(result.level).isEqualTo("Bronze");
    String noProbe =
        "{name: app, image: 'cart:1.0', requests: {cpu: 1}, limits: {cpu: 1}, livenessProbe: true, readinessProbe: false}";
    assertThat(failed(gradeWorkload(workload(3, List.of("cart:1.0"), noProbe))))
        .containsExactly("probes");
  }

  @Test
  void oneReplicaIsSilver() throws IOException {
    ScorecardResult result = gradeWorkload(workload(1, List.of("cart:1.0"), CONTAINER_OK));
    assertThat(failed(result)).containsExactly("highly-available");
    assertThat(result.level).isEqualTo("Silver");
  }
}
