package dev.portolan.web.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which reviews a caller costs: the API server here answers TokenReviews for two tokens and
 * SubjectAccessReviews as RBAC would for a cluster-wide reader and for a user bound in one
 * namespace.
 */
@EnableKubernetesMockClient
class KubernetesAccessTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> USERS =
      Map.of("admin-token", "admin", "dev-token", "dev");

  /** Per user, the namespaces they may list entities in; "" is every namespace. */
  private static final Map<String, Set<String>> GRANTS =
      Map.of("admin", Set.of(""), "dev", Set.of("team-a"));

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<String> reviewed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void answerReviews() {
    server
        .expect()
        .post()
        .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
        .andReply(
            201,
            request -> {
              String token = read(request.getBody().readUtf8()).at("/spec/token").asText();
              String user = USERS.get(token);
              return Map.of(
                  "apiVersion",
                  "authentication.k8s.io/v1",
                  "kind",
                  "TokenReview",
                  "status",
                  user == null
                      ? Map.of("authenticated", false)
                      : Map.of(
                          "authenticated",
                          true,
                          "user",
                          Map.of("username", user, "groups", List.of("system:authenticated"))));
            })
        .always();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
        .andReply(
            201,
            request -> {
              JsonNode spec = read(request.getBody().readUtf8()).path("spec");
              String user = spec.path("user").asText();
              String namespace = spec.at("/resourceAttributes/namespace").asText("");
              reviewed.add(user + "@" + namespace);
              Set<String> grants = GRANTS.getOrDefault(user, Set.of());
              return Map.of(
                  "apiVersion",
                  "authorization.k8s.io/v1",
                  "kind",
                  "SubjectAccessReview",
                  "status",
                  Map.of("allowed", grants.contains("") || grants.contains(namespace)));
            })
        .always();
  }

  @Test
  void aReaderOfEveryNamespaceCostsOneReviewNotOnePerNamespace() {
    Caller admin = access().authenticate("admin-token");

    for (String namespace : List.of("team-a", "team-b", "team-c")) {
      assertThat(admin.maySee(namespace)).as(namespace).isTrue();
    }

    assertThat(reviewed).containsExactly("admin@");
  }

  @Test
  void aUserBoundInOneNamespaceSeesOnlyThatOne() {
    Caller dev = access().authenticate("dev-token");

    assertThat(dev.maySee("team-a")).isTrue();
    assertThat(dev.maySee("team-b")).isFalse();
    assertThat(dev.maySee("team-a")).isTrue();

    // The cluster-wide answer (no) and each namespace's are asked once, then remembered.
    assertThat(reviewed).containsExactly("dev@", "dev@team-a", "dev@team-b");
  }

  private KubernetesAccess access() {
    return new KubernetesAccess(client, Clock.systemUTC(), Duration.ofMinutes(1));
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
