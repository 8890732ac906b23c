package dev.portolan.automation;

import dev.portolan.kit.LabelSelectors;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Which namespaces an automation watches: its own when it has no namespaceSelector; else those the
 * selector picks where its ServiceAccount may {@code list entities} (a SubjectAccessReview, cached
 * for {@link #TTL}). The picked namespaces it may not list are remembered for the status.
 */
public class NamespaceScope {
  static final Duration TTL = Duration.ofSeconds(60);

  /** Whether a user may list entities in a namespace. */
  @FunctionalInterface
  public interface Access {
    boolean mayListEntities(String username, String namespace);
  }

  private record Answer(boolean allowed, Instant at) {}

  private final Function<String, Map<String, String>> namespaceLabels;
  private final Access access;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> denied = new ConcurrentHashMap<>();

  public NamespaceScope(
      Function<String, Map<String, String>> namespaceLabels, Access access, Clock clock) {
    this.namespaceLabels = namespaceLabels;
    this.access = access;
    this.clock = clock;
  }

  /** Asks the API server with a SubjectAccessReview; an error counts as no. */
  public static Access subjectAccessReviews(KubernetesClient client) {
    return (user, namespace) -> {
      try {
        var review =
            client
                .authorization()
                .v1()
                .subjectAccessReview()
                .create(
                    new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(user)
                        .withGroups(
                            "system:serviceaccounts",
                            "system:serviceaccounts:" + user.split(":")[2],
                            "system:authenticated")
                        .withNewResourceAttributes()
                        .withGroup("portolan.dev")
                        .withResource("entities")
                        .withVerb("list")
                        .withNamespace(namespace)
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
      } catch (RuntimeException e) {
        return false;
      }
    };
  }

  public boolean watches(CompiledAutomation automation, String namespace) {
    if (namespace == null) {
      return false;
    }
    if (automation.namespaceSelector() == null) {
      return namespace.equals(automation.namespace());
    }
    Map<String, String> labels = namespaceLabels.apply(namespace);
    if (labels == null || !LabelSelectors.matches(automation.namespaceSelector(), labels)) {
      return false;
    }
    if (namespace.equals(automation.namespace())) {
      return true;
    }
    String user =
        ImpersonatingRunStarter.username(automation.namespace(), automation.serviceAccount());
    Instant now = clock.instant();
    Answer answer =
        answers.compute(
            user + "|" + namespace,
            (k, old) ->
                old != null && old.at().plus(TTL).isAfter(now)
                    ? old
                    : new Answer(access.mayListEntities(user, namespace), now));
    Set<String> refused =
        denied.computeIfAbsent(automation.key(), k -> ConcurrentHashMap.newKeySet());
    if (answer.allowed()) {
      refused.remove(namespace);
    } else {
      refused.add(namespace);
    }
    return answer.allowed();
  }

  /** The picked namespaces seen so far where the ServiceAccount may not list entities. */
  public List<String> denied(CompiledAutomation automation) {
    Set<String> refused = denied.get(automation.key());
    return refused == null ? List.of() : List.copyOf(new TreeSet<>(refused));
  }

  public void forget(String automationKey) {
    denied.remove(automationKey);
  }
}
