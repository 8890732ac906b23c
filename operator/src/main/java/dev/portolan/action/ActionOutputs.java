package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what a run's Pod reported (its containers' termination messages) and, for a Create action,
 * turns the outputs into the new entity.
 */
public final class ActionOutputs {
  /** Marks an entity a Create action made: the Action's uid. */
  public static final String CREATED_BY_ANNOTATION = "portolan.dev/created-by-action";

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final List<String> SPEC_FIELDS =
      List.of("title", "description", "owner", "links", "properties", "relations");

  private ActionOutputs() {}

  /** The last non-empty termination message among the Pod's containers (main containers last). */
  public static Optional<String> terminationMessage(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses =
        Stream.concat(
                pod.getStatus().getInitContainerStatuses() == null
                    ? Stream.empty()
                    : pod.getStatus().getInitContainerStatuses().stream(),
                pod.getStatus().getContainerStatuses() == null
                    ? Stream.empty()
                    : pod.getStatus().getContainerStatuses().stream())
            .toList();
    String found = null;
    for (ContainerStatus status : statuses) {
      if (status.getState() != null && status.getState().getTerminated() != null) {
        String message = status.getState().getTerminated().getMessage();
        if (message != null && !message.isBlank()) {
          found = message.strip();
        }
      }
    }
    return Optional.ofNullable(found);
  }

  /** The outputs: the termination message as a JSON object, or empty when it is not one. */
  public static Optional<Map<String, JsonNode>> parse(String message) {
    if (message == null || message.isBlank() || !message.strip().startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode node = Serialization.jsonMapper().readTree(message);
      if (!(node instanceof ObjectNode object)) {
        return Optional.empty();
      }
      Map<String, JsonNode> outputs = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        var field = it.next();
        outputs.put(field.getKey(), field.getValue());
      }
      return Optional.of(outputs);
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A new entity from a Create action's outputs, or the problems that prevent it. */
  public record NewEntity(Entity entity, List<String> problems) {}

  /**
   * Outputs name the entity ({@code name}) and may give its {@code title}, {@code description},
   * {@code owner}, {@code links}, {@code properties} and {@code relations}; it is made in the
   * Action's namespace with the definition's blueprint.
   */
  public static NewEntity entity(
      Map<String, JsonNode> outputs, CompiledActionDefinition definition, Action action) {
    List<String> problems = new ArrayList<>();
    JsonNode name = outputs.get("name");
    if (name == null
        || !name.isTextual()
        || name.textValue().length() > 253
        || !DNS_SUBDOMAIN.matcher(name.textValue()).matches()) {
      problems.add(
          "status.outputs.name: a Create action's Job must report the new entity's name, a lower-case DNS"
              + " name, in its termination message (got "
              + name
              + ")");
    }
    ObjectNode spec = Serialization.jsonMapper().createObjectNode();
    for (String field : SPEC_FIELDS) {
      if (outputs.containsKey(field)) {
        spec.set(field, outputs.get(field));
      }
    }
    spec.put("blueprint", definition.spec().blueprint);
    EntitySpec entitySpec = null;
    try {
      entitySpec = Serialization.jsonMapper().treeToValue(spec, EntitySpec.class);
    } catch (Exception e) {
      problems.add(
          "status.outputs: do not describe an entity spec (" + e.getMessage().split("\n")[0] + ")");
    }
    if (!problems.isEmpty()) {
      return new NewEntity(null, problems);
    }
    Entity entity = new Entity();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name.textValue());
    meta.setNamespace(action.getMetadata().getNamespace());
    meta.setAnnotations(Map.of(CREATED_BY_ANNOTATION, action.getMetadata().getUid()));
    meta.setLabels(Map.of("app.kubernetes.io/created-by", "portolan-action"));
    entity.setMetadata(meta);
    entity.setSpec(entitySpec);
    return new NewEntity(entity, List.of());
  }
}
