package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

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
    List<Item> timeline,
    List<Item> outputs,
    boolean mayDecide,
    boolean finished,
    String log,
    String decisionError) {

  public record Item(String label, String value) {}

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

  static List<Item> items(JsonNode object) {
    List<Item> items = new ArrayList<>();
    if (object != null && object.isObject()) {
      object
          .fields()
          .forEachRemaining(
              f ->
                  items.add(
                      new Item(
                          f.getKey(),
                          f.getValue().isTextual()
                              ? f.getValue().textValue()
                              : f.getValue().toString())));
    }
    return items;
  }

  static List<Item> timeline(JsonNode run) {
    List<Item> items = new ArrayList<>();
    add(items, "Requested", run.path("created"));
    add(
        items,
        run.path("phase").asText().equals("Rejected") ? "Rejected" : "Approved",
        run.path("approvalTime"));
    add(items, "Started", run.path("startTime"));
    add(items, "Finished", run.path("completionTime"));
    return items;
  }

  private static void add(List<Item> items, String label, JsonNode time) {
    if (time != null && time.isTextual()) {
      items.add(new Item(label, time.textValue()));
    }
  }
}
