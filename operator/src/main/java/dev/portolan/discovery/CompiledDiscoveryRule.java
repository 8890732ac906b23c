package dev.portolan.discovery;

import dev.portolan.cel.CompiledExpression;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.Map;

/**
 * One discovery rule, compiled.
 *
 * @param id the rule's identity, recorded on the entities it makes: {@code blueprint[index]}
 * @param usesWorkloads whether any expression reads the {@code workloads} variable, so that the
 *     rule's objects are mapped again when the discovered workloads of their namespace change
 */
public record CompiledDiscoveryRule(
    String id,
    String blueprint,
    int index,
    SourceKind source,
    LabelSelector selector,
    LabelSelector namespaceSelector,
    CompiledExpression when,
    CompiledExpression name,
    CompiledExpression title,
    CompiledExpression owner,
    Map<String, CompiledExpression> properties,
    Map<String, CompiledExpression> relations,
    boolean declaresSystemRelation,
    boolean usesWorkloads) {

  public static String id(String blueprint, int index) {
    return blueprint + "[" + index + "]";
  }
}
