package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class AutomationStatus extends ConditionedStatus {
  /** How many firings status.recent keeps. */
  public static final int RECENT = 20;

  @JsonPropertyDescription(
      "The trigger's kind: EntityCreated, EntityUpdated, EntityDeleted, ScorecardLevelChanged,"
          + " DateTimeReached, ActionFinished or Schedule.")
  public String trigger;

  @JsonPropertyDescription(
      "The watermark (RFC 3339): every replayable occurrence at or before it has been handled; a"
          + " new leader evaluates the later ones again (their run names keep them from running"
          + " twice).")
  public String processedThrough;

  @JsonPropertyDescription("When the automation last acted on an occurrence (RFC 3339).")
  public String lastFired;

  @JsonPropertyDescription(
      "What the automation did since it was created, for the occurrences at or before"
          + " processedThrough (each counted once, whichever leader worked it; a later one is"
          + " counted once the watermark passes it).")
  public Counts counts;

  @Size(max = RECENT)
  @JsonPropertyDescription(
      "The latest firings, newest first, at most 20, shown at once; one per occurrence.")
  public List<Firing> recent = new ArrayList<>();

  @Size(max = 100)
  @JsonPropertyDescription(
      "The namespaces spec.namespaceSelector picks where spec.serviceAccountName may not list"
          + " entities, so the automation ignores them (at most 100).")
  public List<String> deniedNamespaces = new ArrayList<>();

  /** The tally of an automation's firings. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"fired", "runsStarted", "notified", "skipped", "failed"})
  public static class Counts {
    @JsonPropertyDescription("Occurrences acted on (the condition held and no guard skipped them).")
    public Long fired = 0L;

    @JsonPropertyDescription(
        "Actions started (an Action already there for the occurrence counts once).")
    public Long runsStarted = 0L;

    @JsonPropertyDescription("Notifications delivered.")
    public Long notified = 0L;

    @JsonPropertyDescription("Occurrences skipped (condition false, storm guard, own run).")
    public Long skipped = 0L;

    @JsonPropertyDescription("Occurrences whose effects failed (see status.recent for why).")
    public Long failed = 0L;
  }

  /** What the automation did with one occurrence. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "occurrence",
    "time",
    "trigger",
    "entity",
    "result",
    "reason",
    "run",
    "message"
  })
  public static class Firing {
    /** The values of {@link #result}. */
    public static final String STARTED = "Started";

    public static final String NOTIFIED = "Notified";
    public static final String RECORDED = "Recorded";
    public static final String SKIPPED = "Skipped";
    public static final String FAILED = "Failed";

    @JsonPropertyDescription(
        "The occurrence's id (e.g. level/<entity uid>/<scorecard>/<levelSince>/<from>/<to>); the Action it"
            + " starts carries it in the annotation portolan.dev/occurrence.")
    public String occurrence;

    @JsonPropertyDescription("When it occurred (RFC 3339).")
    public String time;

    @JsonPropertyDescription("The trigger's kind, as status.trigger.")
    public String trigger;

    @JsonPropertyDescription("The triggering entity as namespace/name, when there is one.")
    public String entity;

    @JsonPropertyDescription(
        "Started (an Action was started), Notified, Recorded (only an Event), Skipped or Failed.")
    public String result;

    @JsonPropertyDescription(
        "Why, for Skipped and Failed: ConditionFalse, StormGuard, OwnRun, Forbidden, Invalid,"
            + " NotFound, EvaluationFailed, or a notification's InvalidNotifySecret, Refused,"
            + " ReceiverFailed, Unreachable, TlsFailed, ...")
    public String reason;

    @JsonPropertyDescription("The Action's name, when the occurrence started one.")
    public String run;

    @JsonPropertyDescription("What went wrong, with the API server's own message on a refusal.")
    public String message;
  }
}
