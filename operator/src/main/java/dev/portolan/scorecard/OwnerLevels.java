package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many of each owner's entities are at each level of one scorecard, for the per-owner gauges.
 * At most {@link #MAX_OWNERS} owners are named: past that, the owners with the most graded entities
 * (ties by name) keep their own series and the rest are summed under {@link #OTHER}, so the number
 * of series stays bounded (owners × levels) however many owners the catalog has. Entities without
 * an owner count under {@link #NO_OWNER}.
 *
 * @param byOwner by owner: the count at every level (None and each declared level, even at zero)
 */
public record OwnerLevels(Map<String, Map<String, Integer>> byOwner) {
  public static final int MAX_OWNERS = 2000;
  public static final String NO_OWNER = "_none";
  public static final String OTHER = "_other";

  public static OwnerLevels of(String name, ScorecardSpec spec, Collection<Entity> entities) {
    return of(name, spec, entities, MAX_OWNERS);
  }

  static OwnerLevels of(String name, ScorecardSpec spec, Collection<Entity> entities, int max) {
    List<String> declared = new ArrayList<>();
    declared.add(Levels.NONE);
    if (spec != null && spec.levels != null) {
      spec.levels.stream()
          .filter(l -> l != null && !l.isBlank() && !declared.contains(l))
          .forEach(declared::add);
    }
    Map<String, Map<String, Integer>> counts = new HashMap<>();
    Map<String, Integer> totals = new HashMap<>();
    for (Entity entity : entities) {
      ScorecardResult result =
          entity.getStatus() == null || entity.getStatus().scorecards == null
              ? null
              : entity.getStatus().scorecards.get(name);
      if (result == null) {
        continue;
      }
      String owner = entity.getSpec() == null ? null : entity.getSpec().owner;
      owner = owner == null || owner.isEmpty() ? NO_OWNER : owner;
      String level = result.level == null ? Levels.NONE : result.level;
      counts.computeIfAbsent(owner, o -> zeroes(declared)).merge(level, 1, Integer::sum);
      totals.merge(owner, 1, Integer::sum);
    }
    List<String> owners = new ArrayList<>(counts.keySet());
    owners.sort(
        Comparator.comparing((String o) -> -totals.get(o))
            .thenComparing(Comparator.naturalOrder()));
    Map<String, Map<String, Integer>> byOwner = new LinkedHashMap<>();
    for (int i = 0; i < owners.size(); i++) {
      String owner = owners.get(i);
      boolean named = owners.size() <= max || i < max - 1;
      if (named) {
        byOwner.put(owner, counts.get(owner));
      } else {
        Map<String, Integer> other = byOwner.computeIfAbsent(OTHER, o -> zeroes(declared));
        counts.get(owner).forEach((level, n) -> other.merge(level, n, Integer::sum));
      }
    }
    return new OwnerLevels(byOwner);
  }

  private static Map<String, Integer> zeroes(List<String> levels) {
    Map<String, Integer> zero = new LinkedHashMap<>();
    levels.forEach(level -> zero.put(level, 0));
    return zero;
  }
}
