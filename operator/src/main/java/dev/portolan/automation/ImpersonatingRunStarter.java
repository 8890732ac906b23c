package dev.portolan.automation;

import dev.portolan.kit.ApiErrors;
import dev.portolan.model.Action;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates Actions as a ServiceAccount: one client per ServiceAccount (cached), over the operator's
 * own configuration, that sends {@code Impersonate-User: system:serviceaccount:<ns>:<name>} and no
 * group. For a ServiceAccount user the API server's impersonation filter then adds the groups
 * itself ({@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>}, {@code
 * system:authenticated}) and checks only the verb {@code impersonate} on {@code serviceaccounts}
 * (core group), which is all the chart grants. The Action admission webhook records that user as
 * the requester; RBAC decides whether it may create the Action at all.
 */
public final class ImpersonatingRunStarter implements RunStarter, AutoCloseable {
  private final Config base;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public ImpersonatingRunStarter(Config base) {
    this.base = base;
  }

  /** The user name the API server gives a ServiceAccount. */
  public static String username(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }

  KubernetesClient clientFor(String namespace, String serviceAccount) {
    return clients.computeIfAbsent(
        username(namespace, serviceAccount),
        user -> {
          Config config =
              new ConfigBuilder(base)
                  .withImpersonateUsername(user)
                  .withImpersonateGroups()
                  .withImpersonateExtras(Map.of())
                  .build();
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  @Override
  public Outcome start(String namespace, String serviceAccount, Action action) {
    try {
      clientFor(namespace, serviceAccount).resource(action).create();
      return new Outcome(Result.CREATED, null, null);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return new Outcome(Result.EXISTED, null, null);
      }
      if (ApiErrors.isTransient(e)) {
        throw e;
      }
      return new Outcome(Result.REFUSED, reason(e.getCode()), ApiErrors.message(e));
    }
  }

  static String reason(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 422 -> "Invalid";
      default -> "Refused";
    };
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
