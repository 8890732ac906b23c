package dev.portolan.cli;

import java.io.PrintStream;

/** One of the outputs of {@code portolan grade} ({@code -o}). */
interface GradeReport {
  void write(GradeResult result, PrintStream out);

  static GradeReport named(String output) {
    return switch (output) {
      case "json" -> new JsonReport();
      case "junit" -> new JunitReport();
      default -> new TableReport();
    };
  }
}
