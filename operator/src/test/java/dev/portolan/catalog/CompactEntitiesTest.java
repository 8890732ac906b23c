package dev.portolan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.portolan.kit.SharedStrings;
import dev.portolan.model.Entity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class CompactEntitiesTest {
  private static final KubernetesSerialization SERIALIZATION = SharedStrings.serialization();

  /** An entity as the API server sends it once the operator has written its status. */
  private static final String CART =
      """
      {"apiVersion":"portolan.dev/v1alpha1","kind":"Entity",
       "metadata":{"name":"cart","namespace":"shop","uid":"7d3c","resourceVersion":"42",
         "labels":{"tier":"web","team":"payments"},"annotations":{"pager":"#cart"}},
       "spec":{"blueprint":"service","title":"Cart","owner":"payments",
         "links":[{"title":"Runbook","url":"https://runbooks.example/cart"}],
         "properties":{"language":"java","tier":"web","replicas":3,"public":true},
         "relations":{"system":"shop","dependsOn":["db","payments/ledger"]}},
       "status":{"observedGeneration":2,
         "conditions":[
           {"type":"Valid","status":"True","reason":"Valid","message":"ok",
            "lastTransitionTime":"2026-12-01T10:00:00Z","observedGeneration":2},
           {"type":"Ready","status":"False","reason":"MirrorFailed","message":"not yet",
            "lastTransitionTime":"2026-12-01T10:00:01Z"}],
         "problems":[{"field":"status.mirrored.systemOwner","message":"not yet"}],
         "calculated":{"b-score":2,"a-label":"x"},
         "mirrored":{"systemOwner":"payments"},
         "scorecards":{"readiness":{"level":"Silver","levelSince":"2026-12-01T10:00:00Z",
           "rules":[{"name":"has-owner","level":"Bronze","passed":true},
                    {"name":"has-runbook","level":"Silver","passed":true},
                    {"name":"on-call","level":"Gold","passed":false}]}}}}
      """;

  @Test
  void aHeldEntitySaysWhatItWasReadAsInTheSameOrder() {
    Entity read = SERIALIZATION.unmarshal(CART, Entity.class);
    String before = SERIALIZATION.asJson(read);

    CompactEntities.compact(read);

    assertThat(SERIALIZATION.asJson(read)).isEqualTo(before);
    assertThat(read.getSpec().properties.keySet())
        .containsExactly("language", "tier", "replicas", "public");
    assertThat(read.getStatus().scorecards.get("readiness").rules)
        .extracting(r -> r.name)
        .containsExactly("has-owner", "has-runbook", "on-call");
  }

  @Test
  void itsMapsAndListsHoldOnlyTheirEntries() {
    Entity held = SERIALIZATION.unmarshal(CART, Entity.class);

    CompactEntities.compact(held);

    // the immutable forms, sized to their content; nothing may change a held entity in place
    assertThatThrownBy(() -> held.getSpec().properties.put("x", TextNode.valueOf("y")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.getSpec().relations.remove("system"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.getStatus().conditions.clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.getStatus().scorecards.get("readiness").rules.clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> held.getStatus().calculated.clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anEntityWithoutStatusOrSpecIsHeldToo() {
    Entity bare =
        SERIALIZATION.unmarshal(
            "{\"apiVersion\":\"portolan.dev/v1alpha1\",\"kind\":\"Entity\","
                + "\"metadata\":{\"name\":\"bare\",\"namespace\":\"shop\"}}",
            Entity.class);
    String before = SERIALIZATION.asJson(bare);

    CompactEntities.compact(bare);

    assertThat(SERIALIZATION.asJson(bare)).isEqualTo(before);
  }
}
