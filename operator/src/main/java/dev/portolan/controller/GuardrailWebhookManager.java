package dev.portolan.controller;

import dev.portolan.catalog.CatalogIndex;
import dev.portolan.catalog.CatalogListener;
import dev.portolan.guardrail.GuardrailPolicy;
import dev.portolan.guardrail.GuardrailWebhooks;
import dev.portolan.model.Blueprint;
import dev.portolan.model.Scorecard;
import dev.portolan.scorecard.ScorecardChecker;
import dev.portolan.scorecard.ScorecardCompiler;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the guardrails' ValidatingWebhookConfiguration: keeps it equal to what the
 * enforcing scorecards ask for ({@link GuardrailWebhooks}), soon after a scorecard or blueprint
 * changes and every 30 s (which also puts back a hand edit and picks up a renewed CA). A scorecard
 * that is not ready, or whose enforcement has problems, has no webhook. Runs only on the leader.
 */
public final class GuardrailWebhookManager implements CatalogListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GuardrailWebhookManager.class);
  private static final long RESYNC_SECONDS = 30;
  private static final long DEBOUNCE_MILLIS = 300;

  /**
   * Where the webhook is and what the configuration is called.
   *
   * @param url the webhook's origin for an operator outside the cluster, or null for the Service
   * @param caFile the CA's PEM file ({@code ca.crt} of the webhook's TLS Secret)
   */
  public record Settings(
      String configurationName,
      String url,
      String serviceName,
      String operatorNamespace,
      Path caFile,
      int timeoutSeconds) {}

  private final KubernetesClient client;
  private final CatalogIndex index;
  private final ScorecardCompiler compiler;
  private final Settings settings;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "guardrail-webhooks");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean started;
  private ScheduledFuture<?> pending;

  public GuardrailWebhookManager(
      KubernetesClient client, CatalogIndex index, ScorecardCompiler compiler, Settings settings) {
    this.client = client;
    this.index = index;
    this.compiler = compiler;
    this.settings = settings;
  }

  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    executor.scheduleWithFixedDelay(this::syncQuietly, 0, RESYNC_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void scorecardChanged(Scorecard before, Scorecard after) {
    soon();
  }

  @Override
  public void blueprintChanged(Blueprint before, Blueprint after) {
    soon();
  }

  private synchronized void soon() {
    if (started && (pending == null || pending.isDone())) {
      pending = executor.schedule(this::syncQuietly, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** The policies that get a webhook: valid enforcements of ready scorecards. */
  List<GuardrailPolicy> enforcing() {
    List<GuardrailPolicy> policies = new ArrayList<>();
    for (Scorecard scorecard : index.scorecards()) {
      GuardrailPolicy.Resolution resolution = GuardrailPolicy.of(scorecard);
      if (resolution.enforced()
          && ScorecardChecker.check(compiler.compile(scorecard), index).isEmpty()) {
        policies.add(resolution.policy());
      }
    }
    return policies;
  }

  private void syncQuietly() {
    try {
      sync();
    } catch (RuntimeException | IOException e) {
      LOG.warn(
          "Could not update ValidatingWebhookConfiguration {}: {}",
          settings.configurationName(),
          e.getMessage());
    }
  }

  /** Writes the configuration when it differs from what the scorecards ask for. */
  public void sync() throws IOException {
    if (!index.isLoaded()) {
      return;
    }
    GuardrailWebhooks.Target target =
        new GuardrailWebhooks.Target(
            settings.configurationName(),
            settings.url(),
            settings.serviceName(),
            settings.operatorNamespace(),
            Files.readAllBytes(settings.caFile()),
            settings.timeoutSeconds());
    ValidatingWebhookConfiguration desired =
        GuardrailWebhooks.build(
            target, enforcing(), Map.of("app.kubernetes.io/managed-by", "portolan-operator"));
    var resource =
        client
            .admissionRegistration()
            .v1()
            .validatingWebhookConfigurations()
            .withName(settings.configurationName());
    ValidatingWebhookConfiguration current = resource.get();
    if (current == null) {
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(desired)
          .create();
      LOG.info(
          "Created ValidatingWebhookConfiguration {} with {} guardrail webhook(s)",
          settings.configurationName(),
          desired.getWebhooks().size());
      return;
    }
    if (same(current.getWebhooks(), desired.getWebhooks())) {
      return;
    }
    // Keep the labels Helm put on it (it renders the configuration empty so that an uninstall
    // removes it); replace only the webhooks, naming the version read (a conflict is retried on
    // the next sync).
    current.setWebhooks(desired.getWebhooks());
    try {
      client
          .admissionRegistration()
          .v1()
          .validatingWebhookConfigurations()
          .resource(current)
          .update();
      LOG.info(
          "Updated ValidatingWebhookConfiguration {}: {}",
          settings.configurationName(),
          desired.getWebhooks().stream().map(ValidatingWebhook::getName).toList());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        soon();
        return;
      }
      throw e;
    }
  }

  /** Equal in every field this manager sets (the API server defaults the others). */
  static boolean same(List<ValidatingWebhook> current, List<ValidatingWebhook> desired) {
    List<ValidatingWebhook> a = current == null ? List.of() : current;
    if (a.size() != desired.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      ValidatingWebhook x = a.get(i);
      ValidatingWebhook y = desired.get(i);
      if (!Objects.equals(x.getName(), y.getName())
          || !Objects.equals(x.getFailurePolicy(), y.getFailurePolicy())
          || !Objects.equals(x.getClientConfig(), y.getClientConfig())
          || !Objects.equals(x.getNamespaceSelector(), y.getNamespaceSelector())
          || !Objects.equals(x.getRules(), y.getRules())
          || !Objects.equals(x.getTimeoutSeconds(), y.getTimeoutSeconds())
          || !Objects.equals(x.getSideEffects(), y.getSideEffects())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
