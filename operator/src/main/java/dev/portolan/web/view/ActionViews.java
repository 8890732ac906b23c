package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.ActionPhases;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.action.JobTemplate;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionSpec;
import dev.portolan.model.Entity;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.error.ApiException;
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
  public static final Set<String> LIST_PARAMETERS =
      Set.of("namespace", "definition", "phase", "requester", "entity", "limit");

  private final CatalogIndex index;
  private final ActionDefinitionCompiler compiler;
  private final ActionChecks checks;
  private final CallerClients callers;

  public ActionViews(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionChecks checks,
      CallerClients callers) {
    this.index = index;
    this.compiler = compiler;
    this.checks = checks;
    this.callers = callers;
  }

  public JsonNode definitions() {
    List<ActionDefinition> items =
        index.actionDefinitions().stream()
            .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
            .toList();
    ObjectNode out = NODES.objectNode();
    ArrayNode array = out.putArray("items");
    items.forEach(d -> array.add(definition(d)));
    out.put("total", items.size());
    return out;
  }

  public JsonNode definition(String name) {
    return definition(
        index
            .actionDefinition(name)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "action definition '" + name + "' does not exist", "name")));
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
    view.put(
        "ready", compiled.valid() && index.blueprint(definition.getSpec().blueprint).isPresent());
    view.set(
        "inputs",
        Serialization.jsonMapper()
            .valueToTree(
                definition.getSpec().inputs == null
                    ? Map.of("properties", Map.of(), "required", List.of())
                    : definition.getSpec().inputs));
    return view;
  }

  /**
   * Whether the caller may approve or reject a run of this definition that someone else requested.
   */
  public boolean mayDecide(
      String definition, String requester, dev.portolan.action.ActionRecords.Identity caller) {
    return index
        .actionDefinition(definition)
        .map(compiler::compile)
        .map(d -> d.mayDecide(caller, requester))
        .orElse(false);
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
    index
        .actionsOn(
            new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName()))
        .stream()
        .sorted(NEWEST_FIRST)
        .limit(RECENT_RUNS)
        .forEach(a -> out.add(run(a)));
    return out;
  }

  private static final Comparator<Action> NEWEST_FIRST =
      Comparator.comparing((Action a) -> String.valueOf(a.getMetadata().getCreationTimestamp()))
          .reversed()
          .thenComparing(a -> a.getMetadata().getNamespace())
          .thenComparing(a -> a.getMetadata().getName());

  public JsonNode runs(Map<String, List<String>> query, Predicate<String> visible) {
    for (String name : query.keySet()) {
      if (!LIST_PARAMETERS.contains(name)) {
        throw ApiException.badRequest(
            "unknown query parameter '"
                + name
                + "'; use "
                + String.join(", ", LIST_PARAMETERS.stream().sorted().toList()),
            name);
      }
    }
    for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
      if (parameter.getValue().size() > 1) {
        throw ApiException.badRequest(
            parameter.getKey()
                + " is given "
                + parameter.getValue().size()
                + " times; give it once",
            parameter.getKey());
      }
    }
    int limit = limit(first(query, "limit"));
    String namespace = first(query, "namespace");
    String definition = first(query, "definition");
    String phase = first(query, "phase");
    if (phase != null && !ActionPhases.ALL.contains(phase)) {
      throw ApiException.badRequest(
          "phase must be one of " + String.join(", ", ActionPhases.ALL) + ", got '" + phase + "'",
          "phase");
    }
    String requester = first(query, "requester");
    String entityText = first(query, "entity");
    EntityRef entity =
        entityText == null
            ? null
            : EntityRef.parse(entityText, null)
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "entity must be namespace/name, got '" + entityText + "'", "entity"));
    List<Action> found =
        (entity != null
                ? index.actionsOn(entity)
                : definition != null ? index.actionsOfDefinition(definition) : index.actions())
            .stream()
                .filter(a -> visible.test(a.getMetadata().getNamespace()))
                .filter(a -> namespace == null || namespace.equals(a.getMetadata().getNamespace()))
                .filter(a -> definition == null || definition.equals(a.getSpec().definition))
                .filter(a -> phase == null || phase.equals(phaseOf(a)))
                .filter(
                    a ->
                        requester == null
                            || (a.getStatus() != null
                                && a.getStatus().requestedBy != null
                                && requester.equals(a.getStatus().requestedBy.username)))
                .sorted(NEWEST_FIRST)
                .toList();
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
    return index
        .action(namespace, name)
        .filter(a -> visible.test(namespace))
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "action '" + namespace + "/" + name + "' does not exist", "name"));
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
    var requester =
        status != null && status.requestedBy != null
            ? status.requestedBy
            : dev.portolan.action.ActionRecords.requester(action)
                .map(r -> r.toUserRecord())
                .orElse(null);
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
    return action.getStatus() == null || action.getStatus().phase == null
        ? "Pending"
        : action.getStatus().phase;
  }

  /**
   * The log of the run's newest Pod, read with the caller's credentials (RBAC on pods/log applies).
   */
  public String log(Caller caller, String namespace, String name) {
    Action action = find(namespace, name, caller::maySee);
    if (action.getStatus() == null || action.getStatus().job == null) {
      throw ApiException.notFound("action '" + namespace + "/" + name + "' has no Job yet", "name");
    }
    String jobLabel = JobTemplate.jobName(action);
    String log =
        callers.call(
            caller,
            client -> {
              Pod newest =
                  client
                      .pods()
                      .inNamespace(namespace)
                      .withLabel(JobTemplate.ACTION_LABEL, jobLabel)
                      .list()
                      .getItems()
                      .stream()
                      .max(
                          Comparator.comparing(
                              p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                      .orElseThrow(
                          () ->
                              ApiException.notFound(
                                  "the Job of action '"
                                      + namespace
                                      + "/"
                                      + name
                                      + "' has no Pod yet (or it was cleaned up)",
                                  "name"));
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
      throw ApiException.badRequest(
          "decision must be approved or rejected, got '" + decision + "'", "decision");
    }
    Action old = find(namespace, name, caller::maySee);
    Action changed = Serialization.clone(old);
    var annotations =
        new java.util.LinkedHashMap<String, String>(
            changed.getMetadata().getAnnotations() == null
                ? Map.of()
                : changed.getMetadata().getAnnotations());
    annotations.put(dev.portolan.action.ActionRecords.APPROVAL, decision);
    changed.getMetadata().setAnnotations(annotations);
    Action prepared = callers.prepareUpdate(caller, changed, old);
    Action updated = callers.call(caller, client -> client.resource(prepared).update());
    return run(updated);
  }

  /** The fields of a request to create a run. */
  public static final List<String> CREATE_FIELDS =
      List.of("definition", "entity", "inputs", "generateName");

  /**
   * A generated name gets five characters more, and must stay a DNS label (63), which the run's Job
   * is named after.
   */
  static final int MAX_GENERATE_NAME = 58;

  private static final java.util.regex.Pattern GENERATE_NAME =
      java.util.regex.Pattern.compile("[a-z0-9][-a-z0-9]*");

  /**
   * Creates a run as the caller: {@code {"definition", "entity", "inputs", "generateName"?}}.
   *
   * <p>Before anything is stored, the Action is created as a server-side dry run with the caller's
   * credentials (RBAC, the API server's validation and the admission webhook answer, and a refusal
   * keeps its status and message), and then checked as the operator will check it: the requester is
   * allowed, the inputs, the entity (exists, of the definition's blueprint, in this namespace,
   * meeting the condition), the operation (Create takes no entity), the definition is ready. Every
   * problem is listed at once; only a run that can run gets a 201.
   */
  public JsonNode create(Caller caller, String namespace, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiException.badField(
          "the body must be a JSON object with definition, entity and inputs", "body");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!CREATE_FIELDS.contains(field)) {
        throw ApiException.badField(
            "unknown field '" + field + "'; use " + String.join(", ", CREATE_FIELDS), field);
      }
    }
    String definition = text(body, "definition", true);
    if (definition.isBlank()) {
      throw ApiException.badField(
          "definition is required: the name of an action definition", "definition");
    }
    ActionDefinition found =
        index
            .actionDefinition(definition)
            .orElseThrow(
                () ->
                    ApiException.badField(
                        "no action definition named '"
                            + definition
                            + "'; GET /api/v1/actiondefinitions lists"
                            + " them",
                        "definition"));
    JsonNode inputs = body.get("inputs");
    if (inputs != null && !inputs.isObject() && !inputs.isNull()) {
      throw ApiException.badField(
          "inputs must be a JSON object of input values (got "
              + inputs.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + ")",
          "inputs");
    }
    String entity = text(body, "entity", false);
    String generateName = text(body, "generateName", false);
    if (generateName == null) {
      generateName =
          (definition.length() > MAX_GENERATE_NAME - 1
                      ? definition.substring(0, MAX_GENERATE_NAME - 1)
                      : definition)
                  .replaceAll("[^-a-z0-9]", "-")
              + "-";
    } else if (!GENERATE_NAME.matcher(generateName).matches()
        || generateName.length() > MAX_GENERATE_NAME) {
      throw ApiException.badField(
          "generateName must be 1 to "
              + MAX_GENERATE_NAME
              + " lower-case letters, digits and"
              + " '-', starting with a letter or digit, such as restart-cart- (the API server adds five characters, and"
              + " the run's Job is named after it); got '"
              + (generateName.length() > 80
                  ? generateName.substring(0, 80)
                      + "...' ("
                      + generateName.length()
                      + " characters)"
                  : generateName + "'"),
          "generateName");
    }
    Action action = new Action();
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(namespace);
    meta.setGenerateName(generateName);
    action.setMetadata(meta);
    ActionSpec spec = new ActionSpec();
    spec.definition = definition;
    spec.entity = entity == null || entity.isBlank() ? null : entity;
    if (inputs != null && inputs.isObject()) {
      inputs.fields().forEachRemaining(f -> spec.inputs.put(f.getKey(), f.getValue()));
    }
    action.setSpec(spec);
    Action prepared = callers.prepare(caller, action);
    try {
      callers.dryRunCreate(caller, prepared);
    } catch (ApiException e) {
      if (e.status() == 404) {
        throw new ApiException(
            404,
            "NamespaceNotFound",
            e.body().message() + "; create the run in a namespace that" + " exists",
            "namespace");
      }
      throw e;
    }
    refuseUnlessRunnable(caller, namespace, action, found);
    Action created = callers.call(caller, client -> client.resource(prepared).create());
    return run(created);
  }

  /** The operator's own checks, before the 201: every problem at once, each naming its field. */
  private void refuseUnlessRunnable(
      Caller caller, String namespace, Action action, ActionDefinition found) {
    CompiledActionDefinition compiled = compiler.compile(found);
    List<dev.portolan.kit.Problem> problems = new java.util.ArrayList<>();
    if (!compiled.valid()) {
      problems.add(
          dev.portolan.kit.Problem.at(
              "DefinitionNotReady",
              "definition",
              found.getMetadata().getName()
                  + " is not ready: "
                  + compiled.problems().get(0).message()));
    }
    if (index.blueprint(found.getSpec().blueprint).isEmpty()) {
      problems.add(
          dev.portolan.kit.Problem.at(
              "DefinitionNotReady",
              "definition",
              found.getMetadata().getName()
                  + " acts on blueprint "
                  + found.getSpec().blueprint
                  + ", which does not exist"));
    }
    problems.addAll(
        checks.check(action, compiled, callers.requester(caller).orElse(null), "").problems());
    if (problems.isEmpty()) {
      return;
    }
    String reason = dev.portolan.kit.Problems.reason(problems, "Refused");
    int status =
        reason.equals(ActionChecks.NOT_ALLOWED)
            ? 403
            : reason.equals(ActionChecks.ENTITY_NOT_FOUND) ? 404 : 400;
    throw ApiException.ofProblems(status, reason, problems);
  }

  /** A string field of the body, or null when absent; another type is a 400 that says so. */
  private static String text(JsonNode body, String field, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw ApiException.badField(
            field + " is required: the name of an action definition", field);
      }
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.badField(
          field
              + " must be a string (got "
              + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
              + " "
              + abbreviate(value.toString())
              + ")",
          field);
    }
    return value.textValue();
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "..." : text;
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    if (text.matches("[0-9]{1,4}")) {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    }
    throw ApiException.badRequest(
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'", "limit");
  }
}
