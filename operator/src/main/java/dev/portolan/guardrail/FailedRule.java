package dev.portolan.guardrail;

/**
 * A scorecard rule an object's entity does not pass.
 *
 * @param rule the rule's name
 * @param level the level it belongs to
 * @param title its title, or its name when the scorecard gives it none
 * @param fix how to pass it, as the scorecard's {@code spec.rules[].fix} says; null when the
 *     scorecard says nothing
 */
public record FailedRule(String rule, String level, String title, String fix) {}
