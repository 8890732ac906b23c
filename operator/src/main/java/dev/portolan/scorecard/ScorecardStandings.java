package dev.portolan.scorecard;

import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One scorecard's grades over a set of entities, counted once per namespace so that the counts a
 * caller sees are sums over the namespaces they may see: the graded entities, how many are at each
 * level, how many pass and fail each rule, the owners, and the entities at each level in name
 * order. Immutable: built from the entities as they are, then read by any number of callers.
 *
 * <p>An entity counts when it holds a result of the scorecard ({@code status.scorecards.<name>}); a
 * result without a level counts at {@link Levels#NONE}. The levels are None, then the declared
 * levels lowest first, then any level a result graded under an earlier spec still names, in name
 * order.
 */
public final class ScorecardStandings {
  private static final Comparator<Entity> BY_NAME =
      Comparator.comparing((Entity e) -> e.getMetadata().getName());

  private final List<String> levels;
  private final TreeMap<String, Namespace> namespaces;

  private ScorecardStandings(List<String> levels, TreeMap<String, Namespace> namespaces) {
    this.levels = levels;
    this.namespaces = namespaces;
  }

  /** The counts of one namespace; the entity lists are sorted by name. */
  private static final class Namespace {
    int graded;
    final Map<String, Integer> levels = new HashMap<>();
    final Map<String, int[]> rules = new HashMap<>(); // rule name -> {passed, failed, waived}
    final Map<String, Integer> owners = new HashMap<>();
    final Map<String, List<Entity>> entities = new HashMap<>();
  }

  /**
   * What a caller sees of the standings: the graded entities, the count at each level (every level,
   * in the standings' order), and per rule name the entities that passed, failed and were waived on
   * it.
   */
  public record Tally(
      int graded,
      Map<String, Integer> levels,
      Map<String, Integer> passed,
      Map<String, Integer> failed,
      Map<String, Integer> waived) {}

  /** A page of one level's entities in namespace and name order, and how many there are. */
  public record LevelEntities(List<Entity> page, int total) {}

  /** The standings of scorecard {@code name} (declared by {@code spec}) over {@code entities}. */
  public static ScorecardStandings of(
      String name, ScorecardSpec spec, Collection<Entity> entities) {
    TreeMap<String, Namespace> namespaces = new TreeMap<>();
    Set<String> stale = new TreeSet<>();
    Set<String> declared = declared(spec);
    for (Entity entity : entities) {
      ScorecardResult result =
          entity.getStatus() == null || entity.getStatus().scorecards == null
              ? null
              : entity.getStatus().scorecards.get(name);
      if (result == null) {
        continue;
      }
      Namespace at =
          namespaces.computeIfAbsent(entity.getMetadata().getNamespace(), ns -> new Namespace());
      String level = result.level == null ? Levels.NONE : result.level;
      if (!declared.contains(level)) {
        stale.add(level);
      }
      at.graded++;
      at.levels.merge(level, 1, Integer::sum);
      at.entities.computeIfAbsent(level, l -> new ArrayList<>()).add(entity);
      String owner = entity.getSpec() == null ? null : entity.getSpec().owner;
      if (owner != null && !owner.isEmpty()) {
        at.owners.merge(owner, 1, Integer::sum);
      }
      if (result.rules != null) {
        for (RuleResult rule : result.rules) {
          at.rules.computeIfAbsent(rule.name, r -> new int[3])[ScorecardTally.outcome(rule)]++;
        }
      }
    }
    namespaces.values().forEach(ns -> ns.entities.values().forEach(list -> list.sort(BY_NAME)));
    List<String> levels = new ArrayList<>(declared);
    levels.addAll(stale);
    return new ScorecardStandings(List.copyOf(levels), namespaces);
  }

  /**
   * The standings of the scorecard declared by {@code spec} over every entity of {@code parts},
   * each made by {@link #of} from the entities of other namespaces than the rest: the same as one
   * made from all of them at once.
   */
  public static ScorecardStandings combine(
      ScorecardSpec spec, Collection<ScorecardStandings> parts) {
    TreeMap<String, Namespace> namespaces = new TreeMap<>();
    Set<String> declared = declared(spec);
    Set<String> stale = new TreeSet<>();
    for (ScorecardStandings part : parts) {
      part.namespaces.forEach(
          (namespace, counts) -> {
            if (namespaces.putIfAbsent(namespace, counts) != null) {
              throw new IllegalArgumentException("namespace " + namespace + " is in two parts");
            }
          });
      part.levels.stream().filter(level -> !declared.contains(level)).forEach(stale::add);
    }
    List<String> levels = new ArrayList<>(declared);
    levels.addAll(stale);
    return new ScorecardStandings(List.copyOf(levels), namespaces);
  }

  /** None, then the declared levels lowest first. */
  private static Set<String> declared(ScorecardSpec spec) {
    Set<String> declared = new LinkedHashSet<>();
    declared.add(Levels.NONE);
    if (spec != null && spec.levels != null) {
      spec.levels.stream().filter(l -> l != null && !l.isBlank()).forEach(declared::add);
    }
    return declared;
  }

  /** The namespaces that hold graded entities, in name order. */
  public Set<String> namespaces() {
    return java.util.Collections.unmodifiableSet(namespaces.keySet());
  }

  /** The counts over the namespaces {@code maySeeNamespace} accepts. */
  public Tally tally(Predicate<String> maySeeNamespace) {
    int graded = 0;
    Map<String, Integer> atLevels = new LinkedHashMap<>();
    levels.forEach(level -> atLevels.put(level, 0));
    Map<String, Integer> passed = new HashMap<>();
    Map<String, Integer> failed = new HashMap<>();
    Map<String, Integer> waived = new HashMap<>();
    for (Map.Entry<String, Namespace> entry : namespaces.entrySet()) {
      if (!maySeeNamespace.test(entry.getKey())) {
        continue;
      }
      Namespace ns = entry.getValue();
      graded += ns.graded;
      ns.levels.forEach((level, count) -> atLevels.merge(level, count, Integer::sum));
      ns.rules.forEach(
          (rule, count) -> {
            passed.merge(rule, count[0], Integer::sum);
            failed.merge(rule, count[1], Integer::sum);
            waived.merge(rule, count[2], Integer::sum);
          });
    }
    return new Tally(graded, atLevels, passed, failed, waived);
  }

  /**
   * Up to {@code limit} of the entities at {@code level} from {@code offset} on, in namespace and
   * name order, over the namespaces {@code maySeeNamespace} accepts; whole namespaces before the
   * offset are skipped by their counts.
   */
  public LevelEntities atLevel(
      String level, Predicate<String> maySeeNamespace, int offset, int limit) {
    List<Entity> page = new ArrayList<>(Math.min(limit, 64));
    int total = 0;
    for (Map.Entry<String, Namespace> entry : namespaces.entrySet()) {
      List<Entity> here = entry.getValue().entities.get(level);
      if (here == null || !maySeeNamespace.test(entry.getKey())) {
        continue;
      }
      int from = Math.max(0, offset - total);
      int to = (int) Math.min(here.size(), (long) offset + limit - total);
      if (from < to) {
        page.addAll(here.subList(from, to));
      }
      total += here.size();
    }
    return new LevelEntities(page, total);
  }

  /**
   * How many graded entities each owner has, over the namespaces {@code maySeeNamespace} accepts.
   */
  public Map<String, Integer> owners(Predicate<String> maySeeNamespace) {
    Map<String, Integer> owners = new HashMap<>();
    namespaces.forEach(
        (namespace, ns) -> {
          if (maySeeNamespace.test(namespace)) {
            ns.owners.forEach((owner, count) -> owners.merge(owner, count, Integer::sum));
          }
        });
    return owners;
  }
}
