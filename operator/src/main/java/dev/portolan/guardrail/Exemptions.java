package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The exemption annotations on a workload: {@code portolan.dev/exempt: "<scorecard>[,<scorecard>]"}
 * and an optional {@code portolan.dev/exempt-reason}. Admission honours one only when the user who
 * sets it may {@code exempt} the scorecard ({@link ExemptionAuthorizer}).
 */
public final class Exemptions {
  public static final String EXEMPT = "portolan.dev/exempt";
  public static final String REASON = "portolan.dev/exempt-reason";

  private Exemptions() {}

  /** The scorecards an object's annotation names, in its order. */
  public static Set<String> named(HasMetadata object) {
    if (object == null || object.getMetadata() == null) {
      return Set.of();
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EXEMPT);
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(names::add);
    return names;
  }

  /** The reason the object gives, or null. */
  public static String reason(HasMetadata object) {
    Map<String, String> annotations =
        object == null || object.getMetadata() == null
            ? null
            : object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(REASON);
  }
}
