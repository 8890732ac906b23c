package dev.portolan.guardrail;

import dev.portolan.catalog.EntityEvaluator;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelEngine;
import dev.portolan.discovery.CompiledDiscoveryRule;
import dev.portolan.discovery.DiscoveryMapper;
import dev.portolan.discovery.SourceKind;
import dev.portolan.kit.Problem;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntityStatus.RuleResult;
import dev.portolan.model.EntityStatus.ScorecardResult;
import dev.portolan.model.Scorecard;
import dev.portolan.model.ScorecardSpec;
import dev.portolan.scorecard.CompiledScorecard;
import dev.portolan.scorecard.ScorecardChecker;
import dev.portolan.scorecard.ScorecardGrader;
import dev.portolan.scorecard.SourceObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Judges a workload object (a Deployment, StatefulSet, DaemonSet, CronJob, or any object a
 * blueprint's discovery rule maps) on the entity it would become, without a cluster. Used by {@code
 * portolan grade} and by admission.
 *
 * <p><b>What is the same as the live grade.</b> The object is mapped by {@link DiscoveryMapper},
 * the class discovery maps live objects with, through every compiled discovery rule of its
 * apiVersion and kind (selector, namespace selector, {@code when}, exclusion annotation, name,
 * title, owner, properties, relations, the owner/title/system annotations); two rules giving one
 * entity name keep the first, as live. The entity is evaluated by {@link EntityEvaluator} (the
 * blueprint's defaults and calculated values) and graded by {@link ScorecardGrader} over every
 * scorecard of its blueprint, with the object itself as {@code source}: the same filter, the same
 * compiled rules, {@link dev.portolan.scorecard.Levels} for the level. A scorecard or blueprint
 * with problems of its own grades nothing, as live (the verdict then has no level and says why).
 *
 * <p><b>What can differ.</b> Only what the object alone cannot tell: (1) mirrored values are empty
 * (they come from related entities, which this grader does not read), and so is any calculated
 * value computed from them; relations are mapped but not checked; (2) a rule's {@code workloads}
 * variable (a Service's selected workloads) is empty; (3) the object is graded as given: fields the
 * cluster fills in later (the {@code status}, such as {@code readyReplicas}, and for a manifest
 * read from a file the API server's defaults) are absent; (4) an entity of the same name made by
 * hand, which discovery would refuse to overwrite, is not known. Scorecards in the examples read
 * only the entity's own mapped values, so for them the grade is the live grade.
 *
 * <p>The definitions are compiled once per set ({@link GradingDefinitions}, cached by each
 * resource's uid and generation, or its content when it has neither), so grading an object costs
 * the mapping and the rules' evaluation only. Every CEL program runs under the engine's budgets.
 * Thread-safe.
 */
public final class WorkloadGrader {
  static final String RULE_ERROR = "RuleError";
  private static final int KEPT_SETS = 4;

  private final CelEngine cel;
  private final DiscoveryMapper mapper;
  private final Map<DefinitionsKey, GradingDefinitions> compiled =
      new LinkedHashMap<>(KEPT_SETS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DefinitionsKey, GradingDefinitions> eldest) {
          return size() > KEPT_SETS;
        }
      };

  /**
   * @param clusterScopedNamespace where the entities of cluster-scoped objects other than
   *     Namespaces live, as the operator's discovery is configured
   */
  public WorkloadGrader(CelEngine cel, String clusterScopedNamespace) {
    this.cel = cel;
    this.mapper = new DiscoveryMapper(clusterScopedNamespace);
  }

  /**
   * The object's verdicts: one per scorecard of each blueprint whose discovery maps it (a scorecard
   * whose filter leaves the entity out gives none), and one without a scorecard for a rule that
   * selects the object but cannot map it. Empty when no rule maps the object.
   *
   * @param blueprints the blueprints to map with (those without discovery rules are still read, as
   *     relation targets)
   * @param scorecards the scorecards to grade with
   * @param object the manifest
   * @param namespaceLabels the labels of a namespace, for rules with a namespace selector (an empty
   *     map when unknown)
   */
  public List<WorkloadVerdict> grade(
      Collection<Blueprint> blueprints,
      Collection<Scorecard> scorecards,
      GenericKubernetesResource object,
      Function<String, Map<String, String>> namespaceLabels) {
    return grade(definitions(blueprints, scorecards), object, namespaceLabels);
  }

  /** The definitions compiled, from the cache when the same set was compiled before. */
  public GradingDefinitions definitions(
      Collection<Blueprint> blueprints, Collection<Scorecard> scorecards) {
    DefinitionsKey key = DefinitionsKey.of(blueprints, scorecards);
    synchronized (compiled) {
      GradingDefinitions found = compiled.get(key);
      if (found != null) {
        return found;
      }
    }
    GradingDefinitions made = new GradingDefinitions(cel, blueprints, scorecards);
    synchronized (compiled) {
      compiled.putIfAbsent(key, made);
      return compiled.get(key);
    }
  }

  /** The object's verdicts over definitions compiled before; see {@link #grade}. */
  public List<WorkloadVerdict> grade(
      GradingDefinitions definitions,
      GenericKubernetesResource object,
      Function<String, Map<String, String>> namespaceLabels) {
    if (object == null || object.getMetadata() == null || object.getKind() == null) {
      return List.of();
    }
    List<WorkloadVerdict> verdicts = new ArrayList<>();
    Set<EntityRef> mapped = new HashSet<>();
    SourceObjects source = SourceObjects.reading(entity -> Optional.of(object));
    for (CompiledDiscoveryRule rule :
        definitions.rules(new SourceKind(object.getApiVersion(), object.getKind()))) {
      DiscoveryMapper.Mapping mapping = mapper.map(rule, object, namespaceLabels, List::of);
      Entity entity = mapping.entity();
      if (entity == null) {
        if (!mapping.problems().isEmpty()) {
          verdicts.add(unmapped(rule.blueprint(), mapping.problems()));
        }
        continue;
      }
      EntityRef ref =
          new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName());
      if (!mapped.add(ref)) {
        verdicts.add(
            unmapped(
                rule.blueprint(),
                List.of(
                    Problem.at(
                        "InvalidDiscoveryRule",
                        "spec.discovery[" + rule.index() + "].name",
                        "gives entity '"
                            + ref.key()
                            + "', which an earlier rule already makes of this object;"
                            + " give each rule's entities names of their own"))));
        continue;
      }
      verdicts.addAll(gradeEntity(definitions, entity, mapping.problems(), source));
    }
    return verdicts;
  }

  private List<WorkloadVerdict> gradeEntity(
      GradingDefinitions definitions,
      Entity entity,
      List<Problem> mappingProblems,
      SourceObjects source) {
    String blueprint = entity.getSpec().blueprint;
    EntityEvaluator.Evaluation evaluation = definitions.evaluator().evaluate(entity);
    List<Problem> entityProblems = new ArrayList<>(mappingProblems);
    evaluation.problems().stream()
        .filter(p -> p.field() != null && p.field().startsWith("spec.properties"))
        .forEach(entityProblems::add);
    Map<String, ScorecardResult> results =
        new ScorecardGrader(definitions.catalog(), definitions.scorecards(), source)
            .grade(entity, evaluation);
    List<WorkloadVerdict> verdicts = new ArrayList<>();
    for (Scorecard scorecard : definitions.catalog().scorecardsOfBlueprint(blueprint)) {
      CompiledScorecard compiledScorecard = definitions.scorecards().compile(scorecard);
      ScorecardResult result = results.get(compiledScorecard.name());
      List<Problem> problems = new ArrayList<>(entityProblems);
      if (result != null) {
        List<FailedRule> failed = new ArrayList<>();
        for (RuleResult rule : result.rules) {
          if (!Boolean.TRUE.equals(rule.passed)) {
            failed.add(failedRule(scorecard.getSpec(), rule, problems));
          }
        }
        verdicts.add(verdict(entity, compiledScorecard, result.level, failed, problems));
        continue;
      }
      if (!evaluation.evaluated()) {
        problems.addAll(evaluation.problems());
      } else {
        problems.addAll(ScorecardChecker.check(compiledScorecard, definitions.catalog()));
      }
      if (problems.size() > entityProblems.size()) {
        verdicts.add(verdict(entity, compiledScorecard, null, List.of(), problems));
      } // else its filter leaves the entity out: not graded, as live
    }
    return verdicts;
  }

  private static FailedRule failedRule(
      ScorecardSpec spec, RuleResult result, List<Problem> problems) {
    ScorecardSpec.Rule declared = null;
    int index = -1;
    for (int i = 0; i < spec.rules.size(); i++) {
      if (result.name.equals(spec.rules.get(i).name)) {
        declared = spec.rules.get(i);
        index = i;
        break;
      }
    }
    if (result.error != null) {
      String where = "spec.rules[" + index + "].expression";
      problems.add(
          new Problem(RULE_ERROR, where, where + " (rule '" + result.name + "'): " + result.error));
    }
    String title =
        declared == null || declared.title == null || declared.title.isBlank()
            ? result.name
            : declared.title;
    String fix =
        declared == null || declared.fix == null || declared.fix.isBlank() ? null : declared.fix;
    return new FailedRule(result.name, result.level, title, fix);
  }

  private static WorkloadVerdict verdict(
      Entity entity,
      CompiledScorecard scorecard,
      String level,
      List<FailedRule> failed,
      List<Problem> problems) {
    return new WorkloadVerdict(
        entity.getSpec().blueprint,
        entity.getMetadata().getName(),
        entity.getMetadata().getNamespace(),
        scorecard.name(),
        level,
        scorecard.levels(),
        failed,
        problems);
  }

  private static WorkloadVerdict unmapped(String blueprint, List<Problem> problems) {
    return new WorkloadVerdict(blueprint, null, null, null, null, List.of(), List.of(), problems);
  }
}
