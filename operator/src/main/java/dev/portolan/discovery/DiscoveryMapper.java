package dev.portolan.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.catalog.DiscoveredEntities;
import dev.portolan.catalog.EntityRef;
import dev.portolan.cel.CelValues;
import dev.portolan.cel.CompiledExpression;
import dev.portolan.cel.ExpressionException;
import dev.portolan.kit.LabelSelectors;
import dev.portolan.kit.Problem;
import dev.portolan.model.Api;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Maps one cluster object through one discovery rule into the entity it should produce, or into
 * nothing (the rule does not select it, or it is excluded), with the problems met on the way.
 */
public final class DiscoveryMapper {
  public static final String OWNER_ANNOTATION = Api.GROUP + "/owner";
  public static final String TITLE_ANNOTATION = Api.GROUP + "/title";
  public static final String SYSTEM_ANNOTATION = Api.GROUP + "/system";
  public static final String EXCLUDE_ANNOTATION = Api.GROUP + "/exclude";

  private final String clusterScopedNamespace;

  /**
   * @param clusterScopedNamespace where entities of cluster-scoped objects other than Namespaces
   *     live (a Namespace's entity lives in the namespace it describes)
   */
  public DiscoveryMapper(String clusterScopedNamespace) {
    this.clusterScopedNamespace = clusterScopedNamespace;
  }

  /**
   * The outcome of mapping one object.
   *
   * @param entity the entity the object should produce, or null when it produces none
   * @param problems what went wrong; with an entity, values that could not be mapped were left out
   */
  public record Mapping(Entity entity, List<Problem> problems) {
    static Mapping none() {
      return new Mapping(null, List.of());
    }
  }

  /**
   * @param namespaceLabels the labels of a namespace, for rules with a namespace selector
   * @param workloads the discovered workloads of the object's namespace, read only if the rule uses
   *     them
   */
  public Mapping map(
      CompiledDiscoveryRule rule,
      GenericKubernetesResource object,
      Function<String, Map<String, String>> namespaceLabels,
      Supplier<List<Object>> workloads) {
    var metadata = object.getMetadata();
    Map<String, String> annotations =
        metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    if (!LabelSelectors.matches(rule.selector(), metadata.getLabels())
        || "true".equalsIgnoreCase(annotations.get(EXCLUDE_ANNOTATION))) {
      return Mapping.none();
    }
    if (rule.namespaceSelector() != null
        && metadata.getNamespace() != null
        && !LabelSelectors.matches(
            rule.namespaceSelector(), namespaceLabels.apply(metadata.getNamespace()))) {
      return Mapping.none();
    }
    String what =
        object.getKind()
            + " "
            + (metadata.getNamespace() == null ? "" : metadata.getNamespace() + "/")
            + metadata.getName();
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(
        "object", CelValues.fromJson(Serialization.jsonMapper().<JsonNode>valueToTree(object)));
    variables.put("workloads", rule.usesWorkloads() ? workloads.get() : List.of());
    List<Problem> problems = new ArrayList<>();
    String at = "spec.discovery[" + rule.index() + "]";
    try {
      if (rule.when() != null && !rule.when().test(variables)) {
        return Mapping.none();
      }
    } catch (ExpressionException e) {
      return new Mapping(null, List.of(problem(at + ".when", what, e.getMessage())));
    }
    String name;
    try {
      name = (String) rule.name().evaluate(variables);
    } catch (ExpressionException e) {
      return new Mapping(null, List.of(problem(at + ".name", what, e.getMessage())));
    }
    String namespace =
        metadata.getNamespace() != null
            ? metadata.getNamespace()
            : "Namespace".equals(object.getKind()) ? metadata.getName() : clusterScopedNamespace;
    if (EntityRef.parse(name, namespace).filter(r -> r.name().equals(name)).isEmpty()) {
      return new Mapping(
          null,
          List.of(
              problem(
                  at + ".name",
                  what,
                  "gave '"
                      + name
                      + "', which is not a valid entity"
                      + " name (lower case letters, digits, '-' and '.', at most 253 characters)")));
    }

    EntitySpec spec = new EntitySpec();
    spec.blueprint = rule.blueprint();
    spec.title =
        annotations.getOrDefault(
            TITLE_ANNOTATION, text(rule.title(), variables, at + ".title", what, problems));
    spec.owner =
        annotations.getOrDefault(
            OWNER_ANNOTATION, text(rule.owner(), variables, at + ".owner", what, problems));
    rule.properties()
        .forEach(
            (property, expression) ->
                value(expression, variables, at + ".properties." + property, what, problems)
                    .ifPresent(v -> spec.properties.put(property, v)));
    rule.relations()
        .forEach(
            (relation, expression) ->
                value(expression, variables, at + ".relations." + relation, what, problems)
                    .filter(
                        v ->
                            !(v.isTextual() && v.textValue().isEmpty())
                                && !(v.isArray() && v.isEmpty()))
                    .ifPresent(v -> spec.relations.put(relation, v)));
    String system = annotations.get(SYSTEM_ANNOTATION);
    if (system != null && !system.isBlank() && rule.declaresSystemRelation()) {
      spec.relations.put("system", Serialization.jsonMapper().getNodeFactory().textNode(system));
    }

    Entity entity = new Entity();
    entity.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels(DiscoveredEntities.LABEL, "true")
            .addToAnnotations(DiscoveredEntities.RULE_ANNOTATION, rule.id())
            .addToAnnotations(DiscoveredEntities.SOURCE_UID_ANNOTATION, metadata.getUid())
            .addToAnnotations(
                DiscoveredEntities.SOURCE_ANNOTATION,
                object.getApiVersion()
                    + "/"
                    + object.getKind()
                    + "/"
                    + (metadata.getNamespace() == null ? "" : metadata.getNamespace())
                    + "/"
                    + metadata.getName())
            .withOwnerReferences(DiscoveredEntities.ownerReference(object))
            .build());
    entity.setSpec(spec);
    return new Mapping(entity, problems);
  }

  private static String text(
      CompiledExpression expression,
      Map<String, Object> variables,
      String where,
      String what,
      List<Problem> problems) {
    if (expression == null) {
      return null;
    }
    try {
      String value = (String) expression.evaluate(variables);
      return value == null || value.isEmpty() ? null : value;
    } catch (ExpressionException e) {
      problems.add(problem(where, what, e.getMessage()));
      return null;
    }
  }

  private static java.util.Optional<JsonNode> value(
      CompiledExpression expression,
      Map<String, Object> variables,
      String where,
      String what,
      List<Problem> problems) {
    try {
      JsonNode value = CelValues.toJson(expression.evaluate(variables));
      return value.isNull() ? java.util.Optional.empty() : java.util.Optional.of(value);
    } catch (ExpressionException e) {
      problems.add(problem(where, what, e.getMessage()));
      return java.util.Optional.empty();
    }
  }

  private static Problem problem(String where, String what, String message) {
    return Problem.at(DiscoveryRuleCompiler.REASON, where, "for " + what + ": " + message);
  }
}
