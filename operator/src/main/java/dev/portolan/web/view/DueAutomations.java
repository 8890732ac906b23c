package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.kit.LabelSelectors;
import dev.portolan.model.Automation;
import dev.portolan.model.AutomationSpec;
import dev.portolan.model.AutomationStatus;
import dev.portolan.model.Entity;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What will happen to one entity and when: the date-time automations covering it, each with the
 * instant the entity's property names, computed from the Automations' specs, the entity and the
 * current instant only (no cluster, no clock of its own).
 *
 * <p>An automation covers an entity when its {@code dateTimeReached} trigger names the entity's
 * blueprint and the entity's namespace is among the automation's: its own when it has no {@code
 * namespaceSelector}, else those the selector picks that its status does not list as denied. The
 * occurrence of a due instant is {@code time/<uid>/<property>/<value>}, the id the automation
 * records in {@code status.recent}, so a past instant shows what the automation did about it.
 */
public final class DueAutomations {
  /** The label every namespace carries with its own name (the API server sets it). */
  public static final String NAME_LABEL = "kubernetes.io/metadata.name";

  /** The state of one due instant. */
  public enum State {
    /** The instant is ahead. */
    Scheduled,
    /** The instant has passed and the automation has recorded no firing for it (yet). */
    Due,
    /** The automation recorded a firing for it: see result and run. */
    Fired,
    /** The entity does not have the property: nothing is scheduled. */
    NotSet,
    /** The property is not an RFC 3339 date-time: nothing is scheduled. */
    Invalid
  }

  private static final Comparator<DueAutomation> ORDER =
      Comparator.comparing(
              (DueAutomation d) -> d.dueAt() == null ? Instant.MAX : Instant.parse(d.dueAt()))
          .thenComparing(d -> d.automation() == null ? "~" : d.automation());

  private DueAutomations() {}

  /**
   * @param namespaceLabels a namespace's labels (at least {@link #NAME_LABEL})
   * @param visible the namespaces the caller may see: an automation of another namespace is shown
   *     without its name and condition
   */
  public static List<DueAutomation> of(
      Entity entity,
      Collection<Automation> automations,
      Function<String, Map<String, String>> namespaceLabels,
      Predicate<String> visible,
      Instant now) {
    if (entity.getSpec() == null || entity.getSpec().blueprint == null) {
      return List.of();
    }
    String namespace = entity.getMetadata().getNamespace();
    List<DueAutomation> due = new ArrayList<>();
    for (Automation automation : automations) {
      AutomationSpec spec = automation.getSpec();
      if (spec == null || spec.trigger == null || spec.trigger.dateTimeReached == null) {
        continue;
      }
      AutomationSpec.DateTimeReached trigger = spec.trigger.dateTimeReached;
      if (!entity.getSpec().blueprint.equals(trigger.blueprint)
          || trigger.property == null
          || !covers(automation, namespace, namespaceLabels)) {
        continue;
      }
      due.add(dueOne(entity, automation, trigger.property, visible, now));
    }
    due.sort(ORDER);
    return List.copyOf(due);
  }

  /** Whether the automation watches the namespace. */
  static boolean covers(
      Automation automation,
      String namespace,
      Function<String, Map<String, String>> namespaceLabels) {
    String own = automation.getMetadata().getNamespace();
    AutomationSpec spec = automation.getSpec();
    if (spec.namespaceSelector == null) {
      return namespace.equals(own);
    }
    AutomationStatus status = automation.getStatus();
    if (status != null
        && status.deniedNamespaces != null
        && status.deniedNamespaces.contains(namespace)) {
      return false;
    }
    Map<String, String> labels = namespaceLabels.apply(namespace);
    return LabelSelectors.matches(
        spec.namespaceSelector, labels == null ? Map.of(NAME_LABEL, namespace) : labels);
  }

  private static DueAutomation dueOne(
      Entity entity,
      Automation automation,
      String property,
      Predicate<String> visible,
      Instant now) {
    String ownNamespace = automation.getMetadata().getNamespace();
    boolean shown = visible.test(ownNamespace);
    String ref = shown ? ownNamespace + "/" + automation.getMetadata().getName() : null;
    String condition = shown ? automation.getSpec().condition : null;
    AutomationView.Effects effects = AutomationView.effects(automation.getSpec().effects);
    JsonNode value = value(entity, property);
    if (value == null || value.isNull()) {
      return new DueAutomation(
          ref,
          property,
          null,
          null,
          State.NotSet,
          null,
          effects,
          condition,
          null,
          null,
          null,
          "the entity has no " + property + ": nothing is scheduled");
    }
    String text = value.isTextual() ? value.textValue() : value.toString();
    Instant at;
    try {
      at = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return new DueAutomation(
          ref,
          property,
          text,
          null,
          State.Invalid,
          null,
          effects,
          condition,
          null,
          null,
          null,
          property
              + " is not an RFC 3339 date-time (e.g. 2026-12-24T18:00:00Z): nothing is scheduled");
    }
    String occurrence = "time/" + entity.getMetadata().getUid() + "/" + property + "/" + text;
    AutomationStatus.Firing firing = firing(automation.getStatus(), occurrence);
    long seconds = Duration.between(now, at).getSeconds();
    State state;
    if (firing != null) {
      state = State.Fired;
    } else if (at.isAfter(now)) {
      state = State.Scheduled;
    } else {
      state = State.Due;
    }
    return new DueAutomation(
        ref,
        property,
        text,
        at.truncatedTo(ChronoUnit.SECONDS).toString(),
        state,
        seconds,
        effects,
        condition,
        firing == null ? null : firing.result,
        firing == null ? null : firing.reason,
        firing == null ? null : firing.run,
        firing == null ? null : firing.message);
  }

  /**
   * The property as the trigger reads it: the entity's own, else its calculated or mirrored one.
   */
  private static JsonNode value(Entity entity, String property) {
    JsonNode value =
        entity.getSpec().properties == null ? null : entity.getSpec().properties.get(property);
    var status = entity.getStatus();
    if ((value == null || value.isNull()) && status != null && status.calculated != null) {
      value = status.calculated.get(property);
    }
    if ((value == null || value.isNull()) && status != null && status.mirrored != null) {
      value = status.mirrored.get(property);
    }
    return value;
  }

  private static AutomationStatus.Firing firing(AutomationStatus status, String occurrence) {
    if (status == null || status.recent == null) {
      return null;
    }
    return status.recent.stream()
        .filter(f -> occurrence.equals(f.occurrence))
        .findFirst()
        .orElse(null);
  }
}
