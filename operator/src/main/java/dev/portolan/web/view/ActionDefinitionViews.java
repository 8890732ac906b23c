package dev.portolan.web.view;

import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.action.ActionRecords;
import dev.portolan.action.CompiledActionDefinition;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.model.ActionDefinition;
import dev.portolan.model.ActionDefinitionSpec;
import dev.portolan.model.Entity;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The action definitions as the portal shows them: all of them, one by name, the ones an entity
 * offers, and whether a caller may decide a run of one.
 */
public final class ActionDefinitionViews {
  private final CatalogIndex index;
  private final ActionDefinitionCompiler compiler;
  private final ActionChecks checks;

  public ActionDefinitionViews(
      CatalogIndex index, ActionDefinitionCompiler compiler, ActionChecks checks) {
    this.index = index;
    this.compiler = compiler;
    this.checks = checks;
  }

  /** Every definition, by name. */
  public ItemList<ActionDefinitionView> list() {
    return ItemList.of(
        index.actionDefinitions().stream()
            .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
            .map(this::view)
            .toList());
  }

  /** One definition; 404 naming it when there is none. */
  public ActionDefinitionView one(String name) {
    return view(
        index
            .actionDefinition(name)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "action definition '" + name + "' does not exist", "name")));
  }

  /** The Day2 and Delete definitions an entity offers, by name, for the entity view. */
  public List<ActionDefinitionView> offeredBy(Entity entity) {
    if (entity.getSpec() == null) {
      return List.of();
    }
    return index.actionDefinitionsOfBlueprint(entity.getSpec().blueprint).stream()
        .sorted(Comparator.comparing(d -> d.getMetadata().getName()))
        .filter(d -> checks.offers(compiler.compile(d), entity))
        .map(this::view)
        .toList();
  }

  /**
   * Whether the caller may approve or reject a run of this definition that someone else requested.
   */
  public boolean mayDecide(String definition, String requester, ActionRecords.Identity caller) {
    return index
        .actionDefinition(definition)
        .map(compiler::compile)
        .map(d -> d.mayDecide(caller, requester))
        .orElse(false);
  }

  private ActionDefinitionView view(ActionDefinition definition) {
    CompiledActionDefinition compiled = compiler.compile(definition);
    ActionDefinitionSpec spec = definition.getSpec();
    return new ActionDefinitionView(
        definition.getMetadata().getName(),
        spec.title,
        spec.description,
        spec.blueprint,
        spec.operation,
        compiled.requiresApproval(),
        compiled.valid() && index.blueprint(spec.blueprint).isPresent(),
        Serialization.jsonMapper()
            .valueToTree(
                spec.inputs == null
                    ? Map.of("properties", Map.of(), "required", List.of())
                    : spec.inputs),
        spec.inputs == null ? new ActionDefinitionSpec.Inputs() : spec.inputs);
  }
}
