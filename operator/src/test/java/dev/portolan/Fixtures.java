package dev.portolan;

import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.catalog.Relations;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Resources written as YAML in tests, and an in-memory catalog to check them against. */
public final class Fixtures {
  private Fixtures() {}

  public static Blueprint blueprint(String yaml) {
    Blueprint blueprint = Serialization.unmarshal("apiVersion: portolan.dev/v1alpha1\nkind: Blueprint\n" + yaml, Blueprint.class);
    if (blueprint.getMetadata().getGeneration() == null) {
      blueprint.getMetadata().setGeneration(1L);
    }
    return blueprint;
  }

  public static Entity entity(String yaml) {
    return Serialization.unmarshal("apiVersion: portolan.dev/v1alpha1\nkind: Entity\n" + yaml, Entity.class);
  }

  public static Scorecard scorecard(String yaml) {
    Scorecard scorecard = Serialization.unmarshal("apiVersion: portolan.dev/v1alpha1\nkind: Scorecard\n" + yaml, Scorecard.class);
    if (scorecard.getMetadata().getGeneration() == null) {
      scorecard.getMetadata().setGeneration(1L);
    }
    return scorecard;
  }

  /** A catalog held in maps, for unit tests of the checks. */
  public static final class Catalog implements CatalogLookup {
    private final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
    private final Map<EntityRef, Entity> entities = new LinkedHashMap<>();
    private final Map<String, Scorecard> scorecards = new LinkedHashMap<>();
    private final List<dev.portolan.model.RelationGrant> grants = new ArrayList<>();

    public Catalog add(Blueprint blueprint) {
      blueprints.put(blueprint.getMetadata().getName(), blueprint);
      return this;
    }

    public Catalog add(Entity entity) {
      entities.put(new EntityRef(entity.getMetadata().getNamespace(), entity.getMetadata().getName()), entity);
      return this;
    }

    public Catalog add(Scorecard scorecard) {
      scorecards.put(scorecard.getMetadata().getName(), scorecard);
      return this;
    }

    /** Lets entities of {@code from} (or * for every namespace) relate to the entities of {@code namespace}. */
    public Catalog grant(String namespace, String from, String... blueprints) {
      grants.add(Serialization.unmarshal("""
          apiVersion: portolan.dev/v1alpha1
          kind: RelationGrant
          metadata: {name: grant-%d, namespace: %s}
          spec: {from: [{namespace: "%s"}], blueprints: %s}
          """.formatted(grants.size(), namespace, from, List.of(blueprints)), dev.portolan.model.RelationGrant.class));
      return this;
    }

    public Catalog removeEntity(String namespace, String name) {
      entities.remove(new EntityRef(namespace, name));
      return this;
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
      return Optional.ofNullable(entities.get(ref));
    }

    @Override
    public List<Entity> entitiesOfBlueprint(String blueprint) {
      return entities.values().stream().filter(e -> blueprint.equals(e.getSpec().blueprint)).toList();
    }

    @Override
    public List<Entity> referrers(EntityRef target) {
      List<Entity> referrers = new ArrayList<>();
      for (Entity e : entities.values()) {
        if (Relations.targets(e).contains(target)) {
          referrers.add(e);
        }
      }
      return referrers;
    }

    @Override
    public List<dev.portolan.model.RelationGrant> relationGrants(String namespace) {
      return grants.stream().filter(g -> namespace.equals(g.getMetadata().getNamespace())).toList();
    }

    @Override
    public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
      return scorecards.values().stream()
          .filter(s -> s.getSpec() != null && blueprint.equals(s.getSpec().blueprint)).toList();
    }
  }
}
