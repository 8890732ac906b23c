package dev.portolan.web.ui;

import dev.portolan.web.view.AutomationView;
import java.util.List;

/**
 * The automations page: each automation the caller may see with its trigger, condition, effects and
 * identity, whether it is ready, its counts and its recent firings. From the same view as {@code
 * GET /api/v1/automations}.
 */
public record AutomationsPage(List<Card> cards) {
  static AutomationsPage of(List<AutomationView> automations) {
    return new AutomationsPage(
        automations.stream()
            .map(a -> new Card(a, a.recent().stream().map(f -> Firing.of(a, f)).toList()))
            .toList());
  }

  public record Card(AutomationView automation, List<Firing> firings) {
    public String id() {
      return "automation-" + automation.namespace() + "-" + automation.name();
    }

    /** What the automation does, in words. */
    public String does() {
      List<String> parts = new java.util.ArrayList<>();
      var effects = automation.effects();
      if (effects.startAction() != null) {
        parts.add("starts " + effects.startAction());
      }
      if (effects.notifySecret() != null) {
        parts.add(
            "notifies (" + effects.notifyFormat() + ") through Secret " + effects.notifySecret());
      }
      if (effects.event() != null) {
        parts.add("records the Event " + effects.event());
      }
      return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }
  }

  /**
   * One recent firing as the page shows it.
   *
   * @param entityHref the triggering entity's page, or null when there is none
   * @param runHref the run's page, or null when it started none
   */
  public record Firing(
      AutomationView.Firing firing, Moment time, String entityHref, String runHref) {
    static Firing of(AutomationView automation, AutomationView.Firing firing) {
      String entityNamespace = null;
      String entityName = null;
      if (firing.entity() != null && firing.entity().contains("/")) {
        entityNamespace = firing.entity().substring(0, firing.entity().indexOf('/'));
        entityName = firing.entity().substring(firing.entity().indexOf('/') + 1);
      }
      // The run is made in the triggering entity's namespace, or the automation's without one.
      String runNamespace = entityNamespace == null ? automation.namespace() : entityNamespace;
      return new Firing(
          firing,
          Moment.of(firing.time()),
          entityName == null ? null : EntityPage.href(entityNamespace, entityName),
          firing.run() == null ? null : RunPage.href(runNamespace, firing.run()));
    }

    public String resultClass() {
      String result = firing.result() == null ? "" : firing.result();
      return switch (result) {
        case "Started", "Notified", "Recorded" -> "pass";
        case "Failed" -> "fail";
        default -> "muted";
      };
    }
  }
}
