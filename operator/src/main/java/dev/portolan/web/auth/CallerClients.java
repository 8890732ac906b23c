package dev.portolan.web.auth;

import dev.portolan.action.ActionAdmission;
import dev.portolan.action.ActionRecords;
import dev.portolan.model.Action;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.function.Function;

/**
 * The few requests the portal makes to the API server on a caller's behalf (creating an Action,
 * reading a run's log) go out with the caller's own bearer token, so RBAC and admission judge the
 * caller exactly as they would judge kubectl.
 */
public interface CallerClients {
  /**
   * Whom the embedded demo, which authenticates nobody, records as the requester of every Action.
   */
  ActionRecords.Identity DEMO_USER =
      new ActionRecords.Identity("demo", java.util.List.of("developers"), null);

  /**
   * Runs a request with a client that authenticates as the caller; the API server's refusals become
   * ApiExceptions.
   */
  <T> T call(Caller caller, Function<KubernetesClient, T> request);

  /** What must happen to an Action before it is created (nothing, where a webhook does it). */
  default Action prepare(Caller caller, Action action) {
    return action;
  }

  /**
   * Creates the Action as a server-side dry run ({@code dryRun=All}) with the caller's credentials:
   * the API server's validation, RBAC and the admission webhooks answer as they would for the real
   * create, and nothing is stored. A refusal is an ApiException with the API server's status and
   * message.
   */
  default void dryRunCreate(Caller caller, Action action) {
    call(caller, client -> client.resource(action).dryRun().create());
  }

  /** Whom admission will record as the requester, when that is known before it runs. */
  default java.util.Optional<ActionRecords.Identity> requester(Caller caller) {
    return caller.identity();
  }

  /**
   * What must happen to an Action's change before it is sent (nothing, where a webhook does it).
   */
  default Action prepareUpdate(Caller caller, Action changed, Action old) {
    return changed;
  }

  /** The last lines of a Pod's log, read with the caller's client. */
  default String podLog(KubernetesClient client, String namespace, String pod, int lines) {
    return client.pods().inNamespace(namespace).withName(pod).tailingLines(lines).getLog();
  }

  /** The caller's bearer token, which requests on their behalf carry. */
  static String token(Caller caller) {
    return caller
        .token()
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    "send a Kubernetes bearer token in the Authorization header"));
  }

  /** Clients with the caller's token, against the API server and CA of {@code base}. */
  static CallerClients withCallersToken(Config base) {
    return new CallerClients() {
      @Override
      public <T> T call(Caller caller, Function<KubernetesClient, T> request) {
        // Only the address and the CA of the operator's own configuration: never its credentials.
        Config config =
            new ConfigBuilder(Config.empty())
                .withMasterUrl(base.getMasterUrl())
                .withCaCertData(base.getCaCertData())
                .withCaCertFile(base.getCaCertFile())
                .withTrustCerts(base.isTrustCerts())
                .withOauthToken(token(caller))
                .withRequestTimeout(base.getRequestTimeout())
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
          return refusalsAsApiErrors(() -> request.apply(client));
        }
      }
    };
  }

  /**
   * The embedded demo: no webhook and no authentication, so requests use the demo's own client and
   * admission's decisions are applied in process, recording every run as the demo user.
   */
  static CallerClients embedded(
      KubernetesClient client, ActionAdmission admission, ActionRecords.Identity demoUser) {
    return new CallerClients() {
      @Override
      public <T> T call(Caller caller, Function<KubernetesClient, T> request) {
        return refusalsAsApiErrors(() -> request.apply(client));
      }

      @Override
      public Action prepare(Caller caller, Action action) {
        ActionAdmission.Decision decision = admission.create(action, demoUser);
        if (!decision.allowed()) {
          throw new ApiException(403, "Forbidden", decision.message(), null);
        }
        var annotations =
            new LinkedHashMap<>(
                action.getMetadata().getAnnotations() == null
                    ? new HashMap<String, String>()
                    : action.getMetadata().getAnnotations());
        annotations.putAll(decision.annotations());
        action.getMetadata().setAnnotations(annotations);
        return action;
      }

      /**
       * The in-memory API server has no dry run (it would store the object) and no namespace
       * lifecycle, so the demo asks what a real API server would: that the namespace exists.
       * Admission has already answered in {@link #prepare}.
       */
      @Override
      public void dryRunCreate(Caller caller, Action action) {
        String namespace = action.getMetadata().getNamespace();
        if (client.namespaces().withName(namespace).get() == null) {
          throw new ApiException(
              404,
              "NotFound",
              "the Kubernetes API server refused: namespaces \"" + namespace + "\" not found",
              null);
        }
      }

      @Override
      public java.util.Optional<ActionRecords.Identity> requester(Caller caller) {
        return java.util.Optional.of(demoUser);
      }

      @Override
      public Action prepareUpdate(Caller caller, Action changed, Action old) {
        ActionAdmission.Decision decision = admission.update(changed, old, demoUser);
        if (!decision.allowed()) {
          throw new ApiException(403, "Forbidden", decision.message(), null);
        }
        changed.getMetadata().getAnnotations().putAll(decision.annotations());
        return changed;
      }

      @Override
      public String podLog(KubernetesClient client, String namespace, String pod, int lines) {
        return "The embedded demo runs no containers, so its Jobs have no log.";
      }
    };
  }

  private static <T> T refusalsAsApiErrors(java.util.function.Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      int code = e.getCode() <= 0 ? 502 : e.getCode(); // no answer at all: a bad gateway
      String message =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : e.getMessage();
      String error =
          switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 400, 422 -> "Invalid";
            default -> "ApiServerError";
          };
      throw new ApiException(code, error, "the Kubernetes API server refused: " + message, null);
    }
  }
}
