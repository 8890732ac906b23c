package dev.portolan.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardrails against the in-memory API server: the example scorecards' enforcements become the
 * webhooks of the ValidatingWebhookConfiguration the operator keeps, and their statuses say what
 * they enforce, or which field is wrong.
 */
class GuardrailReconciliationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONFIGURATION = "portolan-guardrails";
  @TempDir Path certificates;
  private EmbeddedCluster cluster;
  private KubernetesClient client;
  private PortolanOperator operator;

  @BeforeEach
  void start() throws Exception {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    Files.writeString(certificates.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nCA\n");
    for (String file :
        List.of(
            "00-namespaces.yaml",
            "50-discovery-blueprints.yaml",
            "70-workload-scorecard.yaml",
            "71-guardrails.yaml")) {
      cluster.apply(Files.readString(Path.of("../examples", file)));
    }
    operator =
        new PortolanOperator(client, Clock.systemUTC(), null)
            .manageGuardrailWebhooks(
                new GuardrailWebhookManager.Settings(
                    CONFIGURATION,
                    "https://127.0.0.1:9443",
                    null,
                    "portolan-system",
                    certificates.resolve("ca.crt"),
                    3))
            .start();
  }

  @AfterEach
  void stop() {
    operator.close();
    cluster.close();
  }

  private List<ValidatingWebhook> webhooks() {
    ValidatingWebhookConfiguration config =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(CONFIGURATION)
            .get();
    return config == null ? null : config.getWebhooks();
  }

  private Condition enforcing(String scorecard) {
    Scorecard found = client.resources(Scorecard.class).withName(scorecard).get();
    return found.getStatus() == null
        ? null
        : Conditions.find(found.getStatus().conditions, "Enforcing").orElse(null);
  }

  @Test
  void theExampleEnforcementsBecomeOneWebhookEachWithTheirFailurePolicy() {
    List<ValidatingWebhook> webhooks =
        await().atMost(WAIT).until(this::webhooks, w -> w != null && w.size() == 2);
    assertThat(webhooks)
        .extracting(
            ValidatingWebhook::getName,
            ValidatingWebhook::getFailurePolicy,
            w -> w.getClientConfig().getUrl(),
            w -> w.getNamespaceSelector().getMatchLabels().get("portolan.dev/guardrails"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "workload-readiness.guardrails.portolan.dev",
                "Ignore",
                "https://127.0.0.1:9443/admission/guardrails/workload-readiness",
                "warn"),
            org.assertj.core.groups.Tuple.tuple(
                "workload-readiness-strict.guardrails.portolan.dev",
                "Fail",
                "https://127.0.0.1:9443/admission/guardrails/workload-readiness-strict",
                "deny"));
    Condition warn =
        await().atMost(WAIT).until(() -> enforcing("workload-readiness"), c -> c != null);
    assertThat(warn.getStatus()).isEqualTo("True");
    assertThat(warn.getReason()).isEqualTo("Warn");
    assertThat(warn.getMessage())
        .isEqualTo(
            "Workloads below Silver in the selected namespaces are admitted with a warning per"
                + " failing rule");
    var status = client.resources(Scorecard.class).withName("workload-readiness").get().getStatus();
    assertThat(status.enforcement.mode).isEqualTo("Warn");
    assertThat(status.enforcement.requiredRules)
        .containsExactly("has-owner", "pinned-images", "requests-and-limits", "probes");
    assertThat(status.enforcement.admissionsJudged).isZero();
  }

  @Test
  void anUnknownLevelIsNamedInTheStatusAndItsWebhookGoes() {
    await().atMost(WAIT).until(this::webhooks, w -> w != null && w.size() == 2);
    client
        .resources(Scorecard.class)
        .withName("workload-readiness-strict")
        .edit(
            s -> {
              s.getSpec().enforcement.level = "Platinum";
              return s;
            });
    Condition condition =
        await()
            .atMost(WAIT)
            .until(
                () -> enforcing("workload-readiness-strict"),
                c -> c != null && "False".equals(c.getStatus()));
    assertThat(condition.getReason()).isEqualTo("InvalidEnforcement");
    assertThat(condition.getMessage())
        .isEqualTo(
            "spec.enforcement.level: 'Platinum' is not one of spec.levels; use one of: Bronze,"
                + " Silver; nothing is judged until this is fixed");
    var scorecard = client.resources(Scorecard.class).withName("workload-readiness-strict").get();
    assertThat(scorecard.getStatus().problems)
        .extracting(p -> p.field)
        .containsExactly("spec.enforcement.level");
    assertThat(Conditions.isTrue(scorecard.getStatus().conditions, "Ready"))
        .as("the scorecard still grades")
        .isTrue();
    List<ValidatingWebhook> left =
        await().atMost(WAIT).until(this::webhooks, w -> w != null && w.size() == 1);
    assertThat(left.get(0).getName()).isEqualTo("workload-readiness.guardrails.portolan.dev");
  }
}
