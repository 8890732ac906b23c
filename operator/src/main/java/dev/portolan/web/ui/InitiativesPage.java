package dev.portolan.web.ui;

import dev.portolan.web.view.InitiativeView;
import java.util.ArrayList;
import java.util.List;

/**
 * The initiatives page: each initiative's progress over the entities the caller may see, its
 * deadline and phase, the owners most behind, and a burn-up chart drawn as inline SVG when the
 * caller may see its history. From the same views as {@code GET /api/v1/initiatives/{name}}.
 */
public record InitiativesPage(List<Card> cards) {
  static final int CHART_WIDTH = 320;
  static final int CHART_HEIGHT = 120;

  /**
   * @param chart null when the history is not shown or has no point
   */
  public record Card(InitiativeView initiative, Chart chart) {
    public String phaseBadge() {
      String phase = initiative.phase();
      return phase == null ? "badge-invalid" : "badge-phase-" + phase.toLowerCase();
    }

    public String scorecardHref() {
      return "/scorecards/" + Params.encode(initiative.scorecard());
    }

    /** The scorecard's page narrowed to one owner's entities. */
    public String ownerHref(String owner) {
      return scorecardHref() + "?owner=" + Params.encode(owner);
    }
  }

  /**
   * A burn-up chart: the passing share per recorded day against the straight line from 0% at the
   * start to 100% at the deadline, as SVG polyline points.
   */
  public record Chart(
      int width,
      int height,
      String actual,
      List<Dot> dots,
      String ideal,
      String label,
      String message) {}

  /** One recorded day on the chart (a single day draws no line). */
  public record Dot(String x, String y) {}

  static Chart chart(InitiativeView.History history) {
    if (!history.shown()) {
      return new Chart(CHART_WIDTH, CHART_HEIGHT, null, List.of(), null, null, history.message());
    }
    if (history.points().isEmpty()) {
      return null;
    }
    java.time.LocalDate start = java.time.LocalDate.parse(history.startDate());
    java.time.LocalDate deadline = java.time.LocalDate.parse(history.deadline());
    double days = Math.max(1, deadline.toEpochDay() + 1 - start.toEpochDay());
    List<String> actual = new ArrayList<>();
    List<Dot> dots = new ArrayList<>();
    for (InitiativeView.Point point : history.points()) {
      double x =
          CHART_WIDTH
              * (java.time.LocalDate.parse(point.date()).toEpochDay() + 1 - start.toEpochDay())
              / days;
      double y = CHART_HEIGHT * (1 - point.percent() / 100.0);
      actual.add(format(x) + "," + format(y));
      dots.add(new Dot(format(x), format(y)));
    }
    String ideal = "0," + CHART_HEIGHT + " " + CHART_WIDTH + ",0";
    InitiativeView.Point last = history.points().get(history.points().size() - 1);
    String label =
        "Burn-up: "
            + last.percent()
            + "% on "
            + last.date()
            + " against "
            + last.expectedPercent()
            + "% expected; "
            + history.points().size()
            + (history.points().size() == 1 ? " day recorded" : " days recorded");
    return new Chart(CHART_WIDTH, CHART_HEIGHT, String.join(" ", actual), dots, ideal, label, null);
  }

  private static String format(double value) {
    return String.format(java.util.Locale.ROOT, "%.1f", value);
  }
}
