package dev.portolan.web.view;

import dev.portolan.action.ActionAdoption;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.NamespaceParts;
import dev.portolan.model.Action;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.NextLevelBlockers;
import dev.portolan.scorecard.ScorecardStandings;
import dev.portolan.web.error.ApiException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The insights pages' figures, counted over what the caller may see, from the index and the
 * scorecard views; nothing is stored and nothing is asked of the API server.
 *
 * <p>Cost: the catalog's counts per namespace (entities per blueprint and per owner) are built per
 * namespace and remembered until an entity there changes, so {@link #overview} sums the caller's
 * namespaces (linear in namespaces, plus each scorecard's stored history and one pass over the
 * action runs); {@link #team} reads only the team's own entities ({@code
 * CatalogIndex#entitiesOwnedBy}) and the action runs, once.
 */
public final class InsightViews {
  /** How many weeks of action runs the adoption figures cover, the current one included. */
  public static final int WEEKS = 12;

  private final CatalogIndex index;
  private final ScorecardViews scorecards;
  private final InitiativeViews initiatives;
  private final boolean actions;
  private final Clock clock;
  private final NamespaceParts<Counts, Map<String, Counts>> counts;

  /** One namespace's entities per blueprint and per owner. */
  private static final class Counts {
    final Map<String, Integer> blueprints = new HashMap<>();
    final Map<String, Integer> owners = new HashMap<>();

    static Counts of(List<Entity> entities) {
      Counts counts = new Counts();
      for (Entity entity : entities) {
        String blueprint = entity.getSpec() == null ? null : entity.getSpec().blueprint;
        counts.blueprints.merge(Objects.requireNonNullElse(blueprint, ""), 1, Integer::sum);
        String owner = entity.getSpec() == null ? null : entity.getSpec().owner;
        if (owner != null && !owner.isEmpty()) {
          counts.owners.merge(owner, 1, Integer::sum);
        }
      }
      return counts;
    }
  }

  /**
   * @param initiatives the initiatives, or null when the portal serves none
   * @param actions whether the portal serves actions (else no adoption figures)
   */
  public InsightViews(
      CatalogIndex index,
      ScorecardViews scorecards,
      InitiativeViews initiatives,
      boolean actions,
      Clock clock) {
    this.index = index;
    this.scorecards = scorecards;
    this.initiatives = initiatives;
    this.actions = actions;
    this.clock = clock;
    this.counts = new NamespaceParts<>(index, Counts::of, namespaces -> namespaces);
  }

  /** The insights for leads and executives. */
  public InsightsView overview(Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    Map<String, Integer> blueprints = new TreeMap<>();
    Map<String, Integer> owners = new HashMap<>();
    int entities = 0;
    for (Map.Entry<String, Counts> namespace : counts.current().entrySet()) {
      if (!visible.test(namespace.getKey())) {
        continue;
      }
      for (Map.Entry<String, Integer> e : namespace.getValue().blueprints.entrySet()) {
        blueprints.merge(e.getKey(), e.getValue(), Integer::sum);
        entities += e.getValue();
      }
      namespace.getValue().owners.forEach((o, n) -> owners.merge(o, n, Integer::sum));
    }
    for (Blueprint blueprint : index.blueprints()) {
      blueprints.putIfAbsent(blueprint.getMetadata().getName(), 0);
    }
    List<InsightsView.BlueprintTotal> totals = new ArrayList<>();
    blueprints.forEach(
        (name, count) ->
            totals.add(
                new InsightsView.BlueprintTotal(
                    name,
                    index
                        .blueprint(name)
                        .map(b -> b.getSpec() == null ? null : b.getSpec().title)
                        .filter(Objects::nonNull)
                        .orElse(name),
                    count)));
    List<ScorecardHistoryView> histories = new ArrayList<>();
    index.scorecards().stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .forEach(scorecard -> histories.add(scorecards.history(scorecard, visible)));
    List<InsightsView.Team> teams =
        owners.entrySet().stream()
            .sorted(
                Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(ScorecardViews.OWNER_CHOICES)
            .map(e -> new InsightsView.Team(e.getKey(), e.getValue()))
            .toList();
    return new InsightsView(
        entities,
        totals,
        histories,
        adoption(visible, null),
        teams,
        Math.max(0, owners.size() - teams.size()));
  }

  /**
   * One team's insights; 404 when no entity in a namespace the caller may see has that owner (so a
   * caller cannot learn of a team whose entities are all hidden from them).
   */
  public TeamInsightsView team(String owner, Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    Map<String, List<Entity>> byBlueprint = new TreeMap<>();
    int entities = 0;
    for (Entity entity : index.entitiesOwnedBy(owner)) {
      if (entity.getSpec() == null || !visible.test(entity.getMetadata().getNamespace())) {
        continue;
      }
      entities++;
      byBlueprint
          .computeIfAbsent(
              Objects.requireNonNullElse(entity.getSpec().blueprint, ""), b -> new ArrayList<>())
          .add(entity);
    }
    if (entities == 0) {
      throw ApiException.notFound(
          "no entity you may see is owned by '"
              + owner
              + "'; the owner is an entity's spec.owner, see GET /api/v1/insights for the teams",
          "owner");
    }
    List<TeamInsightsView.Scorecard> cards = new ArrayList<>();
    List<Scorecard> all = new ArrayList<>(index.scorecards());
    all.sort(Comparator.comparing(s -> s.getMetadata().getName()));
    for (Scorecard scorecard : all) {
      List<Entity> owned = byBlueprint.get(scorecard.getSpec().blueprint);
      if (owned == null) {
        continue;
      }
      String name = scorecard.getMetadata().getName();
      ScorecardStandings.Tally tally =
          ScorecardStandings.of(name, scorecard.getSpec(), owned).tally(namespace -> true);
      if (tally.graded() == 0) {
        continue;
      }
      cards.add(
          new TeamInsightsView.Scorecard(
              name,
              scorecard.getSpec().title == null ? name : scorecard.getSpec().title,
              scorecard.getSpec().blueprint,
              tally.graded(),
              tally.levels(),
              NextLevelBlockers.of(name, scorecard.getSpec(), owned).nextLevelRules(),
              scorecards.history(scorecard, visible)));
    }
    return new TeamInsightsView(
        owner,
        entities,
        TeamInsightsView.TREND_SCOPE,
        cards,
        initiatives == null ? List.of() : initiatives.ofOwner(owner, visible),
        adoption(visible, owner));
  }

  /** The adoption of the runs in visible namespaces; only those on {@code owner}'s entities. */
  private ActionAdoption adoption(Predicate<String> visible, String owner) {
    if (!actions) {
      return null;
    }
    Map<EntityRef, String> owners = new LinkedHashMap<>();
    List<Action> runs = new ArrayList<>();
    for (Action action : index.actions()) {
      if (!visible.test(action.getMetadata().getNamespace())) {
        continue;
      }
      if (owner != null && !owner.equals(teamOf(action, owners))) {
        continue;
      }
      runs.add(action);
    }
    return ActionAdoption.of(runs, a -> teamOf(a, owners), clock, WEEKS);
  }

  /** The owner of the run's entity, looked up once per entity within a request. */
  private String teamOf(Action action, Map<EntityRef, String> known) {
    if (action.getSpec() == null || action.getSpec().entity == null) {
      return null;
    }
    return EntityRef.parse(action.getSpec().entity, action.getMetadata().getNamespace())
        .map(
            ref ->
                known.computeIfAbsent(
                    ref,
                    r ->
                        index
                            .entity(r)
                            .map(e -> e.getSpec() == null ? "" : e.getSpec().owner)
                            .map(o -> o == null ? "" : o)
                            .orElse("")))
        .filter(o -> !o.isEmpty())
        .orElse(null);
  }

  /** The caller's predicate asked once per namespace within one request. */
  private static Predicate<String> once(Predicate<String> maySeeNamespace) {
    Map<String, Boolean> answers = new HashMap<>();
    return namespace -> answers.computeIfAbsent(namespace, maySeeNamespace::test);
  }
}
