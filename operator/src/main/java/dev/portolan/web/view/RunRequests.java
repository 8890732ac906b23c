package dev.portolan.web.view;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.Action;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionSpec;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Creating and deciding runs as the caller: both write with the caller's own credentials, so RBAC,
 * the API server's validation and the admission webhook answer for the caller; a run is checked as
 * the operator will check it before it is stored.
 */
public final class RunRequests {
  private final CatalogIndex index;
  private final ActionDefinitionCompiler compiler;
  private final ActionChecks checks;
  private final CallerClients callers;
  private final RunViews runs;

  public RunRequests(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionChecks checks,
      CallerClients callers,
      RunViews runs) {
    this.index = index;
    this.compiler = compiler;
    this.checks = checks;
    this.callers = callers;
    this.runs = runs;
  }

  /**
   * Approves or rejects a waiting run as the caller: the decision annotation is written with the
   * caller's token, so the admission webhook decides whether the caller may decide.
   */
  public RunView decide(Caller caller, String namespace, String name, String decision) {
    if (!dev.portolan.action.ActionRecords.APPROVED.equals(decision)
        && !dev.portolan.action.ActionRecords.REJECTED.equals(decision)) {
      throw ApiException.badRequest(
          "decision must be approved or rejected, got '" + decision + "'", "decision");
    }
    Action old = runs.find(namespace, name, caller::maySee);
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
    return RunView.of(updated);
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
  public RunView create(Caller caller, String namespace, JsonNode body) {
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
    return RunView.of(created);
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
}
