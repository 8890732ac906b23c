package dev.portolan.waiver;

import dev.portolan.action.ActionRecords;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Who may approve or reject a Waiver: RBAC's verb {@value #VERB} on {@code waivers.portolan.dev} in
 * the waiver's namespace (a RoleBinding of the chart's ClusterRole {@code
 * <release>-waiver-approver} grants it in one namespace, a ClusterRoleBinding in all), asked of the
 * API server with a SubjectAccessReview for the user admission authenticated.
 */
@FunctionalInterface
public interface WaiverApprovers {
  String VERB = "approve";
  String GROUP = "portolan.dev";
  String RESOURCE = "waivers";

  boolean mayApprove(ActionRecords.Identity user, String namespace, String waiver);

  /** Asks the API server; an error counts as no (the request is refused, saying why). */
  static WaiverApprovers subjectAccessReviews(KubernetesClient client) {
    return (user, namespace, waiver) -> {
      if (user.username() == null || user.username().isEmpty()) {
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
                      .withGroups(user.groups())
                      .withNewResourceAttributes()
                      .withGroup(GROUP)
                      .withResource(RESOURCE)
                      .withVerb(VERB)
                      .withName(waiver)
                      .withNamespace(namespace)
                      .endResourceAttributes()
                      .endSpec()
                      .build());
      return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    };
  }
}
