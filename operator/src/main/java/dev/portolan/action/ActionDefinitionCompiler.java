package dev.portolan.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import dev.portolan.catalog.JsonSchemas;
import dev.portolan.catalog.PropertySchemaChecker;
import dev.portolan.cel.CelEngine;
import dev.portolan.cel.CelScope;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpectedType;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.GenerationCache;
import dev.portolan.kit.Problem;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionDefinitionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks and compiles action definitions: the input schema, the condition (CEL over {@code entity}
 * and {@code inputs}), and the Job template. Compiled once per generation.
 */
public final class ActionDefinitionCompiler {
  static final String INVALID_INPUTS_SCHEMA = "InvalidInputSchema";
  static final String INVALID_CONDITION = "InvalidExpression";
  static final String INVALID_JOB = "InvalidJobTemplate";

  private final CelEngine cel;
  private final GenerationCache<ActionDefinition, CompiledActionDefinition> cache =
      new GenerationCache<>(
          resource -> compile(resource.getMetadata().getName(), resource.getSpec()));

  public ActionDefinitionCompiler(CelEngine cel) {
    this.cel = cel;
  }

  public CompiledActionDefinition compile(ActionDefinition definition) {
    return cache.get(definition);
  }

  public void forget(String name) {
    cache.forget(name);
  }

  CompiledActionDefinition compile(String name, ActionDefinitionSpec spec) {
    if (spec == null) {
      spec = new ActionDefinitionSpec();
    }
    List<Problem> problems = new ArrayList<>();
    Map<String, String> variables = new LinkedHashMap<>();
    Schema inputs = compileInputs(spec.inputs, variables, problems);
    CompiledExpression condition = null;
    if (spec.condition != null && !spec.condition.isBlank()) {
      try {
        condition = cel.compile(spec.condition, CelScope.ACTION, ExpectedType.BOOLEAN);
      } catch (ExpressionException e) {
        problems.add(
            Problem.at(
                INVALID_CONDITION,
                "spec.condition",
                e.getMessage()
                    + "; write a CEL expression over entity and inputs that returns a boolean"));
      }
    }
    JobSpec job = parseJob(spec.job, problems);
    return new CompiledActionDefinition(
        name, spec, inputs, condition, job, Map.copyOf(variables), List.copyOf(problems));
  }

  private static Schema compileInputs(
      ActionDefinitionSpec.Inputs inputs, Map<String, String> variables, List<Problem> problems) {
    Map<String, JsonNode> schemas = new LinkedHashMap<>();
    List<String> required = List.of();
    if (inputs != null) {
      required = inputs.required == null ? List.of() : inputs.required;
      if (inputs.properties != null) {
        inputs.properties.forEach(
            (input, schema) -> schemas.put(input, Serialization.jsonMapper().valueToTree(schema)));
      }
    }
    Map<String, String> byVariable = new LinkedHashMap<>();
    int before = problems.size();
    schemas.forEach(
        (input, schema) -> {
          String path = "spec.inputs.properties." + input;
          problems.addAll(
              PropertySchemaChecker.check(path, schema).stream()
                  .map(p -> new Problem(INVALID_INPUTS_SCHEMA, p.field(), p.message()))
                  .toList());
          String variable = JobTemplate.inputVariable(input);
          String clash = byVariable.putIfAbsent(variable, input);
          if (clash != null) {
            problems.add(
                Problem.at(
                    INVALID_INPUTS_SCHEMA,
                    path,
                    "becomes the environment variable "
                        + variable
                        + " like input '"
                        + clash
                        + "'; rename one of them"));
          }
          variables.put(input, variable);
        });
    for (String name : required) {
      if (!schemas.containsKey(name)) {
        problems.add(
            Problem.at(
                INVALID_INPUTS_SCHEMA,
                "spec.inputs.required",
                "'"
                    + name
                    + "' is not declared under spec.inputs.properties; declare it or remove it"));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return JsonSchemas.forProperties(schemas, required);
  }

  private static JobSpec parseJob(JsonNode job, List<Problem> problems) {
    if (job == null || !job.isObject()) {
      problems.add(
          Problem.at(
              INVALID_JOB, "spec.job", "must be a batch/v1 JobSpec with template.spec.containers"));
      return null;
    }
    JobSpec spec;
    try {
      spec = Serialization.jsonMapper().treeToValue(job, JobSpec.class);
    } catch (Exception e) {
      problems.add(
          Problem.at(
              INVALID_JOB, "spec.job", "is not a batch/v1 JobSpec: " + firstLine(e.getMessage())));
      return null;
    }
    int before = problems.size();
    if (spec.getTemplate() == null
        || spec.getTemplate().getSpec() == null
        || spec.getTemplate().getSpec().getContainers() == null
        || spec.getTemplate().getSpec().getContainers().isEmpty()) {
      problems.add(
          Problem.at(
              INVALID_JOB,
              "spec.job.template.spec.containers",
              "at least one container is required"));
      return null;
    }
    List<Container> containers = spec.getTemplate().getSpec().getContainers();
    for (int i = 0; i < containers.size(); i++) {
      Container container = containers.get(i);
      if (container.getImage() == null || container.getImage().isBlank()) {
        problems.add(
            Problem.at(
                INVALID_JOB, "spec.job.template.spec.containers[" + i + "].image", "is required"));
      }
    }
    String restartPolicy = spec.getTemplate().getSpec().getRestartPolicy();
    if (restartPolicy != null && !List.of("Never", "OnFailure").contains(restartPolicy)) {
      problems.add(
          Problem.at(
              INVALID_JOB,
              "spec.job.template.spec.restartPolicy",
              "a Job's Pods must use Never or" + " OnFailure, not " + restartPolicy));
    }
    if (spec.getSelector() != null || Boolean.TRUE.equals(spec.getManualSelector())) {
      problems.add(
          Problem.at(
              INVALID_JOB,
              "spec.job.selector",
              "Portolan labels the Job's Pods itself; remove" + " selector and manualSelector"));
    }
    if (spec.getTemplate().getSpec().getVolumes() != null
        && spec.getTemplate().getSpec().getVolumes().stream()
            .anyMatch(v -> JobTemplate.RESERVED_VOLUMES.contains(v.getName()))) {
      problems.add(
          Problem.at(
              INVALID_JOB,
              "spec.job.template.spec.volumes",
              "the names " + JobTemplate.RESERVED_VOLUMES + " are Portolan's; rename the volume"));
    }
    return problems.size() > before ? null : spec;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
