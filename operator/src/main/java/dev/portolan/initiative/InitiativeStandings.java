package dev.portolan.initiative;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.cel.ExpressionException;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.ScorecardResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One initiative's standings over the grades its scorecard's entities hold, counted once per
 * namespace so that what a caller sees is a sum over the namespaces they may see: covered entities
 * by outcome, per owner, and those the filter could not be evaluated for. Immutable once built.
 *
 * <p>An entity is covered when it holds a result of the initiative's scorecard ({@code
 * status.scorecards.<name>}, written by the entity reconciler: nothing is graded here), its owner
 * is one of spec.owners (when given) and spec.filter is true for it.
 */
public final class InitiativeStandings {
  /** The owner key of entities without one. */
  public static final String NO_OWNER = "";

  private final TreeMap<String, Namespace> namespaces;

  private InitiativeStandings(TreeMap<String, Namespace> namespaces) {
    this.namespaces = namespaces;
  }

  private static final class Namespace {
    Counts total = Counts.NONE;
    int notEvaluated;
    final Map<String, Counts> owners = new HashMap<>();
  }

  /**
   * What a caller sees: the covered entities by outcome, by owner, the namespaces that hold them,
   * and how many graded entities the filter failed for.
   */
  public record Tally(
      Counts total, Map<String, Counts> owners, List<String> namespaces, int notEvaluated) {}

  /**
   * The standings of {@code initiative} over {@code entities} (those of the scorecard's blueprint).
   *
   * @param levels the scorecard's levels, lowest first
   * @param defaults a blueprint's property defaults, for the filter's view of an entity
   */
  public static InitiativeStandings of(
      CompiledInitiative initiative,
      List<String> levels,
      Collection<Entity> entities,
      Function<String, Map<String, JsonNode>> defaults) {
    TreeMap<String, Namespace> namespaces = new TreeMap<>();
    for (Entity entity : entities) {
      ScorecardResult result =
          entity.getStatus() == null || entity.getStatus().scorecards == null
              ? null
              : entity.getStatus().scorecards.get(initiative.scorecard());
      if (result == null) {
        continue;
      }
      String owner =
          entity.getSpec() == null || entity.getSpec().owner == null
              ? NO_OWNER
              : entity.getSpec().owner;
      if (!initiative.owners().isEmpty() && !initiative.owners().contains(owner)) {
        continue;
      }
      String namespace = entity.getMetadata().getNamespace();
      if (initiative.filter() != null) {
        boolean kept;
        try {
          String blueprint = entity.getSpec() == null ? null : entity.getSpec().blueprint;
          Map<String, JsonNode> known = blueprint == null ? Map.of() : defaults.apply(blueprint);
          kept =
              initiative
                  .filter()
                  .test(
                      Map.of(
                          "entity",
                          EntityVariables.withComputed(
                              entity, Objects.requireNonNullElse(known, Map.of()))));
        } catch (ExpressionException e) {
          namespaces.computeIfAbsent(namespace, ns -> new Namespace()).notEvaluated++;
          continue;
        }
        if (!kept) {
          continue;
        }
      }
      Outcome outcome = initiative.target().outcome(result, levels);
      Namespace at = namespaces.computeIfAbsent(namespace, ns -> new Namespace());
      at.total = at.total.plus(outcome);
      at.owners.merge(owner, Counts.NONE.plus(outcome), Counts::plus);
    }
    return new InitiativeStandings(namespaces);
  }

  /**
   * The standings over every entity of {@code parts}, each made by {@link #of} from the entities of
   * other namespaces than the rest: the same as one made from all of them at once.
   */
  public static InitiativeStandings combine(Collection<InitiativeStandings> parts) {
    TreeMap<String, Namespace> namespaces = new TreeMap<>();
    for (InitiativeStandings part : parts) {
      part.namespaces.forEach(
          (namespace, counts) -> {
            if (namespaces.putIfAbsent(namespace, counts) != null) {
              throw new IllegalArgumentException("namespace " + namespace + " is in two parts");
            }
          });
    }
    return new InitiativeStandings(namespaces);
  }

  /** The counts over the namespaces {@code maySeeNamespace} accepts. */
  public Tally tally(Predicate<String> maySeeNamespace) {
    Counts total = Counts.NONE;
    int notEvaluated = 0;
    Map<String, Counts> owners = new HashMap<>();
    TreeSet<String> held = new TreeSet<>();
    for (Map.Entry<String, Namespace> entry : namespaces.entrySet()) {
      if (!maySeeNamespace.test(entry.getKey())) {
        continue;
      }
      Namespace ns = entry.getValue();
      total = total.plus(ns.total);
      notEvaluated += ns.notEvaluated;
      ns.owners.forEach((owner, counts) -> owners.merge(owner, counts, Counts::plus));
      if (ns.total.covered() > 0) {
        held.add(entry.getKey());
      }
    }
    return new Tally(total, owners, List.copyOf(held), notEvaluated);
  }
}
