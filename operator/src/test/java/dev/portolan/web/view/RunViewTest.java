package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.action.ActionRecords;
import dev.portolan.model.Action;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.ActionStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunViewTest {
  private static Action action(String entity) {
    Action action = new Action();
    action.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace("team-a")
            .withName("restart-1")
            .withCreationTimestamp("2026-01-02T03:04:05Z")
            .build());
    action.setSpec(new ActionSpec());
    action.getSpec().definition = "restart-service";
    action.getSpec().entity = entity;
    action.getSpec().inputs.put("reason", JsonNodeFactory.instance.textNode("stuck"));
    return action;
  }

  private static List<String> fields(Object view) {
    JsonNode tree = Serialization.jsonMapper().valueToTree(view);
    List<String> names = new ArrayList<>();
    tree.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void beforeTheFirstStatusWriteARunIsPendingWithAdmissionsRequesterAndNoProgressFields() {
    Action action = action(null);
    action.setStatus(null);
    action
        .getMetadata()
        .setAnnotations(
            Map.of(
                ActionRecords.REQUESTED_BY,
                "{\"username\":\"alice\",\"groups\":[\"developers\"]}"));

    RunView view = RunView.of(action);

    assertThat(view.phase()).isEqualTo("Pending");
    assertThat(view.requester()).isEqualTo("alice");
    assertThat(view.progress()).isNull();
    assertThat(view.approver()).isNull();
    // The JSON names every field of the run, the null entity too, and none of a status.
    assertThat(fields(view))
        .containsExactly(
            "namespace",
            "name",
            "definition",
            "entity",
            "inputs",
            "created",
            "phase",
            "requestedBy");
    assertThat(Serialization.jsonMapper().valueToTree(view).get("entity").isNull()).isTrue();
  }

  @Test
  void withAStatusTheProgressFieldsFollowFlatNullsIncluded() {
    Action action = action("cart");
    action.setStatus(new ActionStatus());
    action.getStatus().phase = "Running";
    action.getStatus().requestedBy = new ActionStatus.UserRecord();
    action.getStatus().requestedBy.username = "bob";
    action.getStatus().job = "restart-1";

    RunView view = RunView.of(action);

    assertThat(view.requester()).isEqualTo("bob");
    assertThat(fields(view))
        .containsExactly(
            "namespace",
            "name",
            "definition",
            "entity",
            "inputs",
            "created",
            "phase",
            "requestedBy",
            "approvedBy",
            "approvalTime",
            "startTime",
            "completionTime",
            "job",
            "outputs",
            "message",
            "conditions");
    JsonNode tree = Serialization.jsonMapper().valueToTree(view);
    assertThat(tree.get("approvedBy").isNull()).isTrue();
    assertThat(tree.get("job").asText()).isEqualTo("restart-1");
    assertThat(tree.at("/inputs/reason").asText()).isEqualTo("stuck");
  }

  @Test
  void anEntityIsInTheRunsNamespaceUnlessTheRunNamesAnother() {
    RunView bare = RunView.of(action("cart"));
    assertThat(bare.entityNamespace()).isEqualTo("team-a");
    assertThat(bare.entityName()).isEqualTo("cart");

    RunView qualified = RunView.of(action("team-b/ledger"));
    assertThat(qualified.entityNamespace()).isEqualTo("team-b");
    assertThat(qualified.entityName()).isEqualTo("ledger");

    assertThat(RunView.of(action(null)).entityName()).isNull();
  }
}
