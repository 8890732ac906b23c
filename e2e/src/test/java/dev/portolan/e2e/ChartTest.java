package dev.portolan.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chart as real Helm lints and renders it. */
class ChartTest {
  static final Path CHART = Path.of(System.getProperty("portolan.root", ".."), "helm", "portolan");

  /**
   * The chart's default image, which operator/pom.xml builds (target/portolan-operator-image.tar).
   */
  static final String OPERATOR_IMAGE = "ghcr.io/portolan-dev/portolan-operator:0.1.0";

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private static List<HasMetadata> render(String... values) {
    // Rendering has no cluster to read an installed release's certificate from (the acceptance
    // tests install the chart and check that an upgrade keeps it).
    var template =
        new Helm(CHART)
            .template()
            .withName("portolan")
            .withNamespace("portolan-system")
            .withKubeVersion("v1.34.4")
            .set("webhook.certificate.reuseExisting", "false")
            .set("defaultBlueprints.skipExisting", "false");
    for (int i = 0; i < values.length; i += 2) {
      template.set(values[i], values[i + 1]);
    }
    String manifest = template.call();
    List<HasMetadata> resources = new java.util.ArrayList<>();
    for (String doc : manifest.split("(?m)^---\\s*$")) {
      if (!doc.isBlank() && doc.contains("kind:")) {
        resources.add(
            YAML.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8))));
      }
    }
    return resources;
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> resources, Class<T> type) {
    List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as("rendered %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  @Test
  void lintsCleanlyInStrictMode() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void theClusterRoleGrantsExactlyWhatTheOperatorUses() {
    ClusterRole role =
        render().stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> r.getMetadata().getName().equals("portolan"))
            .findFirst()
            .orElseThrow();
    assertThat(role.getRules().stream().map(ChartTest::describe).collect(Collectors.toList()))
        .containsExactly(
            "portolan.dev [blueprints, scorecards, actiondefinitions, relationgrants, waivers, initiatives,"
                + " automations] [get, list, watch]",
            "portolan.dev [entities] [get, list, watch, create, update, delete]",
            "portolan.dev [actions] [get, list, watch, delete]",
            "portolan.dev [blueprints/status, entities/status, scorecards/status, actiondefinitions/status, actions/status,"
                + " waivers/status, initiatives/status, automations/status] [get, patch]",
            "batch [jobs] [get, list, watch, create]",
            " [pods] [list]",
            " [pods/log] [get]",
            " [events] [create]",
            " [serviceaccounts] [impersonate]",
            " [namespaces, services] [get, list, watch]",
            "apps [deployments, statefulsets, daemonsets] [get, list, watch]",
            "batch [cronjobs] [get, list, watch]",
            "authentication.k8s.io [tokenreviews] [create]",
            "authorization.k8s.io [subjectaccessreviews] [create]",
            "admissionregistration.k8s.io [validatingwebhookconfigurations] [get, create]",
            "admissionregistration.k8s.io [validatingwebhookconfigurations] [update]");
    assertThat(role.getRules().get(role.getRules().size() - 1).getResourceNames())
        .as("the operator changes only the guardrails' own configuration")
        .containsExactly("portolan-guardrails");
    assertThat(role.getRules())
        .filteredOn(r -> r.getVerbs().contains("impersonate"))
        .as(
            "automations act as ServiceAccounts, never as users or groups (such as system:masters)"
                + " or with extra fields")
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("");
              assertThat(r.getResources()).containsExactly("serviceaccounts");
              assertThat(r.getVerbs()).containsExactly("impersonate");
            });
    assertThat(render())
        .filteredOn(ClusterRole.class::isInstance)
        .map(ClusterRole.class::cast)
        .flatMap(ClusterRole::getRules)
        .noneMatch(
            r ->
                r.getVerbs().contains("impersonate")
                    && r.getResources().stream()
                        .anyMatch(
                            res ->
                                List.of("users", "groups", "uids", "userextras/scopes", "*")
                                    .contains(res)));
    ClusterRole withoutGuardrails =
        render("guardrails.enabled", "false").stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> r.getMetadata().getName().equals("portolan"))
            .findFirst()
            .orElseThrow();
    assertThat(withoutGuardrails.getRules())
        .noneMatch(r -> r.getApiGroups().contains("admissionregistration.k8s.io"));
  }

  @Test
  void theOperatorsJvmIsSizedForTheContainer() {
    var container =
        only(render(), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv().stream().map(e -> e.getName() + "=" + e.getValue()))
        .contains(
            "JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=37 -XX:TrimNativeHeapInterval=5000",
            "MALLOC_ARENA_MAX=2");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
  }

  @Test
  void theGuardrailsConfigurationIsRenderedEmptyForTheOperatorToFill() {
    List<HasMetadata> resources = render();
    var guardrails =
        named(
            resources,
            io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration
                .class,
            "portolan-guardrails");
    assertThat(guardrails.getWebhooks()).isNullOrEmpty();
    var env =
        only(resources, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()
            .stream()
            .map(e -> e.getName() + "=" + e.getValue())
            .toList();
    assertThat(env)
        .contains(
            "PORTOLAN_GUARDRAILS_WEBHOOK=portolan-guardrails", "PORTOLAN_WEBHOOK_SERVICE=portolan")
        .noneMatch(e -> e.startsWith("PORTOLAN_WEBHOOK_URL="));
    assertThat(
            only(
                    render("webhook.url", "https://127.0.0.1:9443/admission/actions"),
                    Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .map(e -> e.getName() + "=" + e.getValue()))
        .as("by URL, the guardrails are called at the Actions webhook's origin")
        .contains("PORTOLAN_WEBHOOK_URL=https://127.0.0.1:9443");
    assertThat(render("guardrails.enabled", "false"))
        .noneMatch(r -> r.getMetadata().getName().equals("portolan-guardrails"));
  }

  private static <T extends HasMetadata> T named(
      List<HasMetadata> resources, Class<T> type, String name) {
    List<T> found =
        resources.stream()
            .filter(type::isInstance)
            .map(type::cast)
            .filter(r -> r.getMetadata().getName().equals(name))
            .toList();
    assertThat(found).as("rendered %s %s", type.getSimpleName(), name).hasSize(1);
    return found.get(0);
  }

  @Test
  void theOperatorRunsRestrictedWithProbesOnItsHealthEndpoints() {
    Deployment deployment = only(render(), Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("portolan");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    assertThat(container.getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("PORTOLAN_LEADER_ELECTION");
              assertThat(env.getValue()).isEqualTo("true");
            });
    Role leases = only(render(), Role.class);
    // The leader-election client renews its Lease with patch (a Role without it crash-loops the
    // operator 13 s after it became leader).
    assertThat(leases.getRules())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(describe(rule))
                    .isEqualTo("coordination.k8s.io [leases] [get, create, update, patch]"));
  }

  @Test
  void twoReplicasByDefaultRollAndAreEvictedOneAtATime() {
    List<HasMetadata> resources = render();
    Deployment deployment = only(resources, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .isEqualTo(1);
    var budget =
        only(resources, io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(render("replicaCount", "1"))
        .noneMatch(r -> "PodDisruptionBudget".equals(r.getKind()));
  }

  @Test
  void theImageIsTheOneAReleasePublishesTaggedWithTheAppVersion() throws Exception {
    var container =
        only(render(), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    String appVersion =
        java.nio.file.Files.readAllLines(CHART.resolve("Chart.yaml")).stream()
            .filter(line -> line.startsWith("appVersion:"))
            .findFirst()
            .orElseThrow()
            .substring("appVersion:".length())
            .strip()
            .replace("\"", "");
    assertThat(container.getImage()).isEqualTo(OPERATOR_IMAGE).endsWith(":" + appVersion);
    String pom = java.nio.file.Files.readString(CHART.resolve("../../operator/pom.xml"));
    assertThat(pom)
        .as("operator/pom.xml builds the image under the chart's name")
        .contains("<portolan.image>" + OPERATOR_IMAGE + "</portolan.image>");
  }

  @Test
  void theDefaultBlueprintsAreAValueAndTheSameAsTheExamples() throws Exception {
    List<String> names =
        render().stream()
            .filter(r -> "Blueprint".equals(r.getKind()))
            .map(r -> r.getMetadata().getName())
            .toList();
    assertThat(names).containsExactly("namespace", "workload", "k8s-service");
    assertThat(render("defaultBlueprints.enabled", "false"))
        .noneMatch(r -> "Blueprint".equals(r.getKind()));
    assertThat(java.nio.file.Files.readString(CHART.resolve("files/default-blueprints.yaml")))
        .as(
            "examples/50-discovery-blueprints.yaml must stay a copy of the chart's default blueprints")
        .isEqualTo(
            java.nio.file.Files.readString(
                CHART.resolve("../../examples/50-discovery-blueprints.yaml")));
  }

  @Test
  void theWebhookFailsClosedForActionsWithAGeneratedCertificateItsCaBundleTrusts()
      throws Exception {
    List<HasMetadata> resources = render();
    var webhooks =
        only(
            resources,
            io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration
                .class);
    var webhook = webhooks.getWebhooks().get(0);
    assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResources()).containsExactly("actions");
              assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
            });
    assertThat(webhook.getClientConfig().getService().getName()).isEqualTo("portolan");
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/admission/actions");

    var validating =
        named(
                resources,
                io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .ValidatingWebhookConfiguration.class,
                "portolan")
            .getWebhooks()
            .get(0);
    assertThat(validating.getFailurePolicy()).isEqualTo("Fail");
    assertThat(validating.getClientConfig().getService().getPath())
        .isEqualTo("/admission/actions/validate");
    assertThat(validating.getClientConfig().getCaBundle())
        .isEqualTo(webhook.getClientConfig().getCaBundle());

    var secret =
        resources.stream()
            .filter(io.fabric8.kubernetes.api.model.Secret.class::isInstance)
            .map(io.fabric8.kubernetes.api.model.Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals("portolan-webhook-tls"))
            .findFirst()
            .orElseThrow();
    var actionKey =
        resources.stream()
            .filter(io.fabric8.kubernetes.api.model.Secret.class::isInstance)
            .map(io.fabric8.kubernetes.api.model.Secret.class::cast)
            .filter(s -> s.getMetadata().getName().equals("portolan-action-key"))
            .findFirst()
            .orElseThrow();
    assertThat(java.util.Base64.getDecoder().decode(actionKey.getData().get("key")))
        .hasSizeGreaterThanOrEqualTo(32);
    var certificates = java.security.cert.CertificateFactory.getInstance("X.509");
    var ca =
        (java.security.cert.X509Certificate)
            certificates.generateCertificate(
                new ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(webhook.getClientConfig().getCaBundle())));
    var serving =
        (java.security.cert.X509Certificate)
            certificates.generateCertificate(
                new ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(secret.getData().get("tls.crt"))));
    serving.verify(ca.getPublicKey());
    assertThat(
            serving.getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1)))
                .toList())
        .contains("portolan.portolan-system.svc");

    Deployment deployment = only(resources, Deployment.class);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getEnv())
        .anySatisfy(
            env ->
                assertThat(env.getName() + "=" + env.getValue())
                    .isEqualTo("PORTOLAN_WEBHOOK_CERT_DIR=/etc/portolan/webhook"));
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsExactlyInAnyOrder("portolan-webhook-tls", "portolan-action-key");
    assertThat(container.getEnv())
        .anySatisfy(
            env ->
                assertThat(env.getName() + "=" + env.getValue())
                    .isEqualTo("PORTOLAN_ACTION_KEY_FILE=/etc/portolan/action-key/key"));

    var byUrl =
        only(
            render(
                "webhook.url",
                "https://127.0.0.1:9443/admission/actions",
                "webhook.certificate.ipAddresses[0]",
                "127.0.0.1"),
            io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration
                .class);
    assertThat(byUrl.getWebhooks().get(0).getClientConfig().getUrl())
        .isEqualTo("https://127.0.0.1:9443/admission/actions");
    assertThat(
            named(
                    render("webhook.url", "https://127.0.0.1:9443/admission/actions"),
                    io.fabric8.kubernetes.api.model.admissionregistration.v1
                        .ValidatingWebhookConfiguration.class,
                    "portolan")
                .getWebhooks()
                .get(0)
                .getClientConfig()
                .getUrl())
        .isEqualTo("https://127.0.0.1:9443/admission/actions/validate");
    List<HasMetadata> withoutWebhook = render("webhook.enabled", "false");
    assertThat(withoutWebhook).noneMatch(r -> r.getKind().endsWith("WebhookConfiguration"));
    assertThat(
            only(withoutWebhook, Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .as("without the webhook the operator refuses Actions")
        .anySatisfy(
            env ->
                assertThat(env.getName() + "=" + env.getValue())
                    .isEqualTo("PORTOLAN_ACTIONS_ENABLED=false"));
  }

  @Test
  void peopleGetRolesToReadTheCatalogRequestActionsAndApproveThem() {
    var roles =
        render().stream()
            .filter(ClusterRole.class::isInstance)
            .map(ClusterRole.class::cast)
            .filter(r -> !r.getMetadata().getName().equals("portolan"))
            .collect(Collectors.toMap(r -> r.getMetadata().getName(), r -> r));
    assertThat(roles.keySet())
        .containsExactlyInAnyOrder(
            "portolan-catalog-viewer",
            "portolan-action-requester",
            "portolan-action-approver",
            "portolan-relation-granter",
            "portolan-guardrail-exempter",
            "portolan-waiver-requester",
            "portolan-waiver-approver",
            "portolan-automation-author");
    assertThat(describe(roles.get("portolan-waiver-requester").getRules().get(0)))
        .isEqualTo("portolan.dev [waivers] [create, delete]");
    assertThat(roles.get("portolan-waiver-requester").getMetadata().getLabels())
        .as("a developer who may edit a namespace may ask for a waiver there")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
    assertThat(describe(roles.get("portolan-waiver-approver").getRules().get(0)))
        .isEqualTo("portolan.dev [waivers] [get, list, watch, patch, update, approve]");
    assertThat(roles.get("portolan-waiver-approver").getMetadata().getLabels())
        .as("approving a waiver is never implied by the built-in roles")
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-view",
            "rbac.authorization.k8s.io/aggregate-to-edit",
            "rbac.authorization.k8s.io/aggregate-to-admin");
    assertThat(describe(roles.get("portolan-guardrail-exempter").getRules().get(0)))
        .isEqualTo("portolan.dev [scorecards] [exempt]");
    assertThat(roles.get("portolan-guardrail-exempter").getMetadata().getLabels())
        .as("exempting from a guardrail is never implied by the built-in roles")
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-view",
            "rbac.authorization.k8s.io/aggregate-to-edit",
            "rbac.authorization.k8s.io/aggregate-to-admin");
    assertThat(describe(roles.get("portolan-relation-granter").getRules().get(0)))
        .isEqualTo("portolan.dev [relationgrants] [create, update, patch, delete]");
    assertThat(roles.get("portolan-relation-granter").getMetadata().getLabels())
        .as("opening a namespace to others is a namespace admin's call")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .doesNotContainKeys("rbac.authorization.k8s.io/aggregate-to-edit");
    assertThat(describe(roles.get("portolan-action-requester").getRules().get(0)))
        .isEqualTo("portolan.dev [actions] [create]");
    assertThat(roles.get("portolan-action-approver").getMetadata().getLabels())
        .as("approving is never implied by the built-in roles")
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-edit",
            "rbac.authorization.k8s.io/aggregate-to-admin");
    assertThat(roles.get("portolan-catalog-viewer").getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
    assertThat(describe(roles.get("portolan-catalog-viewer").getRules().get(0)))
        .as("whoever reads the catalog reads the waivers, initiatives and automations over it too")
        .isEqualTo(
            "portolan.dev [blueprints, entities, scorecards, actiondefinitions, actions,"
                + " relationgrants, waivers, initiatives, automations] [get, list, watch]");
    assertThat(describe(roles.get("portolan-automation-author").getRules().get(0)))
        .isEqualTo("portolan.dev [automations] [create, update, patch, delete]");
    assertThat(roles.get("portolan-automation-author").getMetadata().getLabels())
        .as("an automation acts as a ServiceAccount of its namespace: a namespace admin's call")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .doesNotContainKeys(
            "rbac.authorization.k8s.io/aggregate-to-view",
            "rbac.authorization.k8s.io/aggregate-to-edit");
    assertThat(render("userRoles.enabled", "false"))
        .filteredOn(ClusterRole.class::isInstance)
        .hasSize(1);
  }

  @Test
  void theChartInstallsTheAutomationKindWithItsOneTriggerRule() throws Exception {
    Path file = CHART.resolve("crds/automations.portolan.dev-v1.yml");
    var crd =
        (io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition)
            YAML.unmarshal(java.nio.file.Files.newInputStream(file));
    assertThat(crd.getMetadata().getName()).isEqualTo("automations.portolan.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("auto");
    var version = crd.getSpec().getVersions().get(0);
    assertThat(version.getSubresources().getStatus())
        .as("the operator writes the status as a patch of the subresource")
        .isNotNull();
    var spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).contains("serviceAccountName", "trigger", "effects");
    assertThat(spec.getProperties().get("trigger").getXKubernetesValidations())
        .extracting(v -> v.getMessage())
        .anySatisfy(m -> assertThat(m).startsWith("give exactly one trigger"));
    assertThat(spec.getProperties().get("effects").getXKubernetesValidations())
        .extracting(v -> v.getMessage())
        .containsExactly("give at least one effect: startAction, notify or event");
    assertThat(java.nio.file.Files.readString(file))
        .as("the chart's copy is the one kubectl apply -f crds/ installs")
        .isEqualTo(
            java.nio.file.Files.readString(
                CHART.resolve("../../crds").resolve(file.getFileName())));
  }

  @Test
  void waiversAreAdmittedByTheWebhookAndCappedByAValue() {
    List<HasMetadata> resources = render();
    var mutating =
        only(
                resources,
                io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .MutatingWebhookConfiguration.class)
            .getWebhooks();
    var waivers =
        mutating.stream().filter(w -> w.getName().equals("waivers.portolan.dev")).findFirst();
    assertThat(waivers)
        .hasValueSatisfying(
            w -> {
              assertThat(w.getFailurePolicy()).isEqualTo("Fail");
              assertThat(w.getRules().get(0).getResources()).containsExactly("waivers");
              assertThat(w.getRules().get(0).getOperations()).containsExactly("CREATE", "UPDATE");
              assertThat(w.getClientConfig().getService().getPath())
                  .isEqualTo("/admission/waivers");
            });
    var validating =
        named(
                resources,
                io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .ValidatingWebhookConfiguration.class,
                "portolan")
            .getWebhooks();
    assertThat(validating)
        .filteredOn(w -> w.getName().equals("waivers.portolan.dev"))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.getClientConfig().getService().getPath())
                    .isEqualTo("/admission/waivers/validate"));
    var byUrl =
        only(
                render("webhook.url", "https://127.0.0.1:9443/admission/actions"),
                io.fabric8.kubernetes.api.model.admissionregistration.v1
                    .MutatingWebhookConfiguration.class)
            .getWebhooks();
    assertThat(byUrl)
        .filteredOn(w -> w.getName().equals("waivers.portolan.dev"))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w.getClientConfig().getUrl())
                    .isEqualTo("https://127.0.0.1:9443/admission/waivers"));
    assertThat(env(resources)).contains("PORTOLAN_WAIVER_MAX_DURATION=90d");
    assertThat(env(render("waivers.maxDuration", "14d")))
        .contains("PORTOLAN_WAIVER_MAX_DURATION=14d");
    assertThatThrownBy(() -> render("waivers.maxDuration", "ninety days"))
        .hasMessageContaining("maxDuration");
  }

  private static List<String> env(List<HasMetadata> resources) {
    return only(resources, Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .map(e -> e.getName() + "=" + e.getValue())
        .toList();
  }

  @Test
  void leaderElectionIsAValue() {
    List<HasMetadata> resources = render("leaderElection.enabled", "false");
    assertThat(resources).noneMatch(Role.class::isInstance);
    Deployment deployment = only(resources, Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anySatisfy(
            env ->
                assertThat(env.getName() + "=" + env.getValue())
                    .isEqualTo("PORTOLAN_LEADER_ELECTION=false"));
  }

  @Test
  void valuesThatBreakTheSchemaAreRejectedWithTheirName() {
    assertThatThrownBy(() -> render("service.port", "http")).hasMessageContaining("/service/port");
    assertThatThrownBy(() -> render("replicas", "2")).hasMessageContaining("replicas");
  }

  @Test
  void theDashboardAndTheRecordingRulesAreOffByDefault() {
    List<HasMetadata> resources = render();
    assertThat(resources)
        .noneMatch(r -> r.getMetadata().getName().equals("portolan-dashboard"))
        .noneMatch(r -> r.getKind().equals("PrometheusRule"));
  }

  @Test
  void theDashboardIsAConfigMapForGrafanasSidecarWithTheShippedJson() throws Exception {
    List<HasMetadata> resources =
        render(
            "monitoring.grafanaDashboard.enabled", "true",
            "monitoring.grafanaDashboard.namespace", "monitoring",
            "monitoring.grafanaDashboard.annotations.grafana_folder", "Portolan");
    io.fabric8.kubernetes.api.model.ConfigMap dashboard =
        named(resources, io.fabric8.kubernetes.api.model.ConfigMap.class, "portolan-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Portolan");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var shipped = json.readTree(CHART.resolve("files/portolan-dashboard.json").toFile());
    assertThat(json.readTree(dashboard.getData().get("portolan-dashboard.json")))
        .isEqualTo(shipped);
    assertThat(shipped.get("panels").size()).isGreaterThan(5);
  }

  @Test
  void thePrometheusRuleCarriesTheShippedRuleFile() throws Exception {
    List<HasMetadata> resources =
        render(
            "monitoring.prometheusRule.enabled", "true",
            "monitoring.prometheusRule.labels.release", "kube-prometheus-stack");
    HasMetadata rule =
        resources.stream()
            .filter(r -> r.getKind().equals("PrometheusRule"))
            .findFirst()
            .orElseThrow();
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo("portolan-system");
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    var yaml =
        new com.fasterxml.jackson.databind.ObjectMapper(
            new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    var shipped = yaml.readTree(CHART.resolve("files/portolan.rules.yaml").toFile());
    var rendered =
        yaml.valueToTree(
            ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) rule)
                .getAdditionalProperties()
                .get("spec"));
    assertThat(rendered).isEqualTo(shipped);
    assertThat(shipped.at("/groups/0/rules").size()).isGreaterThan(2);
  }

  static String describe(PolicyRule rule) {
    return String.join(",", rule.getApiGroups())
        + " "
        + rule.getResources()
        + " "
        + rule.getVerbs();
  }
}
