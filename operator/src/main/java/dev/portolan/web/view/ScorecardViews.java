package dev.portolan.web.view;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.NamespaceParts;
import dev.portolan.kit.Conditions;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import dev.portolan.scorecard.ScorecardStandings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Scorecards as the portal shows them, counted over the entities the caller may see (so a caller
 * never learns of entities in namespaces hidden from them): the distribution across levels, and for
 * one scorecard each rule's pass rate and the entities at each level.
 *
 * <p>A scorecard's {@link ScorecardStandings} (its counts per namespace) are built per namespace
 * and remembered until an entity of that namespace or the scorecard changes; each request only sums
 * the namespaces its caller may see and lists one page per level. Narrowed to one owner, the counts
 * are made from that owner's entities alone.
 */
public final class ScorecardViews {
  /** How many owners the UI's owner filter offers: the owners with the most graded entities. */
  public static final int OWNER_CHOICES = 20;

  private final CatalogIndex index;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  /** A scorecard's standings per namespace, until the scorecard changes. */
  private record Remembered(
      Scorecard scorecard, NamespaceParts<ScorecardStandings, ScorecardStandings> standings) {}

  public ScorecardViews(CatalogIndex index) {
    this.index = index;
  }

  /** Every scorecard with its counts. */
  public ItemList<ScorecardView> list(Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    List<Scorecard> scorecards = new ArrayList<>(index.scorecards());
    scorecards.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    remembered.keySet().retainAll(scorecards.stream().map(s -> s.getMetadata().getName()).toList());
    List<ScorecardView> items = new ArrayList<>();
    for (Scorecard scorecard : scorecards) {
      items.add(view(scorecard, standings(scorecard).tally(visible), null, null, null));
    }
    return ItemList.of(items);
  }

  /** One scorecard with the first page of its entities at each level ({@link LevelPage#FIRST}). */
  public ScorecardView one(Scorecard scorecard, Predicate<String> maySeeNamespace) {
    return one(scorecard, maySeeNamespace, null, LevelPage.FIRST);
  }

  /**
   * One scorecard over only the entities of {@code owner} (every entity when null or empty),
   * listing the {@code page} of each level's entities; the counts cover them all.
   */
  public ScorecardView one(
      Scorecard scorecard, Predicate<String> maySeeNamespace, String owner, LevelPage page) {
    Predicate<String> visible = once(maySeeNamespace);
    ScorecardStandings standings =
        owner == null || owner.isEmpty() ? standings(scorecard) : ofOwner(scorecard, owner);
    ScorecardStandings.Tally tally = standings.tally(visible);
    List<ScorecardView.RuleTally> rules = new ArrayList<>();
    for (ScorecardSpec.Rule rule : scorecard.getSpec().rules) {
      int passed = tally.passed().getOrDefault(rule.name, 0);
      int failed = tally.failed().getOrDefault(rule.name, 0);
      int waived = tally.waived().getOrDefault(rule.name, 0);
      int graded = passed + failed + waived;
      rules.add(
          new ScorecardView.RuleTally(
              rule.name,
              rule.level,
              rule.title == null ? rule.name : rule.title,
              passed,
              failed,
              waived,
              graded > 0 ? Math.round(1000.0 * passed / graded) / 1000.0 : null));
    }
    Map<String, List<ScorecardView.GradedEntity>> byLevel = new LinkedHashMap<>();
    Map<String, Integer> nextOffset = new LinkedHashMap<>();
    for (String level : tally.levels().keySet()) {
      if (!page.lists(level)) {
        continue;
      }
      ScorecardStandings.LevelEntities at =
          standings.atLevel(level, visible, page.offset(), page.limit());
      List<ScorecardView.GradedEntity> shown = new ArrayList<>(at.page().size());
      at.page().forEach(entity -> shown.add(graded(entity)));
      byLevel.put(level, shown);
      long end = Math.min(at.total(), (long) page.offset() + page.limit());
      if (end < at.total()) {
        nextOffset.put(level, (int) end);
      }
    }
    return view(scorecard, tally, rules, byLevel, nextOffset);
  }

  /**
   * The scorecard's daily level counts ({@code status.history}). They are stored for the whole
   * cluster, not per namespace (a per-namespace series of a year would not fit in one object at a
   * few hundred namespaces), so a caller sees them only when they may see every namespace that
   * holds an entity the scorecard grades now; anyone else gets only today's counts over the
   * namespaces they may see, {@code scope} says which, and {@code withheld} why.
   */
  public ScorecardHistoryView history(Scorecard scorecard, Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    ScorecardStandings standings = standings(scorecard);
    String name = scorecard.getMetadata().getName();
    List<String> levels = new ArrayList<>(standings.tally(namespace -> false).levels().keySet());
    List<String> hidden =
        standings.namespaces().stream().filter(namespace -> !visible.test(namespace)).toList();
    if (hidden.isEmpty()) {
      List<ScorecardHistoryView.Point> points = new ArrayList<>();
      if (scorecard.getStatus() != null && scorecard.getStatus().history != null) {
        for (var point : scorecard.getStatus().history) {
          points.add(
              new ScorecardHistoryView.Point(
                  point.date,
                  point.entities == null ? 0 : point.entities,
                  point.levels == null ? Map.of() : point.levels));
          if (point.levels != null) {
            point.levels.keySet().stream().filter(l -> !levels.contains(l)).forEach(levels::add);
          }
        }
      }
      return new ScorecardHistoryView(name, ScorecardHistoryView.CLUSTER, levels, points, null);
    }
    ScorecardStandings.Tally tally = standings.tally(visible);
    return new ScorecardHistoryView(
        name,
        ScorecardHistoryView.NAMESPACES,
        levels,
        List.of(
            new ScorecardHistoryView.Point(
                dev.portolan.scorecard.ScorecardHistory.today(java.time.Clock.systemUTC())
                    .toString(),
                tally.graded(),
                tally.levels())),
        "the history is kept for the whole cluster and this scorecard grades entities in "
            + hidden.size()
            + " namespace(s) you may not list entities in; shown: today's counts over the"
            + " namespaces you may see");
  }

  /**
   * How many of the entities the scorecard graded that the caller may see each owner has, for the
   * UI's owner filter.
   */
  public Map<String, Integer> owners(Scorecard scorecard, Predicate<String> maySeeNamespace) {
    return standings(scorecard).owners(once(maySeeNamespace));
  }

  private ScorecardStandings standings(Scorecard scorecard) {
    String name = scorecard.getMetadata().getName();
    return remembered
        .compute(
            name,
            (n, known) ->
                known != null && known.scorecard == scorecard
                    ? known
                    : new Remembered(
                        scorecard,
                        NamespaceParts.ofBlueprint(
                            index,
                            scorecard.getSpec().blueprint,
                            entities -> ScorecardStandings.of(name, scorecard.getSpec(), entities),
                            parts ->
                                ScorecardStandings.combine(scorecard.getSpec(), parts.values()))))
        .standings()
        .current();
  }

  private ScorecardStandings ofOwner(Scorecard scorecard, String owner) {
    String blueprint = scorecard.getSpec().blueprint;
    List<Entity> owned = new ArrayList<>();
    for (Entity entity : index.entitiesOwnedBy(owner)) {
      if (entity.getSpec() != null
          && java.util.Objects.equals(blueprint, entity.getSpec().blueprint)) {
        owned.add(entity);
      }
    }
    return ScorecardStandings.of(scorecard.getMetadata().getName(), scorecard.getSpec(), owned);
  }

  /** The caller's predicate asked once per namespace within one request. */
  private static Predicate<String> once(Predicate<String> maySeeNamespace) {
    Map<String, Boolean> answers = new HashMap<>();
    return namespace -> answers.computeIfAbsent(namespace, maySeeNamespace::test);
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
      ScorecardStandings.Tally tally,
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
        tally.graded(),
        tally.levels(),
        rules,
        byLevel,
        nextOffset);
  }
}
