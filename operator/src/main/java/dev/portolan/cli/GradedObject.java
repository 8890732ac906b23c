package dev.portolan.cli;

import dev.portolan.guardrail.WorkloadVerdict;
import java.util.List;

/**
 * One object of the manifests and its verdicts.
 *
 * @param verdicts empty when no blueprint's discovery maps the object, or its blueprint has no
 *     scorecard (or every scorecard's filter leaves it out)
 */
record GradedObject(Manifest manifest, String namespace, List<WorkloadVerdict> verdicts) {
  String kind() {
    return manifest.kind();
  }

  String apiVersion() {
    return manifest.apiVersion();
  }

  String name() {
    return manifest.document().path("metadata").path("name").asText();
  }

  /** {@code Kind namespace/name}, or {@code Kind name} for a cluster-scoped object. */
  String title() {
    return kind() + " " + (namespace == null ? "" : namespace + "/") + name();
  }
}
