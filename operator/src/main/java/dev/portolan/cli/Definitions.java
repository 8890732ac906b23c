package dev.portolan.cli;

import dev.portolan.model.Api;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Blueprints and Scorecards to grade with, and the labels of the namespaces they may select on.
 *
 * @param namespaceLabels the labels of a namespace (empty when unknown)
 */
record Definitions(
    List<Blueprint> blueprints,
    List<Scorecard> scorecards,
    Function<String, Map<String, String>> namespaceLabels) {

  /**
   * The Blueprints and Scorecards among the documents of the {@code --blueprints} paths; any other
   * kind is left out.
   */
  static Definitions of(List<Manifest> documents) throws UsageException {
    List<Blueprint> blueprints = new ArrayList<>();
    List<Scorecard> scorecards = new ArrayList<>();
    for (Manifest document : documents) {
      if (!document.apiVersion().startsWith(Api.GROUP + "/")) {
        continue;
      }
      switch (document.kind()) {
        case "Blueprint" -> blueprints.add(convert(document, Blueprint.class));
        case "Scorecard" -> scorecards.add(convert(document, Scorecard.class));
        default -> {}
      }
    }
    return new Definitions(blueprints, scorecards, namespace -> Map.of());
  }

  private static <T> T convert(Manifest document, Class<T> type) throws UsageException {
    try {
      return Serialization.jsonMapper().convertValue(document.document(), type);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new UsageException(
          document.where() + ": not a valid " + document.kind() + ": " + message);
    }
  }

  Definitions withNamespaceLabels(Function<String, Map<String, String>> labels) {
    return new Definitions(blueprints, scorecards, labels);
  }
}
