package dev.portolan.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON shapes the API answers for the view records, nulls included where the API has them. */
class ViewJsonTest {
  private static String json(Object value) throws Exception {
    return Serialization.jsonMapper().writeValueAsString(value);
  }

  @Test
  void aGraphIsInCytoscapesElementsFormat() throws Exception {
    GraphView graph =
        new GraphView(
            List.of(
                new GraphView.Element<>(
                    new GraphView.GraphNode("shop/cart", "cart", "shop", "Cart", null))),
            List.of(
                new GraphView.Element<>(
                    new GraphView.GraphEdge(
                        "shop/cart->shop/db:databases", "shop/cart", "shop/db", "databases"))),
            false);
    assertThat(json(graph))
        .isEqualTo(
            "{\"nodes\":[{\"data\":{\"id\":\"shop/cart\",\"name\":\"cart\",\"namespace\":\"shop\","
                + "\"label\":\"Cart\",\"blueprint\":null}}],"
                + "\"edges\":[{\"data\":{\"id\":\"shop/cart->shop/db:databases\","
                + "\"source\":\"shop/cart\",\"target\":\"shop/db\",\"relation\":\"databases\"}}],"
                + "\"truncated\":false}");
  }

  @Test
  void aScorecardInTheListHasNoRulesOrEntitiesAndAnUngradedRuleHasANullPassRate() throws Exception {
    ScorecardView summary =
        new ScorecardView("prod", "Production", "service", true, 0, Map.of("None", 0), null, null);
    assertThat(json(summary))
        .isEqualTo(
            "{\"name\":\"prod\",\"title\":\"Production\",\"blueprint\":\"service\",\"ready\":true,"
                + "\"entities\":0,\"levels\":{\"None\":0}}");
    assertThat(json(ItemList.of(List.of(summary))))
        .startsWith("{\"items\":[{\"name\":\"prod\"")
        .endsWith("],\"total\":1}");

    ScorecardView one =
        new ScorecardView(
            "prod",
            "Production",
            "service",
            false,
            1,
            Map.of("None", 1),
            List.of(new ScorecardView.RuleTally("has-owner", "Bronze", "has-owner", 0, 0, 0, null)),
            Map.of("None", List.of(new ScorecardView.GradedEntity("shop", "cart", "Cart", null))));
    assertThat(json(one))
        .contains(
            "\"rules\":[{\"name\":\"has-owner\",\"level\":\"Bronze\",\"title\":\"has-owner\","
                + "\"passed\":0,\"failed\":0,\"waived\":0,\"passRate\":null}]")
        .contains(
            "\"entitiesByLevel\":{\"None\":[{\"namespace\":\"shop\",\"name\":\"cart\","
                + "\"title\":\"Cart\",\"owner\":null}]}");
  }
}
