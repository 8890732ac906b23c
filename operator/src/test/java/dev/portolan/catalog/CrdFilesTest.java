package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CRDs committed under crds/ and in the chart are exactly what the Java model generates. */
class CrdFilesTest {
  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
  private static final String FIX =
      "run `mvn -pl operator -Pupdate-crds process-classes` and commit the result";

  @ParameterizedTest
  @ValueSource(strings = {"../crds", "../helm/portolan/crds"})
  void committedCrdsMatchTheModel(String folder) throws IOException {
    List<String> generated = names(GENERATED);
    assertThat(generated)
        .as("generated CRDs: one per kind")
        .containsExactly(
            "actiondefinitions.portolan.dev-v1.yml",
            "actions.portolan.dev-v1.yml",
            "automations.portolan.dev-v1.yml",
            "blueprints.portolan.dev-v1.yml",
            "entities.portolan.dev-v1.yml",
            "initiatives.portolan.dev-v1.yml",
            "relationgrants.portolan.dev-v1.yml",
            "scorecards.portolan.dev-v1.yml",
            "waivers.portolan.dev-v1.yml");
    assertThat(names(Path.of(folder)))
        .as("the CRD files in %s; %s", folder, FIX)
        .isEqualTo(generated);
    for (String name : generated) {
      assertThat(Files.readString(Path.of(folder, name)))
          .as("%s/%s differs from the model; %s", folder, name, FIX)
          .isEqualTo(Files.readString(GENERATED.resolve(name)));
    }
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
