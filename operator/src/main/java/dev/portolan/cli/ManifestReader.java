package dev.portolan.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads manifests as {@code kubectl apply -f} does: a file of YAML documents separated by {@code
 * ---} (JSON is YAML too), a directory's {@code *.yaml}, {@code *.yml} and {@code *.json} files in
 * name order (not its subdirectories), or standard input for {@code -}. A {@code kind: List}
 * contributes its items. Each document keeps its file and line; a document that is not YAML, or not
 * an object with an apiVersion, a kind and a name, is an error naming them.
 */
final class ManifestReader {
  static final String STDIN = "-";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final InputStream stdin;
  private boolean stdinRead;

  ManifestReader(InputStream stdin) {
    this.stdin = stdin;
  }

  /** Every document under {@code path}. */
  List<Manifest> read(String path) throws UsageException {
    if (STDIN.equals(path)) {
      if (stdinRead) {
        throw new UsageException("-f - is given twice; standard input can be read once");
      }
      stdinRead = true;
      return parse("stdin", new InputStreamReader(stdin, StandardCharsets.UTF_8));
    }
    Path file = Path.of(path);
    if (Files.isDirectory(file)) {
      List<Path> files;
      try (Stream<Path> listing = Files.list(file)) {
        files =
            listing
                .filter(Files::isRegularFile)
                .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new UsageException(path + ": cannot list the directory (" + e.getMessage() + ")");
      }
      List<Manifest> manifests = new ArrayList<>();
      for (Path each : files) {
        manifests.addAll(readFile(each, each.toString()));
      }
      return manifests;
    }
    if (!Files.isRegularFile(file)) {
      throw new UsageException(path + ": no such file or directory");
    }
    return readFile(file, path);
  }

  private static List<Manifest> readFile(Path file, String name) throws UsageException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(name, reader);
    } catch (IOException e) {
      throw new UsageException(name + ": cannot read the file (" + e.getMessage() + ")");
    }
  }

  static List<Manifest> parse(String source, Reader reader) throws UsageException {
    List<Manifest> manifests = new ArrayList<>();
    try (JsonParser parser = YAML.getFactory().createParser(reader)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode document = YAML.readTree(parser);
        if (token == JsonToken.VALUE_NULL || document == null || document.isNull()) {
          continue; // an empty document, such as a trailing ---
        }
        if (!document.isObject()) {
          throw new UsageException(
              source + ":" + line + ": the document is not an object; give a Kubernetes object");
        }
        add(new Manifest(source, line, (ObjectNode) document), manifests);
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      // SnakeYAML's message: what it was parsing, then the problem, each followed by an indented
      // excerpt; the unindented lines say it.
      String message =
          String.join(
              ": ",
              e.getOriginalMessage()
                  .lines()
                  .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                  .map(String::strip)
                  .toList());
      throw new UsageException(
          source
              + (at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr())
              + ": invalid YAML: "
              + message);
    } catch (IOException e) {
      throw new UsageException(source + ": cannot read (" + e.getMessage() + ")");
    }
    return manifests;
  }

  private static void add(Manifest manifest, List<Manifest> manifests) throws UsageException {
    ObjectNode document = manifest.document();
    String where = manifest.where();
    if (manifest.kind().endsWith("List") && document.path("items").isArray()) {
      for (JsonNode item : document.path("items")) {
        if (!item.isObject()) {
          throw new UsageException(
              where + ": an item of the " + manifest.kind() + " is not an object");
        }
        add(new Manifest(manifest.source(), manifest.line(), (ObjectNode) item), manifests);
      }
      return;
    }
    if (manifest.apiVersion().isEmpty() || manifest.kind().isEmpty()) {
      throw new UsageException(
          where
              + ": the object has no "
              + (manifest.apiVersion().isEmpty() ? "apiVersion" : "kind")
              + "; every Kubernetes object names its apiVersion and kind");
    }
    if (document.path("metadata").path("name").asText("").isEmpty()) {
      throw new UsageException(
          where + ": the " + manifest.kind() + " has no metadata.name; give it a name");
    }
    manifests.add(manifest);
  }
}
