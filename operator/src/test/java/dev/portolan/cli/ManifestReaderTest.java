package dev.portolan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {
  private static List<String> where(List<Manifest> manifests) {
    return manifests.stream()
        .map(
            m ->
                m.where()
                    + " "
                    + m.kind()
                    + " "
                    + m.document().path("metadata").path("name").asText())
        .toList();
  }

  @Test
  void eachDocumentKeepsTheLineItStartsOnAndEmptyDocumentsAreSkipped() throws Exception {
    String yaml =
        """
        ---
        # Source: chart/templates/a.yaml
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        ---
        apiVersion: v1
        kind: List
        items:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
        ---
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "d"}}
        """;
    assertThat(where(ManifestReader.parse("f.yaml", new StringReader(yaml))))
        .containsExactly(
            "f.yaml:3 ConfigMap a",
            "f.yaml:8 ConfigMap b",
            "f.yaml:8 ConfigMap c",
            "f.yaml:14 Secret d");
  }

  @Test
  void aDirectoryIsReadInNameOrderWithoutItsSubdirectoriesAndStdinOnce(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    Files.writeString(
        dir.resolve("a.yml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    Files.writeString(dir.resolve("notes.txt"), "not: read\n");
    Files.createDirectory(dir.resolve("sub"));
    Files.writeString(
        dir.resolve("sub/c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    ManifestReader reader =
        new ManifestReader(
            new ByteArrayInputStream(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s}\n"
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(where(reader.read(dir.toString())))
        .containsExactly(
            dir.resolve("a.yml") + ":1 ConfigMap a", dir.resolve("b.yaml") + ":1 ConfigMap b");
    assertThat(where(reader.read("-"))).containsExactly("stdin:1 ConfigMap s");
    assertThatThrownBy(() -> reader.read("-"))
        .hasMessage("-f - is given twice; standard input can be read once");
  }

  @Test
  void badDocumentsAreErrorsNamingTheFileAndLine() {
    assertThatThrownBy(
            () ->
                ManifestReader.parse(
                    "x.yaml",
                    new StringReader("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a\n")))
        .hasMessageStartingWith(
            "x.yaml:4: invalid YAML: while parsing a flow sequence: expected ',' or ']'");
    assertThatThrownBy(
            () ->
                ManifestReader.parse(
                    "x.yaml", new StringReader("apiVersion: v1\nkind: ConfigMap\n")))
        .hasMessage("x.yaml:1: the ConfigMap has no metadata.name; give it a name");
    assertThatThrownBy(() -> ManifestReader.parse("x.yaml", new StringReader("---\n- a\n- b\n")))
        .hasMessage("x.yaml:2: the document is not an object; give a Kubernetes object");
  }
}
