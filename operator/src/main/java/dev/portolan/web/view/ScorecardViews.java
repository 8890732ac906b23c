package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scorecards as the portal shows them, counted over the entities the caller may see (so a caller
 * never learns of entities in namespaces hidden from them): the distribution across levels, and for
 * one scorecard each rule's pass rate and the entities at each level.
 */
public final class ScorecardViews {
  private ScorecardViews() {}

  public static ItemList<ScorecardView> list(
      CatalogIndex index, Predicate<String> maySeeNamespace) {
    return list(index, maySeeNamespace, entity -> true);
  }

  /**
   * As {@link #list(CatalogIndex, Predicate)}, counting only the entities {@code include} accepts
   * (the UI's owner filter).
   */
  public static ItemList<ScorecardView> list(
      CatalogIndex index, Predicate<String> maySeeNamespace, Predicate<Entity> include) {
    List<Scorecard> scorecards = new ArrayList<>(index.scorecards());
    scorecards.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    List<ScorecardView> items = new ArrayList<>();
    for (Scorecard scorecard : scorecards) {
      Tally tally = tally(index, scorecard, maySeeNamespace, include);
      items.add(view(scorecard, tally, null, null, null));
    }
    return ItemList.of(items);
  }

  /** One scorecard with the first page of its entities at each level ({@link LevelPage#FIRST}). */
  public static ScorecardView one(
      CatalogIndex index, Scorecard scorecard, Predicate<String> maySeeNamespace) {
    return one(index, scorecard, maySeeNamespace, entity -> true, LevelPage.FIRST);
  }

  /**
   * As {@link #one(CatalogIndex, Scorecard, Predicate)}, over only the entities {@code include}
   * accepts, listing the {@code page} of each level's entities; the counts cover them all.
   */
  public static ScorecardView one(
      CatalogIndex index,
      Scorecard scorecard,
      Predicate<String> maySeeNamespace,
      Predicate<Entity> include,
      LevelPage page) {
    Tally tally = tally(index, scorecard, maySeeNamespace, include);
    List<ScorecardView.RuleTally> rules = new ArrayList<>();
    for (ScorecardSpec.Rule rule : scorecard.getSpec().rules) {
      int passed = tally.passed.getOrDefault(rule.name, 0);
      int failed = tally.failed.getOrDefault(rule.name, 0);
      rules.add(
          new ScorecardView.RuleTally(
              rule.name,
              rule.level,
              rule.title == null ? rule.name : rule.title,
              passed,
              failed,
              passed + failed > 0
                  ? Math.round(1000.0 * passed / (passed + failed)) / 1000.0
                  : null));
    }
    String name = scorecard.getMetadata().getName();
    Map<String, List<Entity>> atLevels = new LinkedHashMap<>();
    tally.levels.keySet().forEach(level -> atLevels.put(level, new ArrayList<>()));
    for (Entity entity : tally.entities) {
      String level = entity.getStatus().scorecards.get(name).level;
      if (page.lists(level)) {
        atLevels.computeIfAbsent(level, l -> new ArrayList<>()).add(entity);
      }
    }
    Map<String, List<ScorecardView.GradedEntity>> byLevel = new LinkedHashMap<>();
    Map<String, Integer> nextOffset = new LinkedHashMap<>();
    atLevels.forEach(
        (level, entities) -> {
          if (!page.lists(level)) {
            return;
          }
          int end = (int) Math.min(entities.size(), (long) page.offset() + page.limit());
          List<ScorecardView.GradedEntity> shown = new ArrayList<>();
          if (page.offset() < end) {
            entities.sort(BY_REF); // only the levels listed are sorted
            for (Entity entity : entities.subList(page.offset(), end)) {
              shown.add(graded(entity));
            }
          }
          byLevel.put(level, shown);
          if (end < entities.size()) {
            nextOffset.put(level, end);
          }
        });
    return view(scorecard, tally, rules, byLevel, nextOffset);
  }

  private static final Comparator<Entity> BY_REF =
      Comparator.comparing((Entity e) -> e.getMetadata().getNamespace())
          .thenComparing(e -> e.getMetadata().getName());

  /**
   * The owners of the entities the scorecard graded that the caller may see, in order, for the UI's
   * owner filter.
   */
  public static java.util.SortedSet<String> owners(
      CatalogIndex index, Scorecard scorecard, Predicate<String> maySeeNamespace) {
    java.util.SortedSet<String> owners = new java.util.TreeSet<>();
    for (Entity entity : tally(index, scorecard, maySeeNamespace, e -> true).entities) {
      String owner = entity.getSpec().owner;
      if (owner != null && !owner.isEmpty()) {
        owners.add(owner);
      }
    }
    return owners;
  }

  private static ScorecardView.GradedEntity graded(Entity entity) {
    return new ScorecardView.GradedEntity(
        entity.getMetadata().getNamespace(),
        entity.getMetadata().getName(),
        entity.getSpec().title == null ? entity.getMetadata().getName() : entity.getSpec().title,
        entity.getSpec().owner);
  }

  private static ScorecardView view(
      Scorecard scorecard,
      Tally tally,
      List<ScorecardView.RuleTally> rules,
      Map<String, List<ScorecardView.GradedEntity>> byLevel,
      Map<String, Integer> nextOffset) {
    ScorecardSpec spec = scorecard.getSpec();
    return new ScorecardView(
        scorecard.getMetadata().getName(),
        spec.title == null ? scorecard.getMetadata().getName() : spec.title,
        spec.blueprint,
        scorecard.getStatus() != null
            && Conditions.isTrue(scorecard.getStatus().conditions, "Ready"),
        tally.graded,
        tally.levels,
        rules,
        byLevel,
        nextOffset);
  }

  private static final class Tally {
    int graded;
    final Map<String, Integer> levels = new LinkedHashMap<>();
    final Map<String, Integer> passed = new LinkedHashMap<>();
    final Map<String, Integer> failed = new LinkedHashMap<>();
    final List<Entity> entities = new ArrayList<>();
  }

  private static Tally tally(
      CatalogIndex index,
      Scorecard scorecard,
      Predicate<String> maySeeNamespace,
      Predicate<Entity> include) {
    Tally tally = new Tally();
    tally.levels.put("None", 0);
    scorecard.getSpec().levels.forEach(level -> tally.levels.put(level, 0));
    String name = scorecard.getMetadata().getName();
    Map<String, Boolean> visible = new LinkedHashMap<>();
    for (Entity entity : index.entitiesOfBlueprint(scorecard.getSpec().blueprint)) {
      EntityStatus status = entity.getStatus();
      EntityStatus.ScorecardResult result =
          status == null || status.scorecards == null ? null : status.scorecards.get(name);
      if (result == null
          || !visible.computeIfAbsent(entity.getMetadata().getNamespace(), maySeeNamespace::test)
          || !include.test(entity)) {
        continue;
      }
      tally.graded++;
      tally.levels.merge(result.level, 1, Integer::sum);
      tally.entities.add(entity);
      if (result.rules != null) {
        for (EntityStatus.RuleResult rule : result.rules) {
          (Boolean.TRUE.equals(rule.passed) ? tally.passed : tally.failed)
              .merge(rule.name, 1, Integer::sum);
        }
      }
    }
    return tally;
  }
}
