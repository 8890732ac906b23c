package dev.portolan.automation;

import dev.portolan.kit.Timestamps;
import dev.portolan.model.Automation;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each automation's floor: the instant at or before which every occurrence was already handled (its
 * status.processedThrough when this leader took over, else its creation). Only occurrences after
 * the floor are evaluated, so a new leader replays what the last one missed and nothing it already
 * did.
 */
final class Floors {
  private final Map<String, Instant> floors = new ConcurrentHashMap<>();

  /** Takes the automation's floor from its status the first time this leader sees it. */
  void seed(String key, Automation automation) {
    floors.computeIfAbsent(key, k -> floorOf(automation));
  }

  /** The floor, or null while the automation was not activated. */
  Instant get(String key) {
    return floors.get(key);
  }

  /** Whether an occurrence at {@code time} is still to be handled. */
  boolean after(CompiledAutomation a, Instant time) {
    Instant floor = floors.get(a.key());
    return time != null && (floor == null || time.isAfter(floor));
  }

  void forget(String key) {
    floors.remove(key);
  }

  private static Instant floorOf(Automation automation) {
    String mark = automation.getStatus() == null ? null : automation.getStatus().processedThrough;
    Instant floor = Timestamps.parse(mark);
    if (floor != null) {
      return floor;
    }
    Instant created = Timestamps.parse(automation.getMetadata().getCreationTimestamp());
    return created == null ? Instant.EPOCH : created.minusSeconds(1);
  }
}
