package dev.portolan.kit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A group of gauges set together, e.g. every series of one scorecard: {@link #set} registers the
 * series it is given, updates their values and removes the group's series it was not given, so a
 * dashboard never shows a series its source no longer has. Not thread-safe: the caller holds the
 * lock that orders its updates.
 */
public final class GaugeSet {
  /** One series: its meter name and tags. */
  public record Series(String meter, Tags tags) {}

  private record Registered(Gauge gauge, AtomicLong value) {}

  private final MeterRegistry registry;
  private final Function<String, String> descriptions;
  private final Map<Series, Registered> current = new HashMap<>();

  /**
   * @param descriptions the description of each meter name, for the metric's HELP line
   */
  public GaugeSet(MeterRegistry registry, Function<String, String> descriptions) {
    this.registry = registry;
    this.descriptions = descriptions;
  }

  /** Makes the group exactly these series with these values. */
  public void set(Map<Series, Long> wanted) {
    Set<Series> gone = new HashSet<>(current.keySet());
    gone.removeAll(wanted.keySet());
    gone.forEach(series -> registry.remove(current.remove(series).gauge()));
    wanted.forEach(
        (series, value) -> current.computeIfAbsent(series, this::register).value().set(value));
  }

  /** Removes every series of the group. */
  public void clear() {
    set(Map.of());
  }

  private Registered register(Series series) {
    AtomicLong value = new AtomicLong();
    Gauge gauge =
        Gauge.builder(series.meter(), value, AtomicLong::get)
            .description(descriptions.apply(series.meter()))
            .tags(series.tags())
            .strongReference(true)
            .register(registry);
    return new Registered(gauge, value);
  }
}
