package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.kit.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetTest {
  private static Secret secret(Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName("team-hook")
        .endMetadata()
        .withData(data)
        .build();
  }

  private static Problem problem(Secret secret) {
    WebhookTarget.Loaded loaded = WebhookTarget.fromSecret("team-hook", secret);
    assertThat(loaded.target()).isEmpty();
    assertThat(loaded.problems()).hasSize(1);
    Problem problem = loaded.problems().get(0);
    assertThat(problem.field()).isEqualTo("spec.effects.notify.secretRef");
    assertThat(problem.reason()).isEqualTo("InvalidNotifySecret");
    return problem;
  }

  @Test
  void anHttpsUrlAndAKeyMakeASignedTargetThatNeverShowsItsPathQueryOrKey() {
    WebhookTarget.Loaded loaded =
        WebhookTarget.fromSecret(
            "team-hook",
            secret(
                Map.of(
                    "url", "https://hooks.example.com/services/T1/B2/xoxb-secret?token=abc#x",
                    "hmacKey", "k3y")));

    WebhookTarget target = loaded.target().orElseThrow();
    assertThat(target.url().toString())
        .isEqualTo("https://hooks.example.com/services/T1/B2/xoxb-secret?token=abc");
    assertThat(target.hmacKey())
        .hasValueSatisfying(
            key -> assertThat(key).isEqualTo("k3y".getBytes(StandardCharsets.UTF_8)));
    assertThat(target.displayName()).isEqualTo("https://hooks.example.com");
    assertThat(target.toString())
        .isEqualTo("WebhookTarget[https://hooks.example.com, signed]")
        .doesNotContain("xoxb")
        .doesNotContain("k3y");
    assertThat(
            target.redact(
                "failed for https://hooks.example.com/services/T1/B2/xoxb-secret?token=abc"))
        .isEqualTo("failed for https://hooks.example.com");
  }

  @Test
  void plainHttpIsRefusedNamingTheKey() {
    assertThat(problem(secret(Map.of("url", "http://hooks.example.com/x"))).message())
        .isEqualTo(
            "spec.effects.notify.secretRef: Secret 'team-hook' key 'url' uses http://;"
                + " notifications go over https:// only (the body and its signature must not"
                + " travel in clear), so give the receiver's https:// URL");
  }

  @Test
  void aMissingSecretOrUrlSaysWhatToCreate() {
    assertThat(WebhookTarget.fromSecret("team-hook", null).problems().get(0).message())
        .startsWith("spec.effects.notify.secretRef: Secret 'team-hook' does not exist")
        .contains("key 'url'");
    assertThat(problem(secret(Map.of("hmacKey", "k"))).message())
        .startsWith("spec.effects.notify.secretRef: Secret 'team-hook' key 'url' is missing");
  }

  @Test
  void badValuesAreNamedByTheirKey() {
    assertThat(problem(secret(Map.of("url", "hooks.example.com/x"))).message())
        .contains("key 'url' has no scheme");
    assertThat(problem(secret(Map.of("url", "https://user:pw@hooks.example.com/x"))).message())
        .contains("key 'url' carries a user and password");
    assertThat(problem(secret(Map.of("url", "https://hooks.example.com/a b"))).message())
        .contains("key 'url' is not a URL");
    assertThat(problem(secret(Map.of("url", "https://hooks.example.com", "hmacKey", ""))).message())
        .contains("key 'hmacKey' is empty");
    assertThat(
            problem(secret(Map.of("url", "https://hooks.example.com", "caBundle", "not a pem")))
                .message())
        .contains("key 'caBundle'");
    Secret notBase64 =
        new SecretBuilder()
            .withNewMetadata()
            .withName("team-hook")
            .endMetadata()
            .addToData("url", "%%%")
            .build();
    assertThat(problem(notBase64).message()).contains("key 'url' is not base64");
  }

  @Test
  void aCaBundleIsReadAsPemCertificates() throws Exception {
    String pem = TestCertificates.selfSigned("private-ca").pem();
    WebhookTarget target =
        WebhookTarget.fromSecret(
                "team-hook",
                secret(Map.of("url", "https://hooks.internal.example:8443/hook", "caBundle", pem)))
            .target()
            .orElseThrow();

    assertThat(target.caBundle()).hasSize(1);
    assertThat(target.caBundle().get(0).getSubjectX500Principal().getName())
        .isEqualTo("CN=private-ca");
    assertThat(target.toString())
        .isEqualTo("WebhookTarget[https://hooks.internal.example:8443, unsigned, private CA]");
  }

  @Test
  void stringDataIsReadForASecretNotYetStored() {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("team-hook")
            .endMetadata()
            .addToStringData("url", "https://hooks.example.com/x")
            .build();
    assertThat(WebhookTarget.fromSecret("team-hook", secret).target()).isPresent();
  }
}
