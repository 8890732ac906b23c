package dev.portolan.automation;

import dev.portolan.cel.CompiledExpression;
import dev.portolan.kit.Problem;
import dev.portolan.model.AutomationSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Automation's spec checked and compiled: its trigger's kind and target, the condition and the
 * effects' expressions, and the problems that keep it from acting (each naming its field). An
 * automation with problems acts on nothing.
 *
 * @param namespace the automation's namespace
 * @param name its name
 * @param uid its uid (the schedule's occurrence ids carry it)
 * @param kind the trigger's kind, or null when the trigger names none or several
 * @param trigger the spec's trigger, as given
 * @param condition the compiled condition, or null for none (always true)
 * @param startAction the compiled startAction effect, or null
 * @param event the compiled event effect, or null
 * @param notification the compiled notify effect, or null
 */
public record CompiledAutomation(
    String namespace,
    String name,
    String uid,
    String serviceAccount,
    LabelSelector namespaceSelector,
    TriggerKind kind,
    AutomationSpec.Trigger trigger,
    CompiledExpression condition,
    StartAction startAction,
    EventEffect event,
    Notify notification,
    int maxRunsPerMinute,
    boolean triggerOnOwnRuns,
    List<Problem> problems) {

  /** The Action an occurrence starts. */
  public record StartAction(
      String definition, CompiledExpression entity, Map<String, CompiledExpression> inputs) {}

  /** The Event an occurrence records on the triggering entity. */
  public record EventEffect(String reason, boolean warning, CompiledExpression message) {}

  /** The notification an occurrence sends. */
  public record Notify(String secretName, String format, CompiledExpression message) {}

  /** The automation's key: namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }

  public boolean valid() {
    return problems.isEmpty() && kind != null;
  }

  /** The blueprint an entity trigger watches, or null. */
  public String blueprint() {
    if (trigger == null || kind == null) {
      return null;
    }
    return switch (kind) {
      case ENTITY_CREATED -> trigger.entityCreated.blueprint;
      case ENTITY_UPDATED -> trigger.entityUpdated.blueprint;
      case ENTITY_DELETED -> trigger.entityDeleted.blueprint;
      case DATE_TIME_REACHED -> trigger.dateTimeReached.blueprint;
      default -> null;
    };
  }

  /** The scorecard a level-change trigger watches, or null. */
  public String scorecard() {
    return kind == TriggerKind.SCORECARD_LEVEL_CHANGED
        ? trigger.scorecardLevelChanged.scorecard
        : null;
  }

  /** The date-time property a dateTimeReached trigger watches, or null. */
  public String property() {
    return kind == TriggerKind.DATE_TIME_REACHED ? trigger.dateTimeReached.property : null;
  }

  /** The definition an actionFinished trigger watches, or null. */
  public String definition() {
    return kind == TriggerKind.ACTION_FINISHED ? trigger.actionFinished.definition : null;
  }

  /** The terminal phases an actionFinished trigger counts. */
  public Set<String> phases() {
    if (kind != TriggerKind.ACTION_FINISHED
        || trigger.actionFinished.phases == null
        || trigger.actionFinished.phases.isEmpty()) {
      return AutomationCompiler.TERMINAL_PHASES;
    }
    return Set.copyOf(trigger.actionFinished.phases);
  }
}
