package dev.portolan.kit;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/** Matches labels against a Kubernetes label selector, as the API server does. */
public final class LabelSelectors {
  private LabelSelectors() {}

  /** Whether the labels match; a null selector matches everything. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> actual = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
        if (!wanted.getValue().equals(actual.get(wanted.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
        if (!matches(requirement, actual)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(requirement.getKey());
      case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
      default -> false;
    };
  }

  /** Whether a selector selects everything, so there is nothing to send to the API server. */
  public static boolean isEmpty(LabelSelector selector) {
    return selector == null
        || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  /** The selector in kubectl's syntax, e.g. {@code team=payments,tier in (a,b)}; null for none. */
  public static String describe(LabelSelector selector) {
    if (selector == null) {
      return null;
    }
    List<String> parts = new java.util.ArrayList<>();
    if (selector.getMatchLabels() != null) {
      new java.util.TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        parts.add(
            switch (String.valueOf(r.getOperator())) {
              case "In" -> r.getKey() + " in (" + String.join(",", values) + ")";
              case "NotIn" -> r.getKey() + " notin (" + String.join(",", values) + ")";
              case "Exists" -> r.getKey();
              case "DoesNotExist" -> "!" + r.getKey();
              default -> r.getKey() + " " + r.getOperator() + " " + values;
            });
      }
    }
    return String.join(",", parts);
  }
}
