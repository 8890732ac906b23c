package dev.portolan.cli;

import dev.portolan.guardrail.FailedRule;
import dev.portolan.guardrail.WorkloadVerdict;
import dev.portolan.kit.Problem;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * For CI: JUnit XML with one test suite per scorecard and one test case per object on it. A case
 * fails when the object is below {@code --min-level} or, without it, when it fails any rule; its
 * failure lists the failing rules with their titles and fixes. An object that could not be mapped
 * is a case with an error.
 */
final class JunitReport implements GradeReport {
  private record Case(GradedObject object, WorkloadVerdict verdict) {}

  @Override
  public void write(GradeResult result, PrintStream out) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    for (GradedObject object : result.objects()) {
      for (WorkloadVerdict verdict : object.verdicts()) {
        String suite =
            verdict.scorecard() != null ? verdict.scorecard() : "blueprint " + verdict.blueprint();
        suites.computeIfAbsent(suite, k -> new ArrayList<>()).add(new Case(object, verdict));
      }
    }
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuites");
      xml.writeAttribute("name", "portolan grade");
      List<Case> all = suites.values().stream().flatMap(List::stream).toList();
      xml.writeAttribute("tests", String.valueOf(all.size()));
      xml.writeAttribute(
          "failures", String.valueOf(all.stream().filter(c -> failed(result, c)).count()));
      xml.writeAttribute("errors", String.valueOf(all.stream().filter(JunitReport::error).count()));
      for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", suite.getKey());
        xml.writeAttribute("tests", String.valueOf(suite.getValue().size()));
        xml.writeAttribute(
            "failures",
            String.valueOf(suite.getValue().stream().filter(c -> failed(result, c)).count()));
        xml.writeAttribute(
            "errors", String.valueOf(suite.getValue().stream().filter(JunitReport::error).count()));
        for (Case c : suite.getValue()) {
          writeCase(xml, result, suite.getKey(), c);
        }
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the JUnit XML", e);
    }
    out.println(text);
  }

  private static boolean error(Case c) {
    return c.verdict().scorecard() == null;
  }

  private static boolean failed(GradeResult result, Case c) {
    if (error(c)) {
      return false;
    }
    return result.minLevel() != null
        ? result.below(c.verdict())
        : !c.verdict().graded() || !c.verdict().failed().isEmpty();
  }

  private static void writeCase(XMLStreamWriter xml, GradeResult result, String suite, Case c)
      throws XMLStreamException {
    WorkloadVerdict verdict = c.verdict();
    xml.writeCharacters("\n    ");
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", suite);
    xml.writeAttribute("name", c.object().title());
    xml.writeAttribute("file", c.object().manifest().source());
    xml.writeAttribute("line", String.valueOf(c.object().manifest().line()));
    String details = details(verdict);
    if (error(c)) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("error");
      xml.writeAttribute("type", "NotMapped");
      xml.writeAttribute(
          "message", "blueprint " + verdict.blueprint() + " could not map the object");
      xml.writeCharacters(details);
      xml.writeEndElement();
    } else if (failed(result, c)) {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("failure");
      xml.writeAttribute("type", result.minLevel() != null ? "BelowMinLevel" : "FailingRules");
      xml.writeAttribute(
          "message",
          "level "
              + (verdict.level() == null ? "none (not graded)" : verdict.level())
              + (result.minLevel() != null ? ", below " + result.minLevel() : "")
              + (verdict.failed().isEmpty()
                  ? ""
                  : "; failing: "
                      + String.join(
                          ", ", verdict.failed().stream().map(FailedRule::rule).toList())));
      xml.writeCharacters(details);
      xml.writeEndElement();
    } else {
      xml.writeCharacters("\n      ");
      xml.writeStartElement("system-out");
      xml.writeCharacters("level " + verdict.level() + (details.isEmpty() ? "" : "\n" + details));
      xml.writeEndElement();
    }
    xml.writeCharacters("\n    ");
    xml.writeEndElement();
  }

  private static String details(WorkloadVerdict verdict) {
    StringBuilder text = new StringBuilder();
    for (FailedRule rule : verdict.failed()) {
      text.append(rule.rule())
          .append(" (")
          .append(rule.level())
          .append("): ")
          .append(rule.title())
          .append('\n');
      if (rule.fix() != null) {
        text.append("  fix: ").append(rule.fix()).append('\n');
      }
    }
    for (Problem problem : verdict.problems()) {
      text.append("problem: ").append(problem.message()).append('\n');
    }
    return text.toString();
  }
}
