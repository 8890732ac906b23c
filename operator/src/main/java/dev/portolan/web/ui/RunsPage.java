package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The list of action runs, filtered by phase, definition and requester. */
public record RunsPage(
    String phase,
    String definition,
    String requester,
    List<String> phases,
    List<String> definitions,
    List<Run> runs,
    int total) {

  /** One run, as the API's run view gives it. */
  public record Run(
      String namespace,
      String name,
      String definition,
      String entity,
      String phase,
      String requester,
      String created,
      String href,
      String entityHref) {
    static Run of(JsonNode run) {
      String namespace = run.path("namespace").asText();
      String entity = run.path("entity").isTextual() ? run.path("entity").asText() : null;
      String entityHref = null;
      if (entity != null) {
        int slash = entity.indexOf('/');
        entityHref =
            slash < 0
                ? EntityPage.href(namespace, entity)
                : EntityPage.href(entity.substring(0, slash), entity.substring(slash + 1));
      }
      return new Run(
          namespace,
          run.path("name").asText(),
          run.path("definition").asText(),
          entity,
          run.path("phase").asText(),
          run.path("requestedBy").path("username").asText(null),
          run.path("created").asText(null),
          RunPage.href(namespace, run.path("name").asText()),
          entityHref);
    }

    public String phaseClass() {
      return RunPage.phaseClass(phase);
    }
  }

  static List<Run> runs(JsonNode items) {
    List<Run> runs = new ArrayList<>();
    items.forEach(item -> runs.add(Run.of(item)));
    return runs;
  }
}
