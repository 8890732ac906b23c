package dev.portolan.guardrail;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether a user may exempt a workload in a namespace from a scorecard: RBAC's verb {@code exempt}
 * on {@code scorecards.portolan.dev} named after the scorecard, asked of the API server with a
 * SubjectAccessReview (so a RoleBinding grants it in one namespace, a ClusterRoleBinding in all).
 */
@FunctionalInterface
public interface ExemptionAuthorizer {
  String VERB = "exempt";
  String GROUP = "portolan.dev";
  String RESOURCE = "scorecards";

  boolean mayExempt(Requester user, String scorecard, String namespace);

  /** Asks the API server; an error counts as no (the request is refused, saying why). */
  static ExemptionAuthorizer subjectAccessReviews(KubernetesClient client) {
    return (user, scorecard, namespace) -> {
      if (user.username().isEmpty()) {
        return false;
      }
      SubjectAccessReview review =
          client
              .authorization()
              .v1()
              .subjectAccessReview()
              .create(
                  new SubjectAccessReviewBuilder()
                      .withNewSpec()
                      .withUser(user.username())
                      .withUid(user.uid())
                      .withGroups(user.groups())
                      .withExtra(user.extra().isEmpty() ? null : user.extra())
                      .withNewResourceAttributes()
                      .withGroup(GROUP)
                      .withResource(RESOURCE)
                      .withVerb(VERB)
                      .withName(scorecard)
                      .withNamespace(namespace)
                      .endResourceAttributes()
                      .endSpec()
                      .build());
      return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    };
  }
}
