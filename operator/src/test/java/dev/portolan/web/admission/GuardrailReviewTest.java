package dev.portolan.web.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.Fixtures;
import dev.portolan.cel.CelEngine;
import dev.portolan.guardrail.GuardrailAdmission;
import dev.portolan.guardrail.GuardrailMetrics;
import dev.portolan.guardrail.GuardrailTally;
import dev.portolan.guardrail.Requester;
import dev.portolan.guardrail.WorkloadGrader;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guardrails' AdmissionReview as the API server sends and reads it: the user from {@code
 * userInfo}, the dry-run flag, and an answer with {@code warnings} or a refusal's {@code status}.
 */
class GuardrailReviewTest {
  private final List<Requester> users = new ArrayList<>();
  private final GuardrailTally tally = new GuardrailTally();

  private GuardrailAdmission admission() throws Exception {
    Fixtures.Catalog catalog = new Fixtures.Catalog();
    Scorecard[] scorecard = new Scorecard[1];
    for (String doc :
        Files.readString(Path.of("../examples/50-discovery-blueprints.yaml"))
            .split("(?m)^---\\s*$")) {
      if (doc.contains("kind: Blueprint")) {
        catalog.add(Serialization.unmarshal(doc, Blueprint.class));
      }
    }
    scorecard[0] =
        Serialization.unmarshal(
            Files.readString(Path.of("../examples/70-workload-scorecard.yaml")), Scorecard.class);
    catalog.add(scorecard[0]);
    return new GuardrailAdmission(
        catalog,
        name -> name.equals("workload-readiness") ? Optional.of(scorecard[0]) : Optional.empty(),
        new WorkloadGrader(new CelEngine(), "portolan-system"),
        (user, name, namespace) -> {
          users.add(user);
          return false;
        },
        namespace -> Map.of(),
        tally,
        new GuardrailMetrics(new SimpleMeterRegistry()),
        (request, name, decision) -> {},
        Clock.systemUTC());
  }

  private static JsonNode request(String annotations, boolean dryRun) {
    return Serialization.unmarshal(
        """
        {"uid": "1", "operation": "CREATE", "dryRun": %s,
         "userInfo": {"username": "alice", "uid": "a-1", "groups": ["devs", "system:authenticated"],
                      "extra": {"scopes": ["x"]}},
         "object": {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "web", "namespace": "team-checkout", "labels": {"team": "checkout"},
                        "annotations": {%s}},
           "spec": {"selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "app", "image": "shop/web:1.0"}]}}}}}
        """
            .formatted(dryRun, annotations),
        JsonNode.class);
  }

  @Test
  void aFailingWorkloadIsAllowedWithOneWarningPerRule() throws Exception {
    ObjectNode response =
        AdmissionWebhookServer.judge(request("", false), "workload-readiness", admission());
    assertThat(response.get("allowed").asBoolean()).isTrue();
    assertThat(response.get("warnings")).hasSize(2);
    assertThat(response.get("warnings").get(0).asText())
        .startsWith("workload-readiness (Bronze, needs Silver): requests-and-limits:");
    assertThat(tally.of("workload-readiness").warned()).isEqualTo(1);
  }

  @Test
  void theExemptionIsAskedForTheUserOfTheRequestAndRefused() throws Exception {
    ObjectNode response =
        AdmissionWebhookServer.judge(
            request("\"portolan.dev/exempt\": \"workload-readiness\"", true),
            "workload-readiness",
            admission());
    assertThat(response.get("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/code").asInt()).isEqualTo(403);
    assertThat(response.at("/status/message").asText()).contains("user alice may not exempt");
    assertThat(users)
        .containsExactly(
            new Requester(
                "alice",
                "a-1",
                List.of("devs", "system:authenticated"),
                Map.of("scopes", List.of("x"))));
    assertThat(tally.of("workload-readiness").judged()).as("a dry run").isZero();
  }
}
