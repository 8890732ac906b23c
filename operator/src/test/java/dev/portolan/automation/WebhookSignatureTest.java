package dev.portolan.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void theSignatureIsTheHexHmacSha256OfTheBodyAsOpensslComputesIt() {
    // printf '%s' '{"message":"hello"}' | openssl dgst -sha256 -hmac topsecret
    assertThat(
            WebhookSignature.sign(
                "topsecret".getBytes(StandardCharsets.UTF_8),
                "{\"message\":\"hello\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=f730a5239552694146b7c8fcef8e2633a7b9735ad395724c16247eee80d8e3b9");
  }
}
