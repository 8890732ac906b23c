package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One date-time automation covering an entity, and when it acts on it.
 *
 * @param automation {@code namespace/name}, or null when it is in a namespace the caller may not
 *     see
 * @param property the entity property the trigger reads
 * @param value the property's value as the entity holds it, or null when it has none
 * @param dueAt the instant the value names (RFC 3339, UTC, to the second), or null when there is
 *     none
 * @param state Scheduled, Due, Fired, NotSet or Invalid
 * @param secondsLeft seconds from now to dueAt (negative once it passed), or null without dueAt
 * @param condition the automation's CEL condition, or null when it has none or is not shown
 * @param result what the automation recorded for this instant (Started, Skipped, Failed, ...)
 * @param reason why, for Skipped and Failed
 * @param run the Action it started
 * @param message the recorded message, or why nothing is scheduled
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DueAutomation(
    String automation,
    String property,
    String value,
    String dueAt,
    DueAutomations.State state,
    Long secondsLeft,
    AutomationView.Effects effects,
    String condition,
    String result,
    String reason,
    String run,
    String message) {}
