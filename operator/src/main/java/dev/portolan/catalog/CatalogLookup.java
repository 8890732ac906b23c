package dev.portolan.catalog;

import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Read access to the catalog, so that the checks can be tested without informers. */
public interface CatalogLookup {
  Optional<Blueprint> blueprint(String name);

  Collection<Blueprint> blueprints();

  Optional<Entity> entity(EntityRef ref);

  List<Entity> entitiesOfBlueprint(String blueprint);

  /** The entities whose relations name {@code target}, whether or not it exists. */
  List<Entity> referrers(EntityRef target);

  /** The scorecards whose spec.blueprint names {@code blueprint}, whether or not it exists. */
  List<Scorecard> scorecardsOfBlueprint(String blueprint);

  /** The RelationGrants of a namespace: who may relate to its entities from other namespaces. */
  List<RelationGrant> relationGrants(String namespace);
}
