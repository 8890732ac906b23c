package dev.portolan.cli;

import dev.portolan.guardrail.FailedRule;
import dev.portolan.guardrail.WorkloadVerdict;
import dev.portolan.kit.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * For people: a table of each object's level on each scorecard, then, for each object that fails a
 * rule, the rules with their titles and how to fix them, then the counts.
 */
final class TableReport implements GradeReport {
  @Override
  public void write(GradeResult result, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"OBJECT", "SCORECARD", "LEVEL", "FAILING RULES"});
    for (GradedObject object : result.objects()) {
      for (WorkloadVerdict verdict : object.verdicts()) {
        rows.add(
            new String[] {
              object.title(),
              verdict.scorecard() == null ? "-" : verdict.scorecard(),
              level(result, verdict),
              verdict.failed().isEmpty()
                  ? (verdict.graded() ? "" : "not graded")
                  : String.join(", ", verdict.failed().stream().map(FailedRule::rule).toList())
            });
      }
    }
    if (rows.size() > 1) {
      table(rows, out);
    }
    for (GradedObject object : result.objects()) {
      for (WorkloadVerdict verdict : object.verdicts()) {
        if (verdict.failed().isEmpty() && verdict.problems().isEmpty()) {
          continue;
        }
        out.println();
        out.println(
            object.title()
                + " ("
                + object.manifest().where()
                + ")"
                + (verdict.scorecard() == null
                    ? ", blueprint " + verdict.blueprint() + ": not mapped"
                    : " on " + verdict.scorecard() + ": " + level(result, verdict)));
        for (FailedRule rule : verdict.failed()) {
          out.println("  FAIL " + rule.rule() + " (" + rule.level() + "): " + rule.title());
          if (rule.fix() != null) {
            out.println("       fix: " + rule.fix());
          }
        }
        for (Problem problem : verdict.problems()) {
          out.println("  problem: " + problem.message());
        }
      }
    }
    out.println();
    out.println(summary(result));
  }

  private static String level(GradeResult result, WorkloadVerdict verdict) {
    String level = verdict.level() == null ? "-" : verdict.level();
    return result.below(verdict) ? level + " (below " + result.minLevel() + ")" : level;
  }

  static String summary(GradeResult result) {
    List<WorkloadVerdict> graded = result.graded();
    long objects = result.objects().stream().filter(o -> !o.verdicts().isEmpty()).count();
    StringBuilder text =
        new StringBuilder()
            .append(objects)
            .append(objects == 1 ? " object" : " objects")
            .append(" graded on ")
            .append(result.scorecardCount())
            .append(result.scorecardCount() == 1 ? " scorecard" : " scorecards");
    if (result.ungradedCount() > 0) {
      text.append("; ")
          .append(result.ungradedCount())
          .append(" not graded (no discovery rule maps them, or no scorecard grades their entity)");
    }
    text.append('.');
    if (result.minLevel() != null) {
      text.append("\n--min-level ")
          .append(result.minLevel())
          .append(": ")
          .append(
              result.belowCount() == 0
                  ? "every grade reaches it"
                  : result.belowCount() + " of " + graded.size() + " grades below it")
          .append('.');
    }
    return text.toString();
  }

  private static void table(List<String[]> rows, PrintStream out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
