package dev.portolan.web.ui;

import dev.portolan.action.ActionAdoption;
import dev.portolan.web.view.InsightsView;
import dev.portolan.web.view.ScorecardHistoryView;
import dev.portolan.web.view.TeamInsightsView;
import java.util.ArrayList;
import java.util.List;

/**
 * The insights pages: for leads and executives ({@link Overview}, the figures of {@code GET
 * /api/v1/insights}) and for one team ({@link Team}, those of {@code GET
 * /api/v1/insights/teams/{owner}}), each figure as a chart with the same numbers in a table.
 */
public final class InsightsPage {
  /** How many of the newest days the table under a level chart lists; the API has them all. */
  static final int TABLE_DAYS = 14;

  private InsightsPage() {}

  /** The page for leads and executives. */
  public record Overview(
      InsightsView view,
      Charts.BarChart catalog,
      Charts.LineChart growth,
      List<Trend> trends,
      Adoption adoption) {}

  /** One team's page. */
  public record Team(TeamInsightsView view, List<TeamCard> cards, Adoption adoption) {
    public String href() {
      return Team.href(view.owner());
    }

    static String href(String owner) {
      return "/insights/teams/" + Params.encode(owner);
    }
  }

  /** A scorecard's figures for one team: the team's levels, its blockers, the scorecard's trend. */
  public record TeamCard(TeamInsightsView.Scorecard scorecard, Trend trend) {}

  /**
   * A scorecard's share at each level over time: the chart, the newest {@link #TABLE_DAYS} days as
   * rows (newest first), and why the history is withheld, if it is.
   */
  public record Trend(
      String name,
      String title,
      List<String> levels,
      Charts.LineChart chart,
      List<Row> rows,
      int days,
      String withheld) {}

  /** One day: its date, the entities graded, and the share at each level in whole percent. */
  public record Row(String date, int entities, List<Integer> percents) {}

  /** The action runs: per week as a chart, and the tables by definition and team. */
  public record Adoption(ActionAdoption figures, Charts.BarChart perWeek) {
    public static String seconds(Long seconds) {
      if (seconds == null) {
        return "–";
      }
      if (seconds < 120) {
        return seconds + " s";
      }
      if (seconds < 7200) {
        return Math.round(seconds / 60.0) + " min";
      }
      return Math.round(seconds / 360.0) / 10.0 + " h";
    }

    public static String percent(Double rate) {
      return rate == null ? "–" : Math.round(rate * 100) + "%";
    }
  }

  static Overview overview(InsightsView view) {
    List<String> names = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    view.blueprints()
        .forEach(
            b -> {
              names.add(b.name());
              counts.add(b.entities());
            });
    Charts.BarChart catalog =
        Charts.bars(
            "catalog-chart",
            "Entities per blueprint",
            "Bar chart of the entities you may see in each blueprint; the table beside it has"
                + " the numbers.",
            names,
            counts);
    List<Trend> trends = new ArrayList<>();
    List<ScorecardHistoryView> whole = new ArrayList<>();
    for (ScorecardHistoryView history : view.scorecards()) {
      trends.add(trend(history, history.scorecard(), "trend-" + history.scorecard()));
      if (ScorecardHistoryView.CLUSTER.equals(history.scope())) {
        whole.add(history);
      }
    }
    return new Overview(
        view, catalog, growth(whole), trends, adoption(view.actions(), "runs-chart"));
  }

  static Team team(TeamInsightsView view) {
    List<TeamCard> cards = new ArrayList<>();
    for (TeamInsightsView.Scorecard scorecard : view.scorecards()) {
      cards.add(
          new TeamCard(
              scorecard, trend(scorecard.trend(), scorecard.title(), "trend-" + scorecard.name())));
    }
    return new Team(view, cards, adoption(view.actions(), "team-runs-chart"));
  }

  /**
   * The entities each scorecard graded per day, over the dates of the longest history; a day a
   * scorecard has no point is a gap in its line.
   */
  static Charts.LineChart growth(List<ScorecardHistoryView> histories) {
    java.util.TreeSet<String> dates = new java.util.TreeSet<>();
    histories.forEach(h -> h.points().forEach(p -> dates.add(p.date())));
    if (dates.isEmpty()) {
      return null;
    }
    List<String> axis = new ArrayList<>(dates);
    List<Charts.Series> series = new ArrayList<>();
    double max = 0;
    for (ScorecardHistoryView history : histories) {
      java.util.Map<String, Integer> byDate = new java.util.HashMap<>();
      history.points().forEach(p -> byDate.put(p.date(), p.entities()));
      List<Double> values = new ArrayList<>(axis.size());
      for (String date : axis) {
        Integer count = byDate.get(date);
        values.add(count == null ? null : count.doubleValue());
        max = Math.max(max, count == null ? 0 : count);
      }
      series.add(new Charts.Series(history.scorecard(), values));
    }
    return Charts.lines(
        "growth-chart",
        "Entities graded per day, by scorecard",
        "Line chart of how many entities each scorecard graded on each UTC day, from "
            + axis.get(0)
            + " to "
            + axis.get(axis.size() - 1)
            + "; each scorecard's table below lists the newest days.",
        axis,
        series,
        max,
        "");
  }

  static Trend trend(ScorecardHistoryView history, String title, String id) {
    List<String> dates = new ArrayList<>();
    history.points().forEach(p -> dates.add(p.date()));
    List<Charts.Series> series = new ArrayList<>();
    for (String level : history.levels()) {
      List<Double> values = new ArrayList<>();
      for (ScorecardHistoryView.Point point : history.points()) {
        values.add(
            point.entities() == 0
                ? 0.0
                : 100.0 * point.levels().getOrDefault(level, 0) / point.entities());
      }
      series.add(new Charts.Series(level, values));
    }
    Charts.LineChart chart =
        Charts.lines(
            id,
            title + ": share of entities at each level",
            "Line chart of the percentage of graded entities at each level ("
                + String.join(", ", history.levels())
                + ") on each UTC day"
                + (dates.isEmpty()
                    ? ""
                    : ", from " + dates.get(0) + " to " + dates.get(dates.size() - 1))
                + "; the table under it lists the newest days.",
            dates,
            series,
            100,
            "%");
    List<Row> rows = new ArrayList<>();
    List<ScorecardHistoryView.Point> points = history.points();
    for (int i = points.size() - 1; i >= 0 && rows.size() < TABLE_DAYS; i--) {
      ScorecardHistoryView.Point point = points.get(i);
      List<Integer> percents = new ArrayList<>();
      for (String level : history.levels()) {
        percents.add(
            point.entities() == 0
                ? 0
                : (int)
                    Math.round(100.0 * point.levels().getOrDefault(level, 0) / point.entities()));
      }
      rows.add(new Row(point.date(), point.entities(), percents));
    }
    return new Trend(
        history.scorecard(),
        title,
        history.levels(),
        chart,
        rows,
        points.size(),
        history.withheld());
  }

  static Adoption adoption(ActionAdoption figures, String id) {
    if (figures == null) {
      return null;
    }
    return new Adoption(
        figures,
        Charts.bars(
            id,
            "Action runs per week",
            "Bar chart of the action runs requested in each UTC week (weeks start on Monday) over"
                + " the last "
                + figures.weeks().size()
                + " weeks; the tables below have the numbers by definition and team.",
            figures.weeks().stream().map(week -> week.substring(5)).toList(),
            figures.totals().perWeek()));
  }
}
