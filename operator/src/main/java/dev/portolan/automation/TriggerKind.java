package dev.portolan.automation;

import dev.portolan.cel.CelScope;
import dev.portolan.model.AutomationSpec;
import java.util.ArrayList;
import java.util.List;

/** The kinds of trigger, by the name status.trigger and status.recent give them. */
public enum TriggerKind {
  ENTITY_CREATED("EntityCreated", "entityCreated", CelScope.AUTOMATION_ENTITY, true),
  ENTITY_UPDATED("EntityUpdated", "entityUpdated", CelScope.AUTOMATION_UPDATE, false),
  ENTITY_DELETED("EntityDeleted", "entityDeleted", CelScope.AUTOMATION_ENTITY, false),
  SCORECARD_LEVEL_CHANGED(
      "ScorecardLevelChanged", "scorecardLevelChanged", CelScope.AUTOMATION_LEVEL, true),
  DATE_TIME_REACHED("DateTimeReached", "dateTimeReached", CelScope.AUTOMATION_ENTITY, true),
  ACTION_FINISHED("ActionFinished", "actionFinished", CelScope.AUTOMATION_ACTION, true),
  SCHEDULE("Schedule", "schedule", CelScope.AUTOMATION_SCHEDULE, true);

  private final String displayName;
  private final String field;
  private final CelScope scope;
  private final boolean replayable;

  TriggerKind(String displayName, String field, CelScope scope, boolean replayable) {
    this.displayName = displayName;
    this.field = field;
    this.scope = scope;
    this.replayable = replayable;
  }

  /** The name in status.trigger, e.g. ScorecardLevelChanged. */
  public String displayName() {
    return displayName;
  }

  /** The path of the trigger's member in the spec, e.g. spec.trigger.scorecardLevelChanged. */
  public String field() {
    return "spec.trigger." + field;
  }

  /** The variables the condition and the effects' expressions read. */
  public CelScope scope() {
    return scope;
  }

  /** Whether a new leader replays the occurrences it missed (from status.processedThrough). */
  public boolean replayable() {
    return replayable;
  }

  /** The members the trigger sets, in declaration order (exactly one when the API validated it). */
  public static List<TriggerKind> of(AutomationSpec.Trigger trigger) {
    List<TriggerKind> kinds = new ArrayList<>();
    if (trigger == null) {
      return kinds;
    }
    if (trigger.entityCreated != null) {
      kinds.add(ENTITY_CREATED);
    }
    if (trigger.entityUpdated != null) {
      kinds.add(ENTITY_UPDATED);
    }
    if (trigger.entityDeleted != null) {
      kinds.add(ENTITY_DELETED);
    }
    if (trigger.scorecardLevelChanged != null) {
      kinds.add(SCORECARD_LEVEL_CHANGED);
    }
    if (trigger.dateTimeReached != null) {
      kinds.add(DATE_TIME_REACHED);
    }
    if (trigger.actionFinished != null) {
      kinds.add(ACTION_FINISHED);
    }
    if (trigger.schedule != null) {
      kinds.add(SCHEDULE);
    }
    return kinds;
  }
}
