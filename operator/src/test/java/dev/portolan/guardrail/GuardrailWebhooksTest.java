package dev.portolan.guardrail;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ValidatingWebhookConfiguration the operator keeps, as the API server will read it. */
class GuardrailWebhooksTest {
  private static final byte[] CA =
      "-----BEGIN CERTIFICATE-----\n...".getBytes(StandardCharsets.UTF_8);

  private static GuardrailPolicy policy(String name, String mode, String failurePolicy) {
    return new GuardrailPolicy(
        name,
        mode,
        "Silver",
        List.of("probes"),
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("portolan.dev/guardrails", "warn"))
            .build(),
        failurePolicy);
  }

  @Test
  void oneWebhookPerScorecardWithItsPathSelectorAndFailurePolicy() {
    ValidatingWebhookConfiguration config =
        GuardrailWebhooks.build(
            new GuardrailWebhooks.Target(
                "portolan-guardrails", null, "portolan", "portolan-system", CA, 3),
            List.of(policy("strict", "Deny", "Fail"), policy("readiness", "Warn", "Ignore")),
            Map.of());
    assertThat(config.getMetadata().getName()).isEqualTo("portolan-guardrails");
    assertThat(config.getWebhooks())
        .extracting(ValidatingWebhook::getName, ValidatingWebhook::getFailurePolicy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("readiness.guardrails.portolan.dev", "Ignore"),
            org.assertj.core.groups.Tuple.tuple("strict.guardrails.portolan.dev", "Fail"));
    ValidatingWebhook warn = config.getWebhooks().get(0);
    assertThat(warn.getClientConfig().getService().getName()).isEqualTo("portolan");
    assertThat(warn.getClientConfig().getService().getNamespace()).isEqualTo("portolan-system");
    assertThat(warn.getClientConfig().getService().getPath())
        .isEqualTo("/admission/guardrails/readiness");
    assertThat(Base64.getDecoder().decode(warn.getClientConfig().getCaBundle())).isEqualTo(CA);
    assertThat(warn.getTimeoutSeconds()).isEqualTo(3);
    assertThat(warn.getSideEffects()).isEqualTo("NoneOnDryRun");
    assertThat(warn.getNamespaceSelector().getMatchLabels())
        .containsEntry("portolan.dev/guardrails", "warn");
    assertThat(warn.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(e.getOperator()).isEqualTo("NotIn");
              assertThat(e.getValues()).containsExactly("portolan-system", "kube-system");
            });
    assertThat(warn.getRules())
        .extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getOperations())
        .containsExactly(
            "[apps] [deployments, statefulsets, daemonsets] [CREATE, UPDATE]",
            "[batch] [cronjobs] [CREATE, UPDATE]");
  }

  @Test
  void byUrlForAnOperatorOutsideTheCluster() {
    ValidatingWebhookConfiguration config =
        GuardrailWebhooks.build(
            new GuardrailWebhooks.Target(
                "portolan-guardrails", "https://127.0.0.1:9443/", null, "portolan-system", CA, 3),
            List.of(policy("readiness", "Warn", "Ignore")),
            Map.of());
    assertThat(config.getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:9443/admission/guardrails/readiness");
    assertThat(config.getWebhooks().get(0).getClientConfig().getService()).isNull();
  }

  @Test
  void noEnforcingScorecardNoWebhook() {
    assertThat(
            GuardrailWebhooks.build(
                    new GuardrailWebhooks.Target("g", null, "portolan", "ns", CA, 3),
                    List.of(),
                    Map.of())
                .getWebhooks())
        .isEmpty();
  }
}
