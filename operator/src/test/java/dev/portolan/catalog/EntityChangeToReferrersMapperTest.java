package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portolan.Fixtures;
import dev.portolan.model.Entity;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class EntityChangeToReferrersMapperTest {
  private final Fixtures.Catalog catalog =
      CatalogScenario.catalog()
          .add(
              Fixtures.entity(
                  """
          metadata: {name: payments-api, namespace: team-payments}
          spec: {blueprint: service, properties: {language: java}, relations: {system: platform/billing, dependsOn: [ledger]}}
          """))
          .add(
              Fixtures.entity(
                  """
          metadata: {name: other-team, namespace: platform}
          spec: {blueprint: team}
          """));
  private final EntityChangeToReferrersMapper mapper = new EntityChangeToReferrersMapper(catalog);

  private Entity get(String namespace, String name) {
    return catalog.entity(new EntityRef(namespace, name)).orElseThrow();
  }

  @Test
  void aChangedSystemReachesTheServicesThatRelateToIt() {
    Entity billing = get("platform", "billing");
    assertThat(mapper.map(billing, null))
        .containsExactlyInAnyOrder(
            new ResourceID("ledger", "team-payments"),
            new ResourceID("payments-api", "team-payments"));
  }

  @Test
  void aChangedTeamReachesTheServicesThatMirrorThroughTheirSystem() {
    // service mirrors system.team.slack, so a team change concerns the system and its services.
    Entity payments = get("platform", "payments");
    assertThat(mapper.map(payments, null))
        .containsExactlyInAnyOrder(
            new ResourceID("billing", "platform"),
            new ResourceID("ledger", "team-payments"),
            new ResourceID("payments-api", "team-payments"));
  }

  @Test
  void aStatusOnlyUpdateReachesNobody() {
    Entity billing = get("platform", "billing");
    Entity copy =
        Fixtures.entity(
            """
        metadata: {name: billing, namespace: platform}
        spec: {blueprint: system, relations: {team: payments}}
        """);
    copy.getMetadata().setGeneration(billing.getMetadata().getGeneration());
    copy.setStatus(new dev.portolan.model.EntityStatus());
    assertThat(mapper.map(billing, copy)).isEmpty();
  }

  @Test
  void anEntityNobodyPointsAtReachesNobody() {
    assertThat(mapper.map(null, get("platform", "other-team"))).isEmpty();
  }
}
