package dev.portolan.guardrail;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A catalog of definitions only: the blueprints and scorecards to grade with, and no entities or
 * grants. Blueprint checks (relation targets, mirrored paths) read it exactly as they read the live
 * catalog; a relation or a mirrored value, which needs other entities, finds none. Immutable.
 */
final class DefinitionCatalog implements CatalogLookup {
  private final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
  private final Map<String, List<Scorecard>> scorecards = new LinkedHashMap<>();

  DefinitionCatalog(Collection<Blueprint> blueprints, Collection<Scorecard> scorecards) {
    blueprints.forEach(b -> this.blueprints.put(b.getMetadata().getName(), b));
    scorecards.stream()
        .sorted(Comparator.comparing(s -> s.getMetadata().getName()))
        .forEach(
            s ->
                this.scorecards
                    .computeIfAbsent(
                        s.getSpec() == null ? null : s.getSpec().blueprint, k -> new ArrayList<>())
                    .add(s));
  }

  @Override
  public Optional<Blueprint> blueprint(String name) {
    return Optional.ofNullable(blueprints.get(name));
  }

  @Override
  public Collection<Blueprint> blueprints() {
    return blueprints.values();
  }

  @Override
  public Optional<Entity> entity(EntityRef ref) {
    return Optional.empty();
  }

  @Override
  public List<Entity> entitiesOfBlueprint(String blueprint) {
    return List.of();
  }

  @Override
  public List<Entity> referrers(EntityRef target) {
    return List.of();
  }

  @Override
  public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
    return scorecards.getOrDefault(blueprint, List.of());
  }

  @Override
  public List<RelationGrant> relationGrants(String namespace) {
    return List.of();
  }
}
