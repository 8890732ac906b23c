package dev.portolan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.action.ActionAdmission;
import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.cel.CelEngine;
import dev.portolan.guardrail.GuardrailAdmission;
import dev.portolan.initiative.InitiativeCompiler;
import dev.portolan.search.EntitySearch;
import dev.portolan.waiver.WaiverAdmission;
import dev.portolan.web.PortalServer;
import dev.portolan.web.admission.AdmissionWebhookServer;
import dev.portolan.web.auth.Access;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.http.AllowedHosts;
import dev.portolan.web.view.ActionViews;
import dev.portolan.web.view.InitiativeViews;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the operator, wired over its caches: the portal (health, metrics, the API and
 * the UI) and the Actions admission webhook, each started on demand, and closed after a drain. The
 * controllers' wiring is {@link PortolanOperator}'s.
 */
final class PortalServing {
  private static final Logger LOG = LoggerFactory.getLogger(PortalServing.class);

  /** How long the portal waits at most for the search index to take in what was listed. */
  private static final java.time.Duration SEARCH_CATCH_UP = java.time.Duration.ofMinutes(2);

  private final CatalogIndex index;
  private final CelEngine cel;
  private final ActionDefinitionCompiler actionCompiler;
  private final Function<String, Map<String, JsonNode>> blueprintDefaults;
  private final ActionAdmission admission;
  private final GuardrailAdmission guardrails;
  private final WaiverAdmission waivers;
  private final InitiativeCompiler initiativeCompiler;
  private final PrometheusMeterRegistry metrics;
  private final BooleanSupplier ready;
  private volatile EntitySearch search;
  private volatile PortalServer server;
  private volatile AdmissionWebhookServer webhook;

  PortalServing(
      CatalogIndex index,
      CelEngine cel,
      ActionDefinitionCompiler actionCompiler,
      Function<String, Map<String, JsonNode>> blueprintDefaults,
      ActionAdmission admission,
      GuardrailAdmission guardrails,
      WaiverAdmission waivers,
      InitiativeCompiler initiativeCompiler,
      PrometheusMeterRegistry metrics,
      BooleanSupplier ready) {
    this.waivers = waivers;
    this.initiativeCompiler = initiativeCompiler;
    this.index = index;
    this.cel = cel;
    this.actionCompiler = actionCompiler;
    this.blueprintDefaults = blueprintDefaults;
    this.admission = admission;
    this.guardrails = guardrails;
    this.metrics = metrics;
    this.ready = ready;
  }

  /**
   * Makes the search index now, empty or not, so that it fills as the informers list (a restart at
   * 50,000 entities waited about 18 s for it after the lists, with the reconcilers busy beside it).
   */
  synchronized void prepareSearch() {
    if (search == null) {
      search = new EntitySearch(index, cel, blueprintDefaults);
    }
  }

  /**
   * Starts the portal once the search index holds what the caches hold; port 0 picks a free one.
   */
  PortalServer serve(
      String host, int port, Access access, CallerClients callers, AllowedHosts hosts) {
    prepareSearch();
    try {
      index.awaitListeners(SEARCH_CATCH_UP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before the portal started", e);
    }
    ActionViews actions =
        new ActionViews(index, actionCompiler, new ActionChecks(index, blueprintDefaults), callers);
    server =
        new PortalServer(index, search, actions, metrics, ready, access)
            .allowHosts(hosts)
            .serveInitiatives(new InitiativeViews(index, initiativeCompiler, blueprintDefaults))
            .start(host, port);
    return server;
  }

  /**
   * Starts the admission webhooks (Actions, Waivers and guardrails) over HTTPS with {@code tls.crt}
   * and {@code tls.key}.
   */
  AdmissionWebhookServer serveWebhook(String host, int port, Path certificates) throws Exception {
    webhook =
        AdmissionWebhookServer.start(host, port, certificates, admission, guardrails, waivers);
    return webhook;
  }

  /** The portal, once {@link #serve} has started it. */
  PortalServer server() {
    return server;
  }

  /**
   * Goes on answering for {@code drain} (readiness already says no, so the Service stops sending
   * requests here), then closes the portal and the webhook.
   */
  void close(Duration drain) {
    if (!drain.isZero() && (server != null || webhook != null)) {
      LOG.info("Serving for {} s more while endpoints drop this replica", drain.toSeconds());
      try {
        Thread.sleep(drain.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (server != null) {
      server.close();
    }
    if (webhook != null) {
      webhook.close();
    }
  }
}
