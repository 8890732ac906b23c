package dev.portolan.automation;

import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.Problem;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks and compiles Automations: the one trigger, the condition (a CEL boolean) and each effect's
 * expressions, in the {@link CelScope} of the trigger's variables, under the usual budgets. Each
 * problem names its field. Compiled once per uid and generation.
 */
public final class AutomationCompiler {
  public static final String INVALID_TRIGGER = "InvalidTrigger";
  public static final String INVALID_EXPRESSION = "InvalidExpression";
  public static final String INVALID_SPEC = "InvalidSpec";

  static final Set<String> TERMINAL_PHASES = Set.of("Succeeded", "Failed", "Rejected");

  private final CelEngine cel;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(String uid, Long generation, CompiledAutomation compiled) {}

  public AutomationCompiler(CelEngine cel) {
    this.cel = cel;
  }

  /** The automation compiled, from the cache while its uid and generation stay. */
  public CompiledAutomation compile(Automation automation) {
    var meta = automation.getMetadata();
    String key = meta.getNamespace() + "/" + meta.getName();
    Entry entry = cache.get(key);
    if (entry != null
        && meta.getGeneration() != null
        && Objects.equals(entry.uid(), meta.getUid())
        && Objects.equals(entry.generation(), meta.getGeneration())) {
      return entry.compiled();
    }
    CompiledAutomation compiled =
        compile(meta.getNamespace(), meta.getName(), meta.getUid(), automation.getSpec());
    cache.put(key, new Entry(meta.getUid(), meta.getGeneration(), compiled));
    return compiled;
  }

  /** Forgets a deleted automation. */
  public void forget(String namespace, String name) {
    cache.remove(namespace + "/" + name);
  }

  CompiledAutomation compile(String namespace, String name, String uid, AutomationSpec spec) {
    if (spec == null) {
      spec = new AutomationSpec();
    }
    List<Problem> problems = new ArrayList<>();
    if (spec.serviceAccountName == null || spec.serviceAccountName.isBlank()) {
      problems.add(
          Problem.at(
              INVALID_SPEC,
              "spec.serviceAccountName",
              "is required: name the ServiceAccount of this namespace whose rights the"
                  + " automation's runs have"));
    }
    List<TriggerKind> kinds = TriggerKind.of(spec.trigger);
    TriggerKind kind = kinds.size() == 1 ? kinds.get(0) : null;
    if (kind == null) {
      problems.add(
          Problem.at(
              INVALID_TRIGGER,
              "spec.trigger",
              (kinds.isEmpty() ? "names no trigger" : "names " + kinds.size() + " triggers")
                  + "; give exactly one of entityCreated, entityUpdated, entityDeleted,"
                  + " scorecardLevelChanged, dateTimeReached, actionFinished, schedule"));
    } else {
      checkTrigger(kind, spec.trigger, problems);
    }
    CelScope scope = kind == null ? CelScope.AUTOMATION_ENTITY : kind.scope();
    String variables = variables(kind);
    CompiledExpression condition =
        blank(spec.condition)
            ? null
            : expression(
                spec.condition, scope, ExpectedType.BOOLEAN, "spec.condition", variables, problems);
    CompiledAutomation.StartAction startAction = null;
    CompiledAutomation.EventEffect event = null;
    CompiledAutomation.Notify notify = null;
    AutomationSpec.Effects effects = spec.effects;
    if (effects == null
        || (effects.startAction == null && effects.notify == null && effects.event == null)) {
      problems.add(
          Problem.at(
              INVALID_SPEC,
              "spec.effects",
              "give at least one effect: startAction, notify or event"));
    } else {
      if (effects.startAction != null) {
        startAction = startAction(effects.startAction, kind, scope, variables, problems);
      }
      if (effects.event != null) {
        event = event(effects.event, scope, variables, problems);
      }
      if (effects.notify != null) {
        notify = notify(effects.notify, scope, variables, problems);
      }
    }
    int max =
        spec.maxRunsPerMinute == null
            ? AutomationSpec.DEFAULT_MAX_RUNS_PER_MINUTE
            : spec.maxRunsPerMinute;
    if (max < 1) {
      problems.add(
          Problem.at(INVALID_SPEC, "spec.maxRunsPerMinute", "must be at least 1, not " + max));
    }
    return new CompiledAutomation(
        namespace,
        name,
        uid,
        spec.serviceAccountName,
        spec.namespaceSelector,
        kind,
        spec.trigger,
        condition,
        startAction,
        event,
        notify,
        max,
        Boolean.TRUE.equals(spec.triggerOnOwnRuns),
        List.copyOf(problems));
  }

  private static void checkTrigger(
      TriggerKind kind, AutomationSpec.Trigger trigger, List<Problem> problems) {
    switch (kind) {
      case ENTITY_CREATED -> required(kind, "blueprint", trigger.entityCreated.blueprint, problems);
      case ENTITY_UPDATED -> required(kind, "blueprint", trigger.entityUpdated.blueprint, problems);
      case ENTITY_DELETED -> required(kind, "blueprint", trigger.entityDeleted.blueprint, problems);
      case SCORECARD_LEVEL_CHANGED ->
          required(kind, "scorecard", trigger.scorecardLevelChanged.scorecard, problems);
      case DATE_TIME_REACHED -> {
        required(kind, "blueprint", trigger.dateTimeReached.blueprint, problems);
        required(kind, "property", trigger.dateTimeReached.property, problems);
      }
      case ACTION_FINISHED -> {
        required(kind, "definition", trigger.actionFinished.definition, problems);
        if (trigger.actionFinished.phases != null) {
          for (String phase : trigger.actionFinished.phases) {
            if (!TERMINAL_PHASES.contains(phase)) {
              problems.add(
                  Problem.at(
                      INVALID_TRIGGER,
                      kind.field() + ".phases",
                      "'"
                          + phase
                          + "' is not a terminal phase; use Succeeded, Failed or Rejected"));
            }
          }
        }
      }
      case SCHEDULE -> required(kind, "cron", trigger.schedule.cron, problems);
    }
  }

  private static void required(
      TriggerKind kind, String member, String value, List<Problem> problems) {
    if (blank(value)) {
      problems.add(Problem.at(INVALID_TRIGGER, kind.field() + "." + member, "is required"));
    }
  }

  private CompiledAutomation.StartAction startAction(
      AutomationSpec.StartAction spec,
      TriggerKind kind,
      CelScope scope,
      String variables,
      List<Problem> problems) {
    String field = "spec.effects.startAction";
    if (blank(spec.definition)) {
      problems.add(
          Problem.at(INVALID_SPEC, field + ".definition", "is required: name an ActionDefinition"));
    }
    CompiledExpression entity =
        blank(spec.entity)
            ? null
            : expression(
                spec.entity, scope, ExpectedType.STRING, field + ".entity", variables, problems);
    Map<String, CompiledExpression> inputs = new LinkedHashMap<>();
    if (spec.inputs != null) {
      spec.inputs.forEach(
          (input, source) -> {
            CompiledExpression compiled =
                expression(
                    source,
                    scope,
                    ExpectedType.ANY,
                    field + ".inputs." + input,
                    variables,
                    problems);
            if (compiled != null) {
              inputs.put(input, compiled);
            }
          });
    }
    return new CompiledAutomation.StartAction(spec.definition, entity, Map.copyOf(inputs));
  }

  private CompiledAutomation.EventEffect event(
      AutomationSpec.EventEffect spec, CelScope scope, String variables, List<Problem> problems) {
    String field = "spec.effects.event";
    if (blank(spec.reason) || !spec.reason.matches("[A-Z][A-Za-z0-9]*")) {
      problems.add(
          Problem.at(
              INVALID_SPEC,
              field + ".reason",
              "must be an UpperCamelCase word such as BelowSilver, not '" + spec.reason + "'"));
    }
    if (spec.type != null && !List.of("Normal", "Warning").contains(spec.type)) {
      problems.add(
          Problem.at(INVALID_SPEC, field + ".type", "must be Normal or Warning, not " + spec.type));
    }
    CompiledExpression message =
        expression(
            spec.message, scope, ExpectedType.STRING, field + ".message", variables, problems);
    return new CompiledAutomation.EventEffect(spec.reason, "Warning".equals(spec.type), message);
  }

  private CompiledAutomation.Notify notify(
      AutomationSpec.Notify spec, CelScope scope, String variables, List<Problem> problems) {
    String field = "spec.effects.notify";
    if (spec.secretRef == null || blank(spec.secretRef.name)) {
      problems.add(
          Problem.at(
              INVALID_SPEC,
              field + ".secretRef.name",
              "is required: name a Secret of this namespace with the key url"));
    }
    String format = spec.format == null ? "JSON" : spec.format;
    if (!List.of("JSON", "Slack").contains(format)) {
      problems.add(
          Problem.at(INVALID_SPEC, field + ".format", "must be JSON or Slack, not " + format));
    }
    CompiledExpression message =
        expression(
            spec.message, scope, ExpectedType.STRING, field + ".message", variables, problems);
    return new CompiledAutomation.Notify(
        spec.secretRef == null ? null : spec.secretRef.name, format, message);
  }

  private CompiledExpression expression(
      String source,
      CelScope scope,
      ExpectedType expected,
      String field,
      String variables,
      List<Problem> problems) {
    if (blank(source)) {
      problems.add(
          Problem.at(
              INVALID_EXPRESSION,
              field,
              "is empty; write a CEL expression over "
                  + variables
                  + " that returns "
                  + expected.schemaName()));
      return null;
    }
    try {
      return cel.compile(source, scope, expected);
    } catch (ExpressionException e) {
      problems.add(
          Problem.at(
              INVALID_EXPRESSION,
              field,
              e.getMessage()
                  + "; write a CEL expression over "
                  + variables
                  + " that returns "
                  + expected.schemaName()));
      return null;
    }
  }

  /** The variables of the trigger's scope, for messages. */
  static String variables(TriggerKind kind) {
    if (kind == null) {
      return "the trigger's variables";
    }
    List<String> names = new ArrayList<>(kind.scope().variables().keySet());
    names.sort(null);
    return String.join(", ", names);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
