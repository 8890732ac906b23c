package dev.portolan.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.action.ActionRecords;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.model.Waiver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Waiver and Entity reconcilers against the in-memory API server. It has no admission, so the
 * records admission would write are put on the waivers here; the webhook's own decisions are tested
 * in {@code WaiverAdmissionTest} and on the real control plane in {@code WaiverAcceptanceIT}.
 */
class WaiverReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String LEAD =
      new ActionRecords.Identity("lead", List.of("leads"), "2026-12-01T10:00:00Z").toJson();
  private static final String ALICE =
      new ActionRecords.Identity("alice", List.of("developers"), null).toJson();

  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    operator = new PortolanOperator(client, Clock.systemUTC(), null).start();
    cluster.apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Blueprint
        metadata: {name: service}
        spec:
          title: Service
          properties:
            language: {type: string}
            repo: {type: string}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Scorecard
        metadata: {name: prod}
        spec:
          blueprint: service
          levels: [Bronze, Silver]
          rules:
            - {name: has-language, level: Bronze, expression: "has(entity.properties.language)"}
            - {name: has-repo, level: Silver, expression: "has(entity.properties.repo)"}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: cart, namespace: shop, labels: {tier: legacy}}
        spec: {blueprint: service, properties: {language: go}}
        ---
        apiVersion: portolan.dev/v1alpha1
        kind: Entity
        metadata: {name: till, namespace: shop}
        spec: {blueprint: service, properties: {language: go}}
        """);
    await().atMost(WAIT).until(() -> grade("cart"), g -> g != null && "Bronze".equals(g.level));
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private ScorecardResult grade(String name) {
    Entity entity = client.resources(Entity.class).inNamespace("shop").withName(name).get();
    return entity == null || entity.getStatus() == null
        ? null
        : entity.getStatus().scorecards.get("prod");
  }

  private RuleResult hasRepo(String name) {
    ScorecardResult grade = grade(name);
    return grade == null ? null : grade.rules.get(1);
  }

  private Waiver waiver(String name) {
    return client.resources(Waiver.class).inNamespace("shop").withName(name).get();
  }

  private String phase(String name) {
    Waiver waiver = waiver(name);
    return waiver == null || waiver.getStatus() == null ? null : waiver.getStatus().phase;
  }

  private void create(String name, String coverage, Instant expiresAt, String annotations) {
    cluster.apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Waiver
        metadata:
          name: %s
          namespace: shop
          annotations: {%s}
        spec:
          %s
          scorecard: prod
          rules: [has-repo]
          reason: moving repositories
          expiresAt: "%s"
        """
            .formatted(name, annotations, coverage, expiresAt));
  }

  private static String approved() {
    return "portolan.dev/requested-by: '"
        + ALICE
        + "', portolan.dev/approval: approved, portolan.dev/decided-by: '"
        + LEAD
        + "'";
  }

  @Test
  void anApprovedWaiverShowsTheRuleWaivedUntilItExpiresThenTheEntityIsGradedAgain() {
    Instant expiresAt = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
    create("cart-repo", "entity: cart", expiresAt, approved());

    await().atMost(WAIT).until(() -> phase("cart-repo"), "Active"::equals);
    Waiver active = waiver("cart-repo");
    assertThat(active.getStatus().approvedBy.username).isEqualTo("lead");
    assertThat(active.getStatus().requestedBy.username).isEqualTo("alice");
    assertThat(active.getStatus().entities).containsExactly("cart");
    await().atMost(WAIT).until(() -> hasRepo("cart").result, "Waived"::equals);
    RuleResult waived = hasRepo("cart");
    assertThat(waived.passed).isFalse();
    assertThat(waived.waiver.approvedBy).isEqualTo("lead");
    assertThat(waived.waiver.expiresAt).isEqualTo(expiresAt.toString());
    assertThat(grade("cart").level).isEqualTo("Silver");
    assertThat(hasRepo("till").result).as("another entity is not covered").isNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              var status = client.resources(Scorecard.class).withName("prod").get().getStatus();
              assertThat(status.waived).isEqualTo(1);
              assertThat(status.rules.get(1).waived).isEqualTo(1);
              assertThat(status.rules.get(1).failed).isEqualTo(1);
            });

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> hasRepo("cart").result == null);
    Duration late = Duration.between(expiresAt, Instant.now());
    assertThat(late).as("graded again within a second of expiry").isLessThan(Duration.ofSeconds(1));
    assertThat(grade("cart").level).isEqualTo("Bronze");
    await().atMost(WAIT).until(() -> phase("cart-repo"), "Expired"::equals);
  }

  @Test
  void anApprovalWithoutAdmissionsRecordWaivesNothing() {
    create(
        "typed",
        "entity: cart",
        Instant.now().plus(Duration.ofDays(1)),
        "portolan.dev/approval: approved");
    await().atMost(WAIT).until(() -> phase("typed"), "Pending"::equals);
    assertThat(hasRepo("cart").result).isNull();
    assertThat(grade("cart").level).isEqualTo("Bronze");

    // The decision arrives later as annotations alone (no new generation), as admission writes it.
    client
        .resources(Waiver.class)
        .inNamespace("shop")
        .withName("typed")
        .edit(
            w -> {
              w.getMetadata().getAnnotations().put(ActionRecords.REQUESTED_BY, ALICE);
              w.getMetadata().getAnnotations().put(ActionRecords.DECIDED_BY, LEAD);
              return w;
            });
    await().atMost(WAIT).until(() -> phase("typed"), "Active"::equals);
    await().atMost(WAIT).until(() -> hasRepo("cart").result, "Waived"::equals);
  }

  @Test
  void aSelectorWaiverCoversTheLabelledEntitiesAndNamesUnknownRules() {
    cluster.apply(
        """
        apiVersion: portolan.dev/v1alpha1
        kind: Waiver
        metadata:
          name: legacy
          namespace: shop
          annotations: {%s}
        spec:
          selector: {matchLabels: {tier: legacy}}
          scorecard: prod
          rules: [has-repo, has-docs]
          reason: legacy services
          expiresAt: "%s"
        """
            .formatted(approved(), Instant.now().plus(Duration.ofDays(1))));
    await().atMost(WAIT).until(() -> hasRepo("cart").result, "Waived"::equals);
    assertThat(hasRepo("till").result).isNull();
    await().atMost(WAIT).until(() -> phase("legacy"), "Active"::equals);
    Waiver legacy = waiver("legacy");
    assertThat(legacy.getStatus().selector).isEqualTo("tier=legacy");
    assertThat(legacy.getStatus().problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field).isEqualTo("spec.rules[1]");
              assertThat(p.message)
                  .isEqualTo(
                      "spec.rules[1]: scorecard prod has no rule named has-docs; its rules are"
                          + " [has-language, has-repo]");
            });
  }
}
