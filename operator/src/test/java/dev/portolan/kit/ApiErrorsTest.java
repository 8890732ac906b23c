package dev.portolan.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {
  private static KubernetesClientException answer(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void noAnswerThrottlingAndServerErrorsAreTransientRefusalsAreNot() {
    assertThat(ApiErrors.isTransient(new KubernetesClientException("no answer", 0, null))).isTrue();
    assertThat(
            ApiErrors.isTransient(
                new KubernetesClientException(
                    "An error has occurred.", new java.io.IOException("stream was reset"))))
        .as("a connection that failed before any answer (the client's code -1)")
        .isTrue();
    assertThat(ApiErrors.isTransient(answer(429, "slow down"))).isTrue();
    assertThat(ApiErrors.isTransient(answer(503, "unavailable"))).isTrue();
    assertThat(ApiErrors.isTransient(answer(409, "exists"))).isFalse();
    assertThat(ApiErrors.isTransient(answer(422, "invalid"))).isFalse();
    assertThat(ApiErrors.isTransient(answer(403, "forbidden"))).isFalse();
  }

  @Test
  void theMessageIsTheApiServersWhenItGaveOne() {
    assertThat(ApiErrors.message(answer(422, "spec.template: Required value")))
        .isEqualTo("spec.template: Required value");
    assertThat(ApiErrors.message(new KubernetesClientException("connection reset")))
        .isEqualTo("connection reset");
  }
}
