package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.portolan.catalog.CatalogLookup;
import dev.portolan.catalog.EntityRef;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Entity;
import dev.portolan.model.EntitySpec;
import dev.portolan.model.RelationGrant;
import dev.portolan.model.Scorecard;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntityViewTest {
  private static Entity entity(String namespace, String name, String title, String relatesTo) {
    Entity entity = new Entity();
    entity.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    entity.setSpec(new EntitySpec());
    entity.getSpec().blueprint = "service";
    entity.getSpec().title = title;
    if (relatesTo != null) {
      entity
          .getSpec()
          .relations
          .put("dependsOn", JsonNodeFactory.instance.arrayNode().add(relatesTo));
    }
    return entity;
  }

  /** A catalog of a few entities: every entity that relates to the target is its referrer. */
  private record Catalog(List<Entity> entities) implements CatalogLookup {
    @Override
    public Optional<Blueprint> blueprint(String name) {
      return Optional.empty();
    }

    @Override
    public Collection<Blueprint> blueprints() {
      return List.of();
    }

    @Override
    public Optional<Entity> entity(EntityRef ref) {
      return entities.stream()
          .filter(
              e ->
                  e.getMetadata().getNamespace().equals(ref.namespace())
                      && e.getMetadata().getName().equals(ref.name()))
          .findFirst();
    }

    @Override
    public List<Entity> entitiesOfBlueprint(String blueprint) {
      return entities;
    }

    @Override
    public List<Entity> referrers(EntityRef target) {
      return entities.stream()
          .filter(
              e ->
                  dev.portolan.catalog.Relations.targets(e, "dependsOn").contains(target)
                      && !e.getSpec().relations.isEmpty())
          .toList();
    }

    @Override
    public List<Scorecard> scorecardsOfBlueprint(String blueprint) {
      return List.of();
    }

    @Override
    public List<RelationGrant> relationGrants(String namespace) {
      return List.of();
    }
  }

  @Test
  void relationsResolveToTheRelatedEntityOrSayItIsMissing() throws Exception {
    Entity cart = entity("shop", "cart", "Cart", "ledger");
    Entity web = entity("shop", "web", null, "cart");
    Entity ledger = entity("shop", "ledger", null, null);
    Entity orphan = entity("shop", "orphan", null, "nowhere");
    Catalog catalog = new Catalog(List.of(cart, web, ledger, orphan));

    EntityDetail view = EntityView.of(cart, catalog, ns -> true);

    assertThat(view.relations().outgoing())
        .containsExactly(
            new EntityDetail.RelatedEntity(
                "dependsOn", "shop", "ledger", "ledger", "service", true));
    assertThat(view.relations().incoming())
        .containsExactly(
            new EntityDetail.RelatedEntity("dependsOn", "shop", "web", "web", "service", true));
    assertThat(view.scorecards()).isEmpty();

    EntityDetail.RelatedEntity missing =
        EntityView.of(orphan, catalog, ns -> true).relations().outgoing().get(0);
    assertThat(missing.exists()).isFalse();
    // A missing entity's JSON has no title or blueprint, and the view has no actions' fields.
    assertThat(Serialization.jsonMapper().valueToTree(missing).toString())
        .isEqualTo(
            "{\"relation\":\"dependsOn\",\"namespace\":\"shop\",\"name\":\"nowhere\",\"exists\":false}");
    JsonNode tree =
        Serialization.jsonMapper().readTree(Serialization.jsonMapper().writeValueAsString(view));
    assertThat(tree.has("actions")).isFalse();
    assertThat(tree.has("recentRuns")).isFalse();
    assertThat(tree.at("/entity/metadata/name").asText()).isEqualTo("cart");
    assertThat(
            Serialization.jsonMapper()
                .valueToTree(view.withActions(List.of(), List.of()))
                .get("recentRuns")
                .isArray())
        .isTrue();
  }

  @Test
  void relationsIntoHiddenNamespacesAreLeftOut() {
    Entity cart = entity("shop", "cart", "Cart", "vault/secret");
    Entity spy = entity("vault", "spy", null, "shop/cart");
    Catalog catalog = new Catalog(List.of(cart, spy));

    EntityDetail view = EntityView.of(cart, catalog, ns -> !ns.equals("vault"));

    assertThat(view.relations().outgoing()).isEmpty();
    assertThat(view.relations().incoming()).isEmpty();
    assertThat(Map.of()).isEqualTo(view.scorecards());
  }
}
