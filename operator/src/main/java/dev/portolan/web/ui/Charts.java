package dev.portolan.web.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as inline SVG: the geometry is computed here, in a fixed view box that
 * the page scales to its width (so a chart is never wider than the window), and the templates
 * ({@code tag/line-chart.jte}, {@code tag/bar-chart.jte}) only print it. Every chart has a title
 * and a description for assistive technology, and its page shows the same figures in a table.
 */
public final class Charts {
  static final int WIDTH = 640;
  static final int HEIGHT = 220;
  static final int LEFT = 48;
  static final int RIGHT = 12;
  static final int TOP = 12;
  static final int BOTTOM = 28;

  /** How many colours the series cycle through ({@code series-0} … in portal.css). */
  static final int COLOURS = 6;

  private Charts() {}

  /** A line chart: one polyline per series over the same x values. */
  public record LineChart(
      String id,
      String title,
      String description,
      List<Line> lines,
      List<Tick> xTicks,
      List<Tick> yTicks) {
    public int width() {
      return WIDTH;
    }

    public int height() {
      return HEIGHT;
    }

    public int left() {
      return LEFT;
    }

    public int right() {
      return WIDTH - RIGHT;
    }

    public int bottom() {
      return HEIGHT - BOTTOM;
    }
  }

  /**
   * A series: its name, its colour class and its points ("x,y x,y …"), with the last point marked
   * (so a series of one day still shows).
   */
  public record Line(String name, String colour, String points, double lastX, double lastY) {}

  /** A labelled position along an axis. */
  public record Tick(double at, String label) {}

  /** A bar chart: one bar per label, values from zero up. */
  public record BarChart(
      String id, String title, String description, List<Bar> bars, List<Tick> yTicks) {
    public int width() {
      return WIDTH;
    }

    public int height() {
      return HEIGHT;
    }

    public int left() {
      return LEFT;
    }

    public int right() {
      return WIDTH - RIGHT;
    }

    public int bottom() {
      return HEIGHT - BOTTOM;
    }
  }

  /** A bar: its geometry, its value and label, whether its label is printed under it. */
  public record Bar(
      String label, int value, double x, double y, double width, double height, boolean labelled) {
    public double centre() {
      return x + width / 2;
    }
  }

  /** One named series of values for {@link #lines}. */
  public record Series(String name, List<Double> values) {}

  /**
   * Lines over {@code xLabels} (oldest first); the y axis from 0 to {@code max} (at least 1), its
   * labels made by {@code unit} ("%" or "").
   */
  static LineChart lines(
      String id,
      String title,
      String description,
      List<String> xLabels,
      List<Series> series,
      double max,
      String unit) {
    double top = niceCeiling(Math.max(1, max));
    int n = xLabels.size();
    List<Line> lines = new ArrayList<>();
    int colour = 0;
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      double lastX = LEFT;
      double lastY = HEIGHT - BOTTOM;
      for (int i = 0; i < s.values().size(); i++) {
        Double value = s.values().get(i);
        if (value == null) {
          continue;
        }
        lastX = x(i, n);
        lastY = y(value, top);
        if (points.length() > 0) {
          points.append(' ');
        }
        points.append(fmt(lastX)).append(',').append(fmt(lastY));
      }
      lines.add(
          new Line(s.name(), "series-" + (colour++ % COLOURS), points.toString(), lastX, lastY));
    }
    return new LineChart(id, title, description, lines, xTicks(xLabels), yTicks(top, unit));
  }

  /** Bars of {@code values} under {@code labels}; every label is printed when there is room. */
  static BarChart bars(
      String id, String title, String description, List<String> labels, List<Integer> values) {
    int n = Math.max(1, labels.size());
    int max = values.stream().mapToInt(Integer::intValue).max().orElse(0);
    double top = niceCeiling(Math.max(1, max));
    double slot = (double) (WIDTH - RIGHT - LEFT) / n;
    double width = Math.max(1, slot * 0.7);
    int every = Math.max(1, (int) Math.ceil(n / 6.0));
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      double height = (HEIGHT - BOTTOM - TOP) * values.get(i) / top;
      bars.add(
          new Bar(
              labels.get(i),
              values.get(i),
              LEFT + slot * i + (slot - width) / 2,
              HEIGHT - BOTTOM - height,
              width,
              height,
              (labels.size() - 1 - i) % every == 0));
    }
    return new BarChart(id, title, description, bars, yTicks(top, ""));
  }

  private static double x(int i, int n) {
    return n <= 1
        ? (LEFT + WIDTH - RIGHT) / 2.0
        : LEFT + (double) (WIDTH - RIGHT - LEFT) * i / (n - 1);
  }

  private static double y(double value, double top) {
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * Math.min(value, top) / top;
  }

  /** At most six labels along x, the last (newest) always. */
  private static List<Tick> xTicks(List<String> labels) {
    int n = labels.size();
    int every = Math.max(1, (int) Math.ceil(n / 5.0));
    List<Tick> ticks = new ArrayList<>();
    for (int i = n - 1; i >= 0; i -= every) {
      ticks.add(0, new Tick(x(i, n), labels.get(i)));
    }
    return ticks;
  }

  private static List<Tick> yTicks(double top, String unit) {
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i <= 4; i++) {
      double value = top * i / 4;
      String label = value == Math.rint(value) ? String.valueOf((long) value) : fmt(value);
      ticks.add(new Tick(y(value, top), label + unit));
    }
    return ticks;
  }

  /** The least of 1, 2, 2.5 or 5 times a power of ten that is at least {@code value}. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /**
   * A coordinate with one decimal, rounded half up, as {@code %.1f} writes it, without the cost of
   * a {@code Formatter} per number (a chart of a year's history writes thousands of them).
   */
  static String fmt(double value) {
    if (!Double.isFinite(value) || Math.abs(value) >= 1e15) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    long tenths = Math.round(Math.abs(value) * 10);
    StringBuilder out = new StringBuilder(12);
    if (value < 0 && tenths != 0) {
      out.append('-');
    }
    return out.append(tenths / 10).append('.').append(tenths % 10).toString();
  }
}
