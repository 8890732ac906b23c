package dev.portolan.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelEngine;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner over the default blueprints' rules, with the catalog and workloads as maps. */
class DiscoveryPlannerTest {
  private static final KubernetesSerialization YAML = new KubernetesSerialization();
  private static final SourceKind DEPLOYMENTS = new SourceKind("apps/v1", "Deployment");
  private static final SourceKind SERVICES = new SourceKind("v1", "Service");
  private static final SourceKey PAYMENTS = new SourceKey(DEPLOYMENTS, "team-a", "payments");
  private static final EntityRef PAYMENTS_ENTITY = new EntityRef("team-a", "deployment-payments");

  private final DiscoveryRuleCompiler compiler = new DiscoveryRuleCompiler(new CelEngine());
  private final DiscoveryPlanner planner = new DiscoveryPlanner(new DiscoveryMapper("portolan"));
  private final Map<EntityRef, Entity> catalog = new HashMap<>();
  private final Map<String, SourceKey> knownSources = new HashMap<>();
  private List<Object> workloads = List.of();

  private final DiscoveryPlanner.Lookups lookups =
      new DiscoveryPlanner.Lookups(
          namespace -> Map.of(),
          namespace -> workloads,
          ref -> Optional.ofNullable(catalog.get(ref)),
          uid -> Optional.ofNullable(knownSources.get(uid)));

  private static GenericKubernetesResource deployment(int replicas, String annotations) {
    return YAML.unmarshal(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: payments
          namespace: team-a
          uid: uid-payments
          labels: {team: payments}
          annotations: {%s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: payments}}
          template:
            metadata: {labels: {app: payments}}
            spec:
              containers: [{name: main, image: "example/payments:1.0"}]
        """
            .formatted(annotations, replicas),
        GenericKubernetesResource.class);
  }

  private List<CompiledDiscoveryRule> rules(String blueprint, SourceKind kind) throws IOException {
    return compiler.compile(DiscoveryMapperTest.defaultBlueprints().get(blueprint)).rules().stream()
        .filter(r -> r.source().equals(kind))
        .toList();
  }

  private DiscoveryPlan planPayments(GenericKubernetesResource object, List<Entity> existing)
      throws IOException {
    return planner.plan(PAYMENTS, object, rules("workload", DEPLOYMENTS), existing, lookups);
  }

  /** The entity discovery made of the payments Deployment with this many replicas. */
  private Entity discovered(int replicas) throws IOException {
    DiscoveryPlan plan = planPayments(deployment(replicas, ""), List.of());
    Entity entity = plan.creates().get(0);
    entity.getMetadata().setResourceVersion("7");
    return entity;
  }

  @Test
  void aNewObjectsEntityIsCreatedAndItsRuleReportsNoProblem() throws IOException {
    DiscoveryPlan plan = planPayments(deployment(2, ""), List.of());

    assertThat(plan.creates()).extracting(DiscoveryPlan::ref).containsExactly(PAYMENTS_ENTITY);
    assertThat(plan.creates().get(0).getSpec().properties.get("replicas").asInt()).isEqualTo(2);
    assertThat(plan.updates()).isEmpty();
    assertThat(plan.deletes()).isEmpty();
    assertThat(plan.entities()).containsExactly(PAYMENTS_ENTITY);
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.rule().id()).isEqualTo("workload[0]");
              assertThat(p.problems()).isEmpty();
            });
  }

  @Test
  void anEntityThatSaysWhatTheRuleSaysIsLeftAloneAndOneThatDiffersIsUpdated() throws IOException {
    Entity current = discovered(2);
    catalog.put(PAYMENTS_ENTITY, current);

    DiscoveryPlan same = planPayments(deployment(2, ""), List.of(current));
    assertThat(same.unchanged()).containsExactly(PAYMENTS_ENTITY);
    assertThat(same.creates()).isEmpty();
    assertThat(same.updates()).isEmpty();

    DiscoveryPlan scaled = planPayments(deployment(5, ""), List.of(current));
    assertThat(scaled.updates())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.current()).isSameAs(current);
              assertThat(u.desired().getSpec().properties.get("replicas").asInt()).isEqualTo(5);
            });
    assertThat(scaled.entities()).containsExactly(PAYMENTS_ENTITY);
  }

  @Test
  void anEntityMadeByHandIsRefusedWithAProblemThatNamesTheFix() throws IOException {
    Entity byHand = new Entity();
    byHand.setMetadata(
        new ObjectMetaBuilder().withNamespace("team-a").withName("deployment-payments").build());
    catalog.put(PAYMENTS_ENTITY, byHand);

    DiscoveryPlan plan = planPayments(deployment(2, ""), List.of());

    assertThat(plan.creates()).isEmpty();
    assertThat(plan.updates()).isEmpty();
    assertThat(plan.entities()).isEmpty();
    assertThat(plan.desired()).containsExactly(PAYMENTS_ENTITY);
    assertThat(plan.problems().get(0).problems())
        .containsExactly(
            new Problem(
                "EntityExists",
                "spec.discovery",
                "spec.discovery: Deployment team-a/payments maps to entity"
                    + " team-a/deployment-payments, which exists and was not made by discovery;"
                    + " discovery leaves it alone: rename or delete it, or exclude the object"
                    + " (annotation portolan.dev/exclude: \"true\")"));
  }

  @Test
  void anEntityOfAnotherKnownObjectIsRefusedAndOfAForgottenOneTakenOver() throws IOException {
    Entity other = discovered(2);
    other.getMetadata().getAnnotations().put(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-old");
    catalog.put(PAYMENTS_ENTITY, other);
    knownSources.put("uid-old", new SourceKey(DEPLOYMENTS, "team-b", "payments"));

    DiscoveryPlan refused = planPayments(deployment(2, ""), List.of());
    assertThat(refused.updates()).isEmpty();
    assertThat(refused.problems().get(0).problems())
        .extracting(Problem::message)
        .containsExactly(
            "spec.discovery: Deployment team-a/payments and Deployment team-b/payments both map to"
                + " entity team-a/deployment-payments (rule workload[0]); make the name expression"
                + " tell them apart");

    knownSources.clear();
    DiscoveryPlan takenOver = planPayments(deployment(2, ""), List.of());
    assertThat(takenOver.updates()).extracting(u -> u.current()).containsExactly(other);
    assertThat(takenOver.problems().get(0).problems()).isEmpty();
  }

  @Test
  void aGoneObjectsEntitiesAreDeletedAndItsProblemsCleared() throws IOException {
    Entity current = discovered(2);
    catalog.put(PAYMENTS_ENTITY, current);

    DiscoveryPlan plan = planPayments(null, List.of(current));

    assertThat(plan.deletes())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.entity()).isSameAs(current);
              assertThat(d.reason()).isEqualTo("its source Deployment team-a/payments is gone");
            });
    assertThat(plan.creates()).isEmpty();
    assertThat(plan.desired()).isEmpty();
    assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p.problems()).isEmpty());
  }

  @Test
  void anExcludedObjectsEntityIsDeletedBecauseItNoLongerMatches() throws IOException {
    Entity current = discovered(2);
    catalog.put(PAYMENTS_ENTITY, current);

    DiscoveryPlan plan =
        planPayments(deployment(2, "portolan.dev/exclude: \"true\""), List.of(current));

    assertThat(plan.deletes())
        .extracting(DiscoveryPlan.Delete::reason)
        .containsExactly("its source Deployment team-a/payments no longer matches");
    assertThat(plan.entities()).isEmpty();
  }

  @Test
  void twoRulesThatGiveOneNameReportTheSecond() throws IOException {
    Blueprint twice =
        YAML.unmarshal(
            """
            apiVersion: portolan.dev/v1alpha1
            kind: Blueprint
            metadata: {name: twice, generation: 1}
            spec:
              title: Twice
              discovery:
                - resource: {apiVersion: apps/v1, kind: Deployment}
                  name: "'deployment-' + object.metadata.name"
                - resource: {apiVersion: apps/v1, kind: Deployment}
                  name: "'deployment-' + object.metadata.name"
            """,
            Blueprint.class);
    List<CompiledDiscoveryRule> rules = compiler.compile(twice).rules();
    assertThat(rules).hasSize(2);

    DiscoveryPlan plan = planner.plan(PAYMENTS, deployment(1, ""), rules, List.of(), lookups);

    assertThat(plan.creates()).hasSize(1);
    assertThat(plan.problems().get(0).problems()).isEmpty();
    String sameName =
        "spec.discovery[1].name: gives team-a/deployment-payments for Deployment"
            + " team-a/payments, like rule twice[0]; make the names of different rules differ";
    assertThat(plan.problems().get(1).problems())
        .extracting(Problem::message)
        .containsExactly(sameName);
    assertThat(plan.problemsByBlueprint()).containsOnlyKeys("twice");
    assertThat(plan.problemsByBlueprint().get("twice"))
        .as("the blueprint's rules together")
        .extracting(Problem::message)
        .containsExactly(sameName);
  }

  @Test
  void withoutWorkloadsAServiceRelatesToNone() throws IOException {
    workloads = List.of(Map.of("entity", "deployment-payments", "podLabels", Map.of("app", "x")));
    GenericKubernetesResource service =
        YAML.unmarshal(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: payments, namespace: team-a, uid: uid-service}
            spec: {selector: {app: x}}
            """,
            GenericKubernetesResource.class);

    DiscoveryPlan plan =
        planner.plan(
            new SourceKey(SERVICES, "team-a", "payments"),
            service,
            rules("k8s-service", SERVICES),
            List.of(),
            lookups.withoutWorkloads());

    assertThat(plan.creates().get(0).getSpec().relations).doesNotContainKey("workloads");
  }

  @Test
  void aServiceRelatesToTheWorkloadsItIsGiven() throws IOException {
    workloads =
        List.of(
            Map.of(
                "entity", "deployment-payments",
                "kind", "Deployment",
                "name", "payments",
                "podLabels", Map.of("app", "payments")));
    GenericKubernetesResource service =
        YAML.unmarshal(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: payments, namespace: team-a, uid: uid-service}
            spec: {selector: {app: payments}}
            """,
            GenericKubernetesResource.class);

    DiscoveryPlan plan =
        planner.plan(
            new SourceKey(SERVICES, "team-a", "payments"),
            service,
            rules("k8s-service", SERVICES),
            List.of(),
            lookups);

    assertThat(String.valueOf(plan.creates().get(0).getSpec().relations.get("workloads")))
        .isEqualTo("[\"deployment-payments\"]");
  }

  @Test
  void aResyncDeletesTheEntitiesOfItsRulesWhoseSourceWasNotListed() throws IOException {
    Entity listed = discovered(2);
    Entity orphan = discovered(2);
    orphan.getMetadata().setName("deployment-gone");
    orphan.getMetadata().getAnnotations().put(DiscoveredEntities.SOURCE_UID_ANNOTATION, "uid-gone");
    orphan.getMetadata().getOwnerReferences().get(0).setUid("uid-gone");
    orphan
        .getMetadata()
        .getAnnotations()
        .put(DiscoveredEntities.SOURCE_ANNOTATION, "apps/v1/Deployment/team-a/gone");

    assertThat(
            DiscoveryPlanner.orphans(
                List.of(listed, orphan), Set.of("workload[0]"), Set.of("uid-payments")))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.entity()).isSameAs(orphan);
              assertThat(d.reason()).isEqualTo("its source apps/v1/Deployment/team-a/gone is gone");
            });
    assertThat(DiscoveryPlanner.orphans(List.of(orphan), Set.of("workload[1]"), Set.of()))
        .as("another rule's resync leaves it")
        .isEmpty();
  }

  @Test
  void theEntitiesOfARuleNoBlueprintDeclaresAreDeleted() throws IOException {
    Entity discovered = discovered(2);
    Entity byHand = new Entity();
    byHand.setMetadata(new ObjectMetaBuilder().withNamespace("team-a").withName("mine").build());

    assertThat(DiscoveryPlanner.ofRemovedRules(List.of(discovered, byHand), Set.of("workload[0]")))
        .isEmpty();
    assertThat(DiscoveryPlanner.ofRemovedRules(List.of(discovered, byHand), Set.of()))
        .extracting(DiscoveryPlan.Delete::entity, DiscoveryPlan.Delete::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                discovered, "the discovery rule that made it is gone"));
  }
}
