package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.cel.CelEngine;
import dev.portolan.model.Blueprint;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryRuleSetTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private final DiscoveryRuleCompiler compiler = new DiscoveryRuleCompiler(new CelEngine());

  private static Blueprint blueprint(String yaml) {
    return YAML.unmarshal(yaml, Blueprint.class);
  }

  @Test
  void theDefaultBlueprintsWatchTheirKindsAndDeclareEveryRule() throws IOException {
    DiscoveryRuleSet rules =
        DiscoveryRuleSet.compile(DiscoveryMapperTest.defaultBlueprints().values(), compiler);

    assertThat(rules.watchedKinds())
        .extracting(SourceKind::kind)
        .containsExactlyInAnyOrder(
            "Namespace", "Deployment", "StatefulSet", "DaemonSet", "CronJob", "Service");
    assertThat(rules.declared()).contains("workload[0]", "workload[3]", "k8s-service[0]");
    assertThat(rules.kindsOf("workload"))
        .containsExactly("Deployment", "StatefulSet", "DaemonSet", "CronJob");
    assertThat(rules.rules(new SourceKind("v1", "Service")))
        .singleElement()
        .satisfies(r -> assertThat(r.usesWorkloads()).isTrue());
    assertThat(rules.rules(new SourceKind("v1", "Secret"))).isEmpty();
  }

  @Test
  void aRuleThatDoesNotCompileIsDeclaredButNotWatchedAndANamespaceSelectorWatchesNamespaces() {
    List<Blueprint> blueprints = new ArrayList<>();
    blueprints.add(
        blueprint(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Blueprint
            metadata: {name: database, generation: 1}
            spec:
              title: Database
              discovery:
                - resource: {apiVersion: db.example.com/v1, kind: PostgresCluster}
                  name: "'pg-' + "
                - resource: {apiVersion: v1, kind: ConfigMap}
                  namespaceSelector: {matchLabels: {team: a}}
                  name: "'cm-' + object.metadata.name"
            """));
    blueprints.add(
        blueprint(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Blueprint
            metadata: {name: plain, generation: 1}
            spec: {title: Plain}
            """));

    DiscoveryRuleSet rules = DiscoveryRuleSet.compile(blueprints, compiler);

    assertThat(rules.declared()).containsExactlyInAnyOrder("database[0]", "database[1]");
    assertThat(rules.results()).containsOnlyKeys("database");
    assertThat(rules.results().get("database").problems()).hasSize(1);
    assertThat(rules.watchedKinds())
        .extracting(SourceKind::kind)
        .containsExactlyInAnyOrder("ConfigMap", "Namespace");
    assertThat(DiscoveryRuleSet.hasRules(blueprints.get(1))).isFalse();
  }
}
