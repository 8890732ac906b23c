package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.NamespaceParts;
import dev.portolan.initiative.CompiledInitiative;
import dev.portolan.initiative.Counts;
import dev.portolan.initiative.InitiativeCompiler;
import dev.portolan.initiative.InitiativeStandings;
import dev.portolan.initiative.OwnerProgressList;
import dev.portolan.initiative.ProgressHistory;
import dev.portolan.model.Initiative;
import dev.portolan.model.InitiativeSpec;
import dev.portolan.model.InitiativeStatus;
import dev.portolan.model.Scorecard;
import dev.portolan.web.error.ApiException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Initiatives as the portal shows them, counted over the entities the caller may see: the same
 * {@link InitiativeStandings} the reconciler counts (from the grades entities hold), per namespace,
 * each remembered until an entity there, the initiative or its scorecard changes; a request sums
 * the namespaces its caller may see. The owners come from those namespaces only, so no owner or
 * count of a hidden namespace shows. The history, counted over every namespace when it was
 * recorded, is shown only to a caller who may see every namespace that held a covered entity.
 */
public final class InitiativeViews {
  private final CatalogIndex index;
  private final InitiativeCompiler compiler;
  private final Function<String, Map<String, JsonNode>> defaults;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  /** An initiative's standings per namespace, until the initiative or its scorecard changes. */
  private record Remembered(
      Initiative initiative,
      Scorecard scorecard,
      NamespaceParts<InitiativeStandings, InitiativeStandings> standings) {}

  /**
   * @param defaults a blueprint's property defaults, for the filter's view of an entity
   */
  public InitiativeViews(
      CatalogIndex index,
      InitiativeCompiler compiler,
      Function<String, Map<String, JsonNode>> defaults) {
    this.index = index;
    this.compiler = compiler;
    this.defaults = defaults;
  }

  /**
   * Views with compilers of their own (listening to the index to forget deleted resources), for a
   * portal built without the operator's.
   */
  public static InitiativeViews over(CatalogIndex index) {
    dev.portolan.cel.CelEngine cel = new dev.portolan.cel.CelEngine();
    InitiativeCompiler compiler = new InitiativeCompiler(cel);
    dev.portolan.catalog.BlueprintCompiler blueprints =
        new dev.portolan.catalog.BlueprintCompiler(cel);
    index.addListener(compiler);
    index.addListener(blueprints);
    return new InitiativeViews(
        index,
        compiler,
        blueprint ->
            index.blueprint(blueprint).map(b -> blueprints.compile(b).defaults()).orElse(Map.of()));
  }

  /** Every initiative with its counts, by name. */
  public ItemList<InitiativeView> list(Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    List<Initiative> initiatives = new ArrayList<>(index.initiatives());
    initiatives.sort(Comparator.comparing(i -> i.getMetadata().getName()));
    remembered
        .keySet()
        .retainAll(initiatives.stream().map(i -> i.getMetadata().getName()).toList());
    List<InitiativeView> items = new ArrayList<>(initiatives.size());
    for (Initiative initiative : initiatives) {
      items.add(view(initiative, visible, false));
    }
    return ItemList.of(items);
  }

  /** One initiative with its owners; 404 when there is none of that name. */
  public InitiativeView one(String name, Predicate<String> maySeeNamespace) {
    return view(find(name), once(maySeeNamespace), true);
  }

  /** One initiative's history, when the caller may see it. */
  public InitiativeView.History history(String name, Predicate<String> maySeeNamespace) {
    Initiative initiative = find(name);
    InitiativeSpec spec = spec(initiative);
    InitiativeStatus status = initiative.getStatus();
    String why = null;
    if (status != null && Boolean.TRUE.equals(status.namespacesTruncated)) {
      why =
          "the history counts more namespaces than the status lists, so no caller can be shown"
              + " it";
    } else if (status != null && status.namespaces != null) {
      Predicate<String> visible = once(maySeeNamespace);
      List<String> hidden = status.namespaces.stream().filter(visible.negate()).toList();
      if (!hidden.isEmpty()) {
        why =
            "the history counts entities of "
                + hidden.size()
                + (hidden.size() == 1 ? " namespace" : " namespaces")
                + " you may not see; the initiative's current figures over yours are at"
                + " /api/v1/initiatives/"
                + name;
      }
    }
    List<InitiativeView.Point> points = new ArrayList<>();
    if (why == null && status != null && status.history != null) {
      LocalDate start = date(spec.startDate);
      LocalDate deadline = date(spec.deadline);
      for (InitiativeStatus.ProgressPoint point : status.history) {
        if (point.date == null || point.covered == null || point.passing == null) {
          continue;
        }
        Counts counts = ProgressHistory.counts(point);
        points.add(
            new InitiativeView.Point(
                point.date,
                counts.covered(),
                counts.passing(),
                counts.waived(),
                counts.percent(),
                expectedAtEndOf(date(point.date), start, deadline)));
      }
    }
    return new InitiativeView.History(
        name, spec.startDate, spec.deadline, why == null, why, points);
  }

  /**
   * The initiatives that cover some of {@code owner}'s entities in namespaces the caller may see,
   * by name, each with {@code owners} holding that owner's counts alone.
   */
  public List<InitiativeView> ofOwner(String owner, Predicate<String> maySeeNamespace) {
    Predicate<String> visible = once(maySeeNamespace);
    List<Initiative> initiatives = new ArrayList<>(index.initiatives());
    initiatives.sort(Comparator.comparing(i -> i.getMetadata().getName()));
    List<InitiativeView> found = new ArrayList<>();
    for (Initiative initiative : initiatives) {
      CompiledInitiative compiled = compiler.compile(initiative);
      Scorecard scorecard = index.scorecard(compiled.scorecard()).orElse(null);
      if (!compiled.problemsWith(scorecard).isEmpty()) {
        continue;
      }
      Counts counts = standings(initiative, compiled, scorecard).tally(visible).owners().get(owner);
      if (counts == null || counts.covered() == 0) {
        continue;
      }
      InitiativeView all = view(initiative, visible, false);
      found.add(
          new InitiativeView(
              all.name(),
              all.title(),
              all.description(),
              all.scorecard(),
              all.target(),
              all.rules(),
              all.startDate(),
              all.deadline(),
              all.ready(),
              all.phase(),
              all.phaseReason(),
              all.covered(),
              all.passing(),
              all.failing(),
              all.waived(),
              all.percent(),
              all.expectedPercent(),
              all.daysLeft(),
              List.of(
                  new InitiativeView.OwnerProgress(
                      owner,
                      counts.covered(),
                      counts.passing(),
                      counts.failing(),
                      counts.waived(),
                      counts.percent())),
              null));
    }
    return found;
  }

  private Initiative find(String name) {
    return index
        .initiative(name)
        .orElseThrow(
            () -> ApiException.notFound("initiative '" + name + "' does not exist", "name"));
  }

  private InitiativeView view(Initiative initiative, Predicate<String> visible, boolean owners) {
    InitiativeSpec spec = spec(initiative);
    InitiativeStatus status = initiative.getStatus();
    CompiledInitiative compiled = compiler.compile(initiative);
    Scorecard scorecard = index.scorecard(compiled.scorecard()).orElse(null);
    boolean valid = compiled.problemsWith(scorecard).isEmpty();
    InitiativeStandings.Tally tally =
        valid ? standings(initiative, compiled, scorecard).tally(visible) : null;
    Counts counts = tally == null ? Counts.NONE : tally.total();
    List<InitiativeView.OwnerProgress> ownerRows = null;
    InitiativeView.OtherOwners others = null;
    if (owners) {
      ownerRows = new ArrayList<>();
      if (tally != null) {
        OwnerProgressList.Bounded bounded =
            OwnerProgressList.of(tally.owners(), OwnerProgressList.LIMIT);
        for (OwnerProgressList.Owner owner : bounded.top()) {
          ownerRows.add(
              new InitiativeView.OwnerProgress(
                  owner.owner(),
                  owner.counts().covered(),
                  owner.counts().passing(),
                  owner.counts().failing(),
                  owner.counts().waived(),
                  owner.counts().percent()));
        }
        if (bounded.others() > 0) {
          others =
              new InitiativeView.OtherOwners(
                  bounded.others(),
                  bounded.othersCounts().covered(),
                  bounded.othersCounts().passing(),
                  bounded.othersCounts().failing(),
                  bounded.othersCounts().waived());
        }
      }
    }
    boolean ready =
        status != null && dev.portolan.kit.Conditions.isTrue(status.conditions, "Ready") && valid;
    return new InitiativeView(
        initiative.getMetadata().getName(),
        spec.title == null ? initiative.getMetadata().getName() : spec.title,
        spec.description,
        spec.scorecard,
        compiled.target() == null ? null : compiled.target().describe(),
        spec.rules == null ? List.of() : List.copyOf(spec.rules),
        spec.startDate,
        spec.deadline,
        ready,
        ready ? status.phase : null,
        ready ? status.phaseReason : null,
        counts.covered(),
        counts.passing(),
        counts.failing(),
        counts.waived(),
        counts.percent(),
        ready ? status.expectedPercent : null,
        ready ? status.daysLeft : null,
        ownerRows,
        others);
  }

  private InitiativeStandings standings(
      Initiative initiative, CompiledInitiative compiled, Scorecard scorecard) {
    return remembered
        .compute(
            initiative.getMetadata().getName(),
            (name, known) ->
                known != null && known.initiative == initiative && known.scorecard == scorecard
                    ? known
                    : new Remembered(
                        initiative,
                        scorecard,
                        NamespaceParts.ofBlueprint(
                            index,
                            scorecard.getSpec().blueprint,
                            entities ->
                                InitiativeStandings.of(
                                    compiled, scorecard.getSpec().levels, entities, defaults),
                            parts -> InitiativeStandings.combine(parts.values()))))
        .standings()
        .current();
  }

  private static InitiativeSpec spec(Initiative initiative) {
    return initiative.getSpec() == null ? new InitiativeSpec() : initiative.getSpec();
  }

  /** The straight line's value at the end of {@code day}, in percent rounded down. */
  static int expectedAtEndOf(LocalDate day, LocalDate start, LocalDate deadline) {
    if (day == null || start == null || deadline == null || !deadline.isAfter(start)) {
      return 0;
    }
    long total = deadline.toEpochDay() + 1 - start.toEpochDay();
    long gone = day.toEpochDay() + 1 - start.toEpochDay();
    return (int) Math.max(0, Math.min(100, 100 * gone / total));
  }

  private static LocalDate date(String value) {
    try {
      return value == null ? null : LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Predicate<String> once(Predicate<String> maySeeNamespace) {
    Map<String, Boolean> answers = new HashMap<>();
    return namespace -> answers.computeIfAbsent(namespace, maySeeNamespace::test);
  }
}
