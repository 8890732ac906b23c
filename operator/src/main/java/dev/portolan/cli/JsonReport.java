package dev.portolan.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.portolan.guardrail.FailedRule;
import dev.portolan.guardrail.WorkloadVerdict;
import dev.portolan.kit.Problem;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * For machines: one JSON document with every object (its file, line and identity) and its verdicts,
 * every field present (null when it has no value).
 */
final class JsonReport implements GradeReport {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.ALWAYS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The document. {@code passed} is false when a grade is below {@code minLevel}. */
  record Report(
      String minLevel, boolean passed, long belowMinLevel, List<GradedObjectJson> objects) {}

  record GradedObjectJson(
      String file,
      int line,
      String apiVersion,
      String kind,
      String namespace,
      String name,
      List<VerdictJson> verdicts) {}

  record EntityJson(String namespace, String name) {}

  record VerdictJson(
      String blueprint,
      EntityJson entity,
      String scorecard,
      String level,
      List<String> levels,
      boolean belowMinLevel,
      List<FailedRule> failed,
      List<Problem> problems) {}

  @Override
  public void write(GradeResult result, PrintStream out) {
    Report report =
        new Report(
            result.minLevel(),
            result.status() == 0,
            result.belowCount(),
            result.objects().stream()
                .map(
                    o ->
                        new GradedObjectJson(
                            o.manifest().source(),
                            o.manifest().line(),
                            o.apiVersion(),
                            o.kind(),
                            o.namespace(),
                            o.name(),
                            o.verdicts().stream().map(v -> verdict(result, v)).toList()))
                .toList());
    try {
      out.println(JSON.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static VerdictJson verdict(GradeResult result, WorkloadVerdict verdict) {
    return new VerdictJson(
        verdict.blueprint(),
        verdict.entityName() == null
            ? null
            : new EntityJson(verdict.entityNamespace(), verdict.entityName()),
        verdict.scorecard(),
        verdict.level(),
        verdict.levels(),
        result.below(verdict),
        verdict.failed(),
        verdict.problems());
  }
}
