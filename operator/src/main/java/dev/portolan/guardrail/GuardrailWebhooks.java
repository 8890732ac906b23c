package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Builds the ValidatingWebhookConfiguration the operator keeps for the guardrails: one webhook per
 * enforcing scorecard, called at {@code /admission/guardrails/<scorecard>} for creates and updates
 * of Deployments, StatefulSets, DaemonSets and CronJobs in the namespaces its selector picks (never
 * the operator's own nor kube-system). Pure: the same policies give the same object.
 */
public final class GuardrailWebhooks {
  public static final String PATH_PREFIX = "/admission/guardrails/";
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
  static final String WEBHOOK_SUFFIX = ".guardrails.portolan.dev";

  /**
   * Where the API server reaches the webhook: a Service (in-cluster) or a URL (an operator run
   * outside the cluster), with the CA that signed its certificate.
   *
   * @param configurationName the ValidatingWebhookConfiguration's name, e.g. {@code
   *     portolan-guardrails}
   * @param url the webhook's origin, e.g. {@code https://127.0.0.1:8443}; null to use the Service
   * @param serviceName the Service in {@code operatorNamespace} when {@code url} is null
   * @param caBundle the PEM bytes of the CA
   * @param timeoutSeconds how long the API server waits (1 to 30)
   */
  public record Target(
      String configurationName,
      String url,
      String serviceName,
      String operatorNamespace,
      byte[] caBundle,
      int timeoutSeconds) {}

  private GuardrailWebhooks() {}

  public static ValidatingWebhookConfiguration build(
      Target target, Collection<GuardrailPolicy> policies, Map<String, String> labels) {
    List<ValidatingWebhook> webhooks = new ArrayList<>();
    policies.stream()
        .sorted(Comparator.comparing(GuardrailPolicy::scorecard))
        .forEach(policy -> webhooks.add(webhook(target, policy)));
    return new ValidatingWebhookConfigurationBuilder()
        .withNewMetadata()
        .withName(target.configurationName())
        .withLabels(labels)
        .endMetadata()
        .withWebhooks(webhooks)
        .build();
  }

  /**
   * The webhook's name in the configuration, e.g. {@code
   * workload-readiness.guardrails.portolan.dev}.
   */
  public static String webhookName(String scorecard) {
    return scorecard + WEBHOOK_SUFFIX;
  }

  private static ValidatingWebhook webhook(Target target, GuardrailPolicy policy) {
    String path = PATH_PREFIX + policy.scorecard();
    WebhookClientConfigBuilder client = new WebhookClientConfigBuilder();
    if (target.url() != null && !target.url().isBlank()) {
      client.withUrl(trimSlash(target.url()) + path);
    } else {
      client
          .withNewService()
          .withName(target.serviceName())
          .withNamespace(target.operatorNamespace())
          .withPath(path)
          .withPort(443)
          .endService();
    }
    client.withCaBundle(java.util.Base64.getEncoder().encodeToString(target.caBundle()));
    WebhookClientConfig clientConfig = client.build();
    return new ValidatingWebhookBuilder()
        .withName(webhookName(policy.scorecard()))
        .withAdmissionReviewVersions("v1")
        // Events and counters are recorded only for requests that are not dry runs.
        .withSideEffects("NoneOnDryRun")
        .withFailurePolicy(policy.failurePolicy())
        .withMatchPolicy("Equivalent")
        .withTimeoutSeconds(target.timeoutSeconds())
        .withClientConfig(clientConfig)
        .withNamespaceSelector(namespaces(policy.namespaceSelector(), target.operatorNamespace()))
        .withRules(
            new RuleWithOperationsBuilder()
                .withApiGroups("apps")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("deployments", "statefulsets", "daemonsets")
                .withScope("Namespaced")
                .build(),
            new RuleWithOperationsBuilder()
                .withApiGroups("batch")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("cronjobs")
                .withScope("Namespaced")
                .build())
        .build();
  }

  /** The scorecard's selector, and never the operator's namespace nor kube-system. */
  static LabelSelector namespaces(LabelSelector selector, String operatorNamespace) {
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    Map<String, String> matchLabels = Map.of();
    if (selector != null) {
      if (selector.getMatchExpressions() != null) {
        expressions.addAll(selector.getMatchExpressions());
      }
      if (selector.getMatchLabels() != null) {
        matchLabels = selector.getMatchLabels();
      }
    }
    List<String> excluded = new ArrayList<>(List.of("kube-system"));
    if (operatorNamespace != null && !operatorNamespace.equals("kube-system")) {
      excluded.add(0, operatorNamespace);
    }
    expressions.add(
        new LabelSelectorRequirementBuilder()
            .withKey(NAMESPACE_NAME_LABEL)
            .withOperator("NotIn")
            .withValues(excluded)
            .build());
    return new LabelSelectorBuilder()
        .withMatchLabels(matchLabels.isEmpty() ? null : new java.util.TreeMap<>(matchLabels))
        .withMatchExpressions(expressions)
        .build();
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
