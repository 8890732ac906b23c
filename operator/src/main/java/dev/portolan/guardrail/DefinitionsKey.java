package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The identity of a set of definitions, to find it compiled: each resource's kind, name, uid and
 * generation (its spec's version, which a status write does not move), or its resource version when
 * it has no generation, or its spec as JSON when it has neither (a resource read from a file). Two
 * sets with the same key compile to the same thing.
 */
record DefinitionsKey(List<String> parts) {
  static DefinitionsKey of(
      Collection<? extends HasMetadata> blueprints, Collection<? extends HasMetadata> scorecards) {
    List<String> parts = new ArrayList<>(blueprints.size() + scorecards.size());
    blueprints.forEach(b -> parts.add(part(b)));
    scorecards.forEach(s -> parts.add(part(s)));
    parts.sort(null);
    return new DefinitionsKey(List.copyOf(parts));
  }

  private static String part(HasMetadata resource) {
    var metadata = resource.getMetadata();
    String identity = resource.getKind() + "/" + metadata.getName() + "/" + metadata.getUid() + "/";
    if (metadata.getGeneration() != null) {
      return identity + "g" + metadata.getGeneration();
    }
    if (metadata.getResourceVersion() != null) {
      return identity + "rv" + metadata.getResourceVersion();
    }
    return identity + Serialization.asJson(resource);
  }
}
