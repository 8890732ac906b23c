package dev.portolan.web.view;

import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.error.ApiException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.action.JobTemplate;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The action parts of the portal API: the definitions, the actions an entity offers, runs (list,
 * one, the Job's log) and creating a run as the caller. Reads come from the index; creating a run
 * and reading a log go to the API server with the caller's credentials.
 */
public final class ActionViews {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  static final int RECENT_RUNS = 10;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The query parameters a list of runs takes. */
  public static final Set<String> LIST_PARAMETERS = Set.of("namespace", "definition", "phase", "requester", "entity",
      "limit");

  private final CatalogIndex index;
  private final ActionDefinitionCompiler compiler;
  private final ActionChecks checks;
  private final CallerClients callers;

  public ActionViews(CatalogIndex index, ActionDefinitionCompiler compiler, ActionChecks checks, CallerClients callers) {
    this.index = index;
    this.compiler = compiler;
    this.checks = checks;
    this.callers = callers;
  }

  public JsonNode definitions() {
    List<ActionDefinition> items = index.actionDefinitions().stream()
        .sorted(Comparator.comparing(d -> d.getMetadata().getName())).toList();
    ObjectNode out = NODES.objectNode();
    ArrayNode array = out.putArray("items");
    items.forEach(d -> array.add(definition(d)));
    out.put("total", items.size());
    return out;
  }

  public JsonNode definition(String name) {
    return definition(index.actionDefinition(name).orElseThrow(() ->
        ApiException.notFound("action definition '" + name + "' does not exist", "name")));
  }

  private JsonNode definition(ActionDefinition definition) {
    CompiledActionDefinition compiled = compiler.compile(definition);
    ObjectNode view = NODES.objectNode();
    view.put("name", definition.getMetadata().getName());
    view.put("title", definition.getSpec().title);
    view.put("description", definition.getSpec().description);
    view.put("blueprint", definition.getSpec().blueprint);
    view.put("operation", definition.getSpec().operation);
    view.put("approvalRequired", compiled.requiresApproval());
    view.put("ready", compiled.valid() && index.blueprint(definition.getSpec().blueprint).isPresent());
    view.set("inputs", Serialization.jsonMapper().valueToTree(definition.getSpec().inputs == null
        ? Map.of("properties", Map.of(), "required", List.of()) : definition.getSpec().inputs));
    return view;
  }

  /** Whether the caller may approve or reject a run of this definition that someone else requested. */
  public boolean mayDecide(String definition, String requester, dev.portolan.action.ActionRecords.Identity caller) {
    return index.actionDefinition(definition).map(compiler::compile)
        .map(d -> d.mayDecide(caller, requester)).orElse(false);
  }

  /** The Day2 and Delete definitions an entity offers, for the entity view. */
  public JsonNode offeredBy(Entity entity) {
    ArrayNode out = NODES.arrayNode();
    if (entity.getSpec() == null) {
      return out;
    }
    index.actionDefinitionsOfBlueprint(entity.getSpec().blueprint).stream()
        .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
        .filter(d -> checks.offers(compiler.compile(d), entity))
        .forEach(d -> out.add(definition(d)));
    return out;
  }

  /** The entity's most recent runs, newest first. */
  public JsonNode recentRuns(Entity entity) {
    ArrayNode out = NODES.arrayNode();
    index.actionsOn(new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName())).stream()
        .sorted(NEWEST_FIRST).limit(RECENT_RUNS).forEach(a -> out.add(run(a)));
    return out;
  }

  private static final Comparator<Action> NEWEST_FIRST = Comparator
      .comparing((Action a) -> String.valueOf(a.getMetadata().getCreationTimestamp())).reversed()
      .thenComparing(a -> a.getMetadata().getNamespace())
      .thenComparing(a -> a.getMetadata().getName());

  public JsonNode runs(Map<String, List<String>> query, Predicate<String> visible) {
    for (String name : query.keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw ApiException.badRequest("unknown query parameter '" + name + "'; use " + String.join(", ",
            LIST_PARAMETERS.stream().sorted().toList()), name);
      }
    }
    int limit = limit(first(query, "limit"));
    String namespace = first(query, "namespace");
    String definition = first(query, "definition");
    String phase = first(query, "phase");
    String requester = first(query, "requester");
    String entityText = first(query, "entity");
    EntityRef entity = entityText == null ? null : EntityRef.parse(entityText, null).orElseThrow(() ->
        ApiException.badRequest("entity must be namespace/name, got '" + entityText + "'", "entity"));
    List<Action> found = (entity != null ? index.actionsOn(entity)
        : definition != null ? index.actionsOfDefinition(definition) : index.actions()).stream()
        .filter(a -> visible.test(a.getMetadata().getNamespace()))
        .filter(a -> namespace == null || namespace.equals(a.getMetadata().getNamespace()))
        .filter(a -> definition == null || definition.equals(a.getSpec().definition))
        .filter(a -> phase == null || phase.equals(phaseOf(a)))
        .filter(a -> requester == null || (a.getStatus() != null && a.getStatus().requestedBy != null
            && requester.equals(a.getStatus().requestedBy.username)))
        .sorted(NEWEST_FIRST).toList();
    ObjectNode out = NODES.objectNode();
    ArrayNode items = out.putArray("items");
    found.stream().limit(limit).forEach(a -> items.add(run(a)));
    out.put("total", found.size());
    return out;
  }

  public JsonNode run(String namespace, String name, Predicate<String> visible) {
    return run(find(namespace, name, visible));
  }

  private Action find(String namespace, String name, Predicate<String> visible) {
    return index.action(namespace, name).filter(a -> visible.test(namespace)).orElseThrow(() ->
        ApiException.notFound("action '" + namespace + "/" + name + "' does not exist", "name"));
  }

  static ObjectNode run(Action action) {
    ObjectNode view = NODES.objectNode();
    view.put("namespace", action.getMetadata().getNamespace());
    view.put("name", action.getMetadata().getName());
    view.put("definition", action.getSpec().definition);
    view.put("entity", action.getSpec().entity);
    view.set("inputs", Serialization.jsonMapper().valueToTree(action.getSpec().inputs));
    view.put("created", action.getMetadata().getCreationTimestamp());
    view.put("phase", phaseOf(action));
    var status = action.getStatus();
    // Before the operator's first status write, who asked is already in admission's record.
    var requester = status != null && status.requestedBy != null ? status.requestedBy
        : dev.portolan.action.ActionRecords.requester(action).map(r -> r.toUserRecord()).orElse(null);
    view.set("requestedBy", Serialization.jsonMapper().valueToTree(requester));
    if (status != null) {
      view.set("approvedBy", Serialization.jsonMapper().valueToTree(status.approvedBy));
      view.put("approvalTime", status.approvalTime);
      view.put("startTime", status.startTime);
      view.put("completionTime", status.completionTime);
      view.put("job", status.job);
      view.set("outputs", Serialization.jsonMapper().valueToTree(status.outputs));
      view.put("message", status.message);
      view.set("conditions", Serialization.jsonMapper().valueToTree(status.conditions));
    }
    return view;
  }

  private static String phaseOf(Action action) {
    return action.getStatus() == null || action.getStatus().phase == null ? "Pending" : action.getStatus().phase;
  }

  /** The log of the run's newest Pod, read with the caller's credentials (RBAC on pods/log applies). */
  public String log(Caller caller, String namespace, String name) {
    Action action = find(namespace, name, caller::maySee);
    if (action.getStatus() == null || action.getStatus().job == null) {
      throw ApiException.notFound("action '" + namespace + "/" + name + "' has no Job yet", "name");
    }
    String jobLabel = JobTemplate.jobName(action);
    String log = callers.call(caller, client -> {
      Pod newest = client.pods().inNamespace(namespace).withLabel(JobTemplate.ACTION_LABEL, jobLabel).list().getItems()
          .stream().max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
          .orElseThrow(() -> ApiException.notFound("the Job of action '" + namespace + "/" + name
              + "' has no Pod yet (or it was cleaned up)", "name"));
      return callers.podLog(client, namespace, newest.getMetadata().getName(), 1000);
    });
    return log == null ? "" : log;
  }

  /**
   * Approves or rejects a waiting run as the caller: the decision annotation is written with the
   * caller's token, so the admission webhook decides whether the caller may decide.
   */
  public JsonNode decide(Caller caller, String namespace, String name, String decision) {
    if (!dev.portolan.action.ActionRecords.APPROVED.equals(decision)
        && !dev.portolan.action.ActionRecords.REJECTED.equals(decision)) {
      throw ApiException.badRequest("decision must be approved or rejected, got '" + decision + "'", "decision");
    }
    Action old = find(namespace, name, caller::maySee);
    Action changed = Serialization.clone(old);
    var annotations = new java.util.LinkedHashMap<String, String>(
        changed.getMetadata().getAnnotations() == null ? Map.of() : changed.getMetadata().getAnnotations());
    annotations.put(dev.portolan.action.ActionRecords.APPROVAL, decision);
    changed.getMetadata().setAnnotations(annotations);
    Action prepared = callers.prepareUpdate(caller, changed, old);
    Action updated = callers.call(caller, client -> client.resource(prepared).update());
    return run(updated);
  }

  /** Creates a run as the caller: {@code {"definition", "entity", "inputs", "generateName"?}}. */
  public JsonNode create(Caller caller, String namespace, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object with definition, entity and inputs", "body");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!Set.of("definition", "entity", "inputs", "generateName").contains(field)) {
        throw ApiException.badRequest("unknown field '" + field + "'; use definition, entity, inputs", field);
      }
    }
    JsonNode definition = body.get("definition");
    if (definition == null || !definition.isTextual() || definition.textValue().isBlank()) {
      throw ApiException.badRequest("definition is required: the name of an action definition", "definition");
    }
    ActionDefinition found = index.actionDefinition(definition.textValue()).orElseThrow(() ->
        ApiException.badRequest("no action definition named '" + definition.textValue() + "'", "definition"));
    JsonNode inputs = body.get("inputs");
    if (inputs != null && !inputs.isObject() && !inputs.isNull()) {
      throw ApiException.badRequest("inputs must be a JSON object of input values", "inputs");
    }
    JsonNode entity = body.get("entity");
    if (entity != null && !entity.isNull() && !entity.isTextual()) {
      throw ApiException.badRequest("entity must be a name or namespace/name", "entity");
    }
    Action action = new Action();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    JsonNode generateName = body.get("generateName");
    meta.setGenerateName(generateName != null && generateName.isTextual() ? generateName.textValue()
        : definition.textValue() + "-");
    action.setMetadata(meta);
    ActionSpec spec = new ActionSpec();
    spec.definition = definition.textValue();
    spec.entity = entity == null || entity.isNull() ? null : entity.textValue();
    if (inputs != null && inputs.isObject()) {
      inputs.fields().forEachRemaining(f -> spec.inputs.put(f.getKey(), f.getValue()));
    }
    action.setSpec(spec);
    // The operator checks again before anything runs; checking here answers a form at once.
    var problems = checks.inputProblems(spec.inputs, compiler.compile(found), "inputs");
    if (!problems.isEmpty()) {
      String first = problems.get(0).message();
      String parameter = first.substring(0, first.indexOf(':'));
      throw new ApiException(400, "InvalidInputs", dev.portolan.kit.Messages.join(problems), parameter);
    }
    Action prepared = callers.prepare(caller, action);
    Action created = callers.call(caller, client -> client.resource(prepared).create());
    return run(created);
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("limit must be from 1 to " + MAX_LIMIT + ", got '" + text + "'", "limit");
  }
}
