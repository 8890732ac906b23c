package dev.portolan.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.EntityVariables;
import dev.portolan.cel.CelValues;
import dev.portolan.model.Action;
import dev.portolan.model.Entity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The CEL variables of an occurrence, by its trigger's scope. */
public final class OccurrenceVariables {
  private final Function<String, Map<String, JsonNode>> defaults;

  /**
   * @param defaults a blueprint's property defaults by blueprint name
   */
  public OccurrenceVariables(Function<String, Map<String, JsonNode>> defaults) {
    this.defaults = defaults;
  }

  public Map<String, Object> of(Occurrence occurrence) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("time", occurrence.time().toString());
    switch (occurrence.kind()) {
      case ENTITY_CREATED, ENTITY_DELETED, DATE_TIME_REACHED ->
          variables.put("entity", entity(occurrence.entity()));
      case ENTITY_UPDATED -> {
        variables.put("entity", entity(occurrence.entity()));
        variables.put("old", entity(occurrence.old()));
      }
      case SCORECARD_LEVEL_CHANGED -> {
        variables.put("entity", entity(occurrence.entity()));
        variables.put("from", occurrence.from() == null ? "" : occurrence.from());
        variables.put("to", occurrence.to() == null ? "" : occurrence.to());
      }
      case ACTION_FINISHED -> {
        variables.put("action", action(occurrence.action()));
        variables.put(
            "entity", occurrence.entity() == null ? Map.of() : entity(occurrence.entity()));
      }
      case SCHEDULE -> {}
    }
    return variables;
  }

  private Map<String, Object> entity(Entity entity) {
    if (entity == null) {
      return Map.of();
    }
    String blueprint = entity.getSpec() == null ? null : entity.getSpec().blueprint;
    return EntityVariables.withComputed(
        entity, blueprint == null ? Map.of() : defaults.apply(blueprint));
  }

  static Map<String, Object> action(Action action) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", action.getMetadata().getName());
    view.put("namespace", action.getMetadata().getNamespace());
    var spec = action.getSpec();
    view.put("definition", spec == null || spec.definition == null ? "" : spec.definition);
    view.put("entity", spec == null || spec.entity == null ? "" : spec.entity);
    view.put(
        "inputs", CelValues.fromJson(spec == null || spec.inputs == null ? Map.of() : spec.inputs));
    var status = action.getStatus();
    view.put("phase", status == null || status.phase == null ? "" : status.phase);
    view.put(
        "outputs",
        CelValues.fromJson(status == null || status.outputs == null ? Map.of() : status.outputs));
    return view;
  }
}
