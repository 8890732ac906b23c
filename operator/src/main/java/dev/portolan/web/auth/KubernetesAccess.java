package dev.portolan.web.auth;

import dev.portolan.action.ActionRecords;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates bearer tokens with the API server's TokenReview and authorises each namespace with
 * a SubjectAccessReview (may this user list entities there?), the same RBAC that guards {@code
 * kubectl get entities}. Results are cached briefly so a page of results costs no review.
 */
public final class KubernetesAccess implements Access {
  private static final int MAX_CACHED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Expiring<User>> tokens = new ConcurrentHashMap<>();
  private final Map<String, Expiring<Boolean>> decisions = new ConcurrentHashMap<>();

  /** An authenticated user. */
  public record User(String username, List<String> groups) {}

  private record Expiring<T>(T value, Instant expires) {}

  public KubernetesAccess(KubernetesClient client, Clock clock, Duration ttl) {
    this.client = client;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Caller authenticate(String token) {
    if (token == null || token.isBlank()) {
      throw ApiException.unauthorized("send a Kubernetes bearer token in the Authorization header");
    }
    User user = cached(tokens, token).orElseGet(() -> review(token));
    if (user == null) {
      throw ApiException.unauthorized("the bearer token is not valid for this cluster");
    }
    return new Caller(
        token,
        new ActionRecords.Identity(user.username(), user.groups(), null),
        new Visibility(user));
  }

  /**
   * Whether the user may list entities in a namespace: yes when they may list them in every
   * namespace (a SubjectAccessReview without a namespace, which RBAC grants only through a
   * ClusterRoleBinding, and which then holds in each namespace), else asked for that namespace. A
   * reader of the whole catalog so costs one review, not one per namespace; and one request, which
   * may ask about every namespace of its matches, looks the cluster-wide answer up once.
   */
  private final class Visibility implements java.util.function.Predicate<String> {
    private final User user;

    /** The user and groups, as the cached decisions are keyed, the namespace after it. */
    private final String subject;

    /** Whether they may list in every namespace, once asked; racing threads find the same. */
    private volatile Boolean everywhere;

    Visibility(User user) {
      this.user = user;
      this.subject = user.username() + "\u0000" + String.join(",", user.groups()) + "\u0000";
    }

    @Override
    public boolean test(String namespace) {
      Boolean all = everywhere;
      if (all == null) {
        all = mayList(user, subject, "");
        everywhere = all;
      }
      return all
          || (namespace != null && !namespace.isEmpty() && mayList(user, subject, namespace));
    }
  }

  private boolean mayList(User user, String subject, String namespace) {
    String key = subject + namespace;
    return cached(decisions, key)
        .orElseGet(
            () -> {
              SubjectAccessReview review =
                  client
                      .authorization()
                      .v1()
                      .subjectAccessReview()
                      .create(
                          new SubjectAccessReviewBuilder()
                              .withNewSpec()
                              .withUser(user.username())
                              .withGroups(user.groups())
                              .withNewResourceAttributes()
                              .withGroup("portolan.dev")
                              .withResource("entities")
                              .withVerb("list")
                              .withNamespace(namespace)
                              .endResourceAttributes()
                              .endSpec()
                              .build());
              boolean allowed =
                  review.getStatus() != null
                      && Boolean.TRUE.equals(review.getStatus().getAllowed());
              put(decisions, key, allowed);
              return allowed;
            });
  }

  @Override
  public String describe() {
    return "kubernetes";
  }

  private User review(String token) {
    TokenReview review =
        client
            .authentication()
            .v1()
            .tokenReviews()
            .create(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build());
    User user = null;
    if (review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
      var info = review.getStatus().getUser();
      user =
          new User(
              info.getUsername(),
              info.getGroups() == null ? List.of() : List.copyOf(info.getGroups()));
      put(tokens, token, user);
    }
    return user;
  }

  private <T> java.util.Optional<T> cached(Map<String, Expiring<T>> cache, String key) {
    Expiring<T> entry = cache.get(key);
    if (entry == null || entry.expires().isBefore(clock.instant())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(entry.value());
  }

  private <T> void put(Map<String, Expiring<T>> cache, String key, T value) {
    if (cache.size() >= MAX_CACHED) {
      Instant now = clock.instant();
      cache.values().removeIf(e -> e.expires().isBefore(now));
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(key, new Expiring<>(value, clock.instant().plus(ttl)));
  }
}
