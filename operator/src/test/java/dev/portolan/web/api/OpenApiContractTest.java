package dev.portolan.web.api;

import dev.portolan.search.EntitySearch;
import dev.portolan.web.PortalServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.view.ActionViews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.PortolanOperator;
import dev.portolan.embedded.EmbeddedCluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document the server serves describes exactly the routes and parameters it serves. */
class OpenApiContractTest {
  @Test
  void theDocumentMatchesTheRoutesAndTheirParameters() throws Exception {
    try (EmbeddedCluster cluster = EmbeddedCluster.start();
         PortolanOperator operator = new PortolanOperator(cluster.client(), Clock.systemUTC(), null).start()) {
      PortalServer server = operator.serve("127.0.0.1", 0, Access.disabled());
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/api/v1/openapi.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode document = Serialization.unmarshal(response.body(), JsonNode.class);
      assertThat(document.get("openapi").asText()).startsWith("3.");

      List<String> documented = new ArrayList<>();
      document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
          .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
      assertThat(new TreeSet<>(documented)).isEqualTo(new TreeSet<>(server.routes()));

      assertThat(parameters(document, "/api/v1/entities")).isEqualTo(new TreeSet<>(EntitySearch.PARAMETERS));
      assertThat(parameters(document, "/api/v1/graph")).isEqualTo(Set.of("root", "depth", "relation", "blueprint"));
      assertThat(parameters(document, "/api/v1/actions")).isEqualTo(ActionViews.LIST_PARAMETERS);
      // A description cut at its comma once became a key of its own with no value.
      assertThat(nullValued(document, "")).isEmpty();
      assertThat(document.at("/paths/~1api~1v1~1entities/get/parameters").findValues("description"))
          .allSatisfy(d -> assertThat(d.isTextual()).isTrue());
      assertThat(document.at("/components/schemas/SearchResult/properties/total/description").asText())
          .isEqualTo("How many entities matched, over all pages.");
    }
  }

  private static List<String> nullValued(JsonNode node, String at) {
    List<String> found = new ArrayList<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(field -> {
        if (field.getValue().isNull()) {
          found.add(at + "/" + field.getKey());
        } else {
          found.addAll(nullValued(field.getValue(), at + "/" + field.getKey()));
        }
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found.addAll(nullValued(node.get(i), at + "/" + i));
      }
    }
    return found;
  }

  private static Set<String> parameters(JsonNode document, String path) {
    Set<String> names = new TreeSet<>();
    document.at("/paths/" + path.replace("/", "~1") + "/get/parameters")
        .forEach(p -> names.add(p.get("name").asText()));
    return names;
  }
}
