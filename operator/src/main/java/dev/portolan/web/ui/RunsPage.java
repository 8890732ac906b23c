package dev.portolan.web.ui;

import dev.portolan.web.view.RunView;
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
      Moment created,
      String href,
      String entityHref) {
    static Run of(RunView run) {
      String entity = run.entity();
      return new Run(
          run.namespace(),
          run.name(),
          run.definition(),
          entity,
          run.phase(),
          run.requester(),
          Moment.of(run.created()),
          RunPage.href(run.namespace(), run.name()),
          entity == null ? null : EntityPage.href(run.entityNamespace(), run.entityName()));
    }

    public String phaseClass() {
      return RunPage.phaseClass(phase);
    }
  }

  static List<Run> runs(List<RunView> items) {
    return items.stream().map(Run::of).toList();
  }
}
