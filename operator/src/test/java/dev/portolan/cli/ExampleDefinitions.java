package dev.portolan.cli;

import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The example blueprints and scorecard, read as --blueprints reads them. */
final class ExampleDefinitions {
  private ExampleDefinitions() {}

  private static Definitions read() {
    try {
      List<Manifest> documents =
          new java.util.ArrayList<>(
              ManifestReader.parse(
                  "50",
                  new StringReader(
                      Files.readString(Path.of("../examples/50-discovery-blueprints.yaml")))));
      documents.addAll(
          ManifestReader.parse(
              "70",
              new StringReader(
                  Files.readString(Path.of("../examples/70-workload-scorecard.yaml")))));
      return Definitions.of(documents);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static List<Blueprint> blueprints() {
    return read().blueprints();
  }

  static List<Scorecard> scorecards() {
    return read().scorecards();
  }
}
