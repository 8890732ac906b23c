package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.web.view.RunView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One action run: its inputs, timeline, outputs, message and log; the buttons to approve or reject
 * it for an approver while it waits; and whether the page should keep refreshing.
 */
public record RunPage(
    String namespace,
    String name,
    String definition,
    String definitionTitle,
    String entity,
    String entityHref,
    String phase,
    String message,
    String requester,
    String approver,
    List<Item> inputs,
    List<Step> timeline,
    List<Item> outputs,
    boolean mayDecide,
    boolean finished,
    String log,
    String decisionError) {

  public record Item(String label, String value) {}

  /** One step of the timeline: what happened, and when. */
  public record Step(String label, Moment moment) {}

  static String href(String namespace, String name) {
    return "/runs/" + Params.encode(namespace) + "/" + Params.encode(name);
  }

  public String href() {
    return href(namespace, name);
  }

  public String phaseClass() {
    return phaseClass(phase);
  }

  static String phaseClass(String phase) {
    return switch (phase) {
      case "Succeeded" -> "badge badge-valid";
      case "Failed", "Rejected" -> "badge badge-invalid";
      default -> "badge";
    };
  }

  /** Inputs or outputs as label and text: a string as it is, any other value as JSON. */
  static List<Item> items(Map<String, JsonNode> values) {
    List<Item> items = new ArrayList<>();
    if (values != null) {
      values.forEach(
          (key, value) ->
              items.add(
                  new Item(
                      key,
                      value == null
                          ? "null"
                          : value.isTextual() ? value.textValue() : value.toString())));
    }
    return items;
  }

  /** When the run was requested, approved (or rejected), started and finished, as far as it got. */
  static List<Step> timeline(RunView run) {
    List<Step> items = new ArrayList<>();
    RunView.Progress progress = run.progress();
    add(items, "Requested", run.created());
    if (progress != null) {
      add(items, "Rejected".equals(run.phase()) ? "Rejected" : "Approved", progress.approvalTime());
      add(items, "Started", progress.startTime());
      add(items, "Finished", progress.completionTime());
    }
    return items;
  }

  private static void add(List<Step> items, String label, String time) {
    if (time != null) {
      items.add(new Step(label, Moment.of(time)));
    }
  }
}
