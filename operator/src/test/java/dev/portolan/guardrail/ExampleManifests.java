package dev.portolan.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The documents of the example files, as the grader's tests read them. */
final class ExampleManifests {
  private static final Path EXAMPLES = Path.of("../examples");

  private ExampleManifests() {}

  static List<GenericKubernetesResource> objects(String file) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        new YAMLMapper().readerFor(JsonNode.class).readValues(EXAMPLES.resolve(file).toFile())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && document.isObject()) {
          objects.add(
              Serialization.jsonMapper().convertValue(document, GenericKubernetesResource.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }

  static List<Blueprint> blueprints(String... files) {
    List<Blueprint> blueprints = new ArrayList<>();
    for (String file : files) {
      objects(file).stream()
          .filter(o -> "Blueprint".equals(o.getKind()))
          .map(o -> Serialization.jsonMapper().convertValue(o, Blueprint.class))
          .forEach(blueprints::add);
    }
    return blueprints;
  }

  static List<Scorecard> scorecards(String... files) {
    List<Scorecard> scorecards = new ArrayList<>();
    for (String file : files) {
      objects(file).stream()
          .filter(o -> "Scorecard".equals(o.getKind()))
          .map(o -> Serialization.jsonMapper().convertValue(o, Scorecard.class))
          .forEach(scorecards::add);
    }
    return scorecards;
  }

  static GenericKubernetesResource object(String file, String kind, String name) {
    return objects(file).stream()
        .filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow();
  }
}
