package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class AutomationSpec {
  /** How many occurrences a minute an automation acts on when spec.maxRunsPerMinute is absent. */
  public static final int DEFAULT_MAX_RUNS_PER_MINUTE = 60;

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = 253)
  @JsonPropertyDescription(
      "A ServiceAccount of this namespace. Every Action the automation starts is created as this"
          + " ServiceAccount (the operator impersonates system:serviceaccount:<namespace>:<name>),"
          + " so admission records it as the requester and RBAC decides what it may run.")
  public String serviceAccountName;

  @JsonPropertyDescription(
      "Which namespaces' entities and Actions the automation watches; absent means this namespace"
          + " only. A selected namespace counts only where the ServiceAccount may list entities;"
          + " the others are listed in status.deniedNamespaces.")
  public LabelSelector namespaceSelector;

  @Required
  @JsonPropertyDescription("What the automation acts on: exactly one member.")
  public Trigger trigger;

  @Size(max = 4096)
  @JsonPropertyDescription(
      "An optional CEL expression that must be true for the automation to act on an occurrence."
          + " Variables: entity (as scorecard rules see it), old (entityUpdated), from and to"
          + " (scorecardLevelChanged: level names, '' for none), action (actionFinished: name,"
          + " definition, phase, entity, outputs) and time (the occurrence's instant, RFC 3339).")
  public String condition;

  @Required
  @JsonPropertyDescription("What the automation does on an occurrence: at least one member.")
  public Effects effects;

  @Min(1)
  @Max(10000)
  @JsonPropertyDescription(
      "The storm guard: at most this many occurrences a minute are acted on (default 60); the"
          + " others are Skipped with reason StormGuard.")
  public Integer maxRunsPerMinute;

  @JsonPropertyDescription(
      "Loop protection: false (the default) skips, with reason OwnRun, the occurrences caused by"
          + " this automation's own runs (Actions labelled portolan.dev/automation=<name>, and the"
          + " entity changes they make).")
  public Boolean triggerOnOwnRuns;

  /** The one trigger of an automation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value =
          "[has(self.entityCreated), has(self.entityUpdated), has(self.entityDeleted),"
              + " has(self.scorecardLevelChanged), has(self.dateTimeReached),"
              + " has(self.actionFinished), has(self.schedule)].exists_one(t, t)",
      message =
          "give exactly one trigger: entityCreated, entityUpdated, entityDeleted,"
              + " scorecardLevelChanged, dateTimeReached, actionFinished or schedule")
  public static class Trigger {
    @JsonPropertyDescription("An entity of the blueprint is created.")
    public EntityTrigger entityCreated;

    @JsonPropertyDescription(
        "An entity of the blueprint changes, status included (so a calculated or mirrored value"
            + " that changes through a relation counts); CEL sees old and entity.")
    public EntityTrigger entityUpdated;

    @JsonPropertyDescription("An entity of the blueprint is deleted.")
    public EntityTrigger entityDeleted;

    @JsonPropertyDescription(
        "An entity's level on the scorecard changes; CEL sees from and to (level names).")
    public ScorecardLevelChanged scorecardLevelChanged;

    @JsonPropertyDescription(
        "The instant in a date-time property of an entity of the blueprint is reached (to the"
            + " second).")
    public DateTimeReached dateTimeReached;

    @JsonPropertyDescription("An Action of the definition finishes; CEL sees action.")
    public ActionFinished actionFinished;

    @JsonPropertyDescription("A cron schedule in a time zone.")
    public Schedule schedule;
  }

  /** The entities of one blueprint. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class EntityTrigger {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The blueprint of the entities.")
    public String blueprint;
  }

  /** A level change on one scorecard. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class ScorecardLevelChanged {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The scorecard.")
    public String scorecard;
  }

  /** The instant a date-time property holds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class DateTimeReached {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The blueprint of the entities.")
    public String blueprint;

    @Required
    @Size(min = 1, max = 63)
    @JsonPropertyDescription(
        "A property of the blueprint of type string with format date-time (RFC 3339).")
    public String property;
  }

  /** An Action of one definition reaching a terminal phase. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value = "!has(self.phases) || self.phases.all(p, p in ['Succeeded', 'Failed', 'Rejected'])",
      message = "phases may hold only the terminal phases Succeeded, Failed and Rejected",
      fieldPath = ".phases")
  public static class ActionFinished {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription("The ActionDefinition.")
    public String definition;

    @Size(max = 3)
    @JsonPropertyDescription(
        "The terminal phases that count (Succeeded, Failed, Rejected); absent means any.")
    public List<String> phases = new ArrayList<>();
  }

  /** A cron schedule. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Schedule {
    @Required
    @Size(min = 9, max = 256)
    @JsonPropertyDescription(
        "Five cron fields: minute, hour, day of month, month, day of week (e.g. \"0 9 * * 1\").")
    public String cron;

    @Size(max = 64)
    @JsonPropertyDescription("An IANA time zone such as Europe/Berlin (default UTC).")
    public String timeZone;
  }

  /** What an automation does. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value = "has(self.startAction) || has(self.notify) || has(self.event)",
      message = "give at least one effect: startAction, notify or event")
  public static class Effects {
    @JsonPropertyDescription(
        "Starts an Action as spec.serviceAccountName, named from the occurrence so that it starts"
            + " at most once.")
    public StartAction startAction;

    @JsonPropertyDescription("Sends a notification to an HTTPS webhook.")
    public Notify notify;

    @JsonPropertyDescription("Records an Event on the triggering entity.")
    public EventEffect event;
  }

  /** The Action an occurrence starts. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class StartAction {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @JsonPropertyDescription(
        "The ActionDefinition to run (its allowed, approval, Job and history apply unchanged).")
    public String definition;

    @Size(max = 4096)
    @JsonPropertyDescription(
        "An optional CEL string: the entity to act on (name or namespace/name); default the"
            + " triggering entity.")
    public String entity;

    @Size(max = 64)
    @JsonPropertyDescription("Each input's value as a CEL expression, by input name.")
    public Map<String, String> inputs = new LinkedHashMap<>();
  }

  /** A webhook notification. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value = "!has(self.format) || self.format in ['JSON', 'Slack']",
      message = "format must be JSON or Slack",
      fieldPath = ".format")
  public static class Notify {
    @Required
    @JsonPropertyDescription(
        "A Secret of this namespace: key url (an https:// URL), optional key hmacKey (the body is"
            + " signed HMAC-SHA256 into the header X-Portolan-Signature: sha256=<hex>).")
    public SecretReference secretRef;

    @JsonPropertyDescription(
        "JSON (the default: the occurrence as a JSON object) or Slack ({\"text\": ...}).")
    public String format;

    @Required
    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("A CEL string: the message.")
    public String message;
  }

  /** A Secret in the automation's namespace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class SecretReference {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    @JsonPropertyDescription("The Secret's name.")
    public String name;
  }

  /** An Event on the triggering entity. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @ValidationRule(
      value = "!has(self.type) || self.type in ['Normal', 'Warning']",
      message = "type must be Normal or Warning",
      fieldPath = ".type")
  public static class EventEffect {
    @Required
    @Pattern("^[A-Z][A-Za-z0-9]*$")
    @Size(max = 128)
    @JsonPropertyDescription("The Event's reason, UpperCamelCase (e.g. BelowSilver).")
    public String reason;

    @Required
    @Size(min = 1, max = 4096)
    @JsonPropertyDescription("A CEL string: the Event's message.")
    public String message;

    @JsonPropertyDescription("Normal (the default) or Warning.")
    public String type;
  }
}
