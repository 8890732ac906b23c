package dev.portolan.web.view;

import dev.portolan.action.ActionChecks;
import dev.portolan.action.ActionDefinitionCompiler;
import dev.portolan.catalog.CatalogIndex;
import dev.portolan.web.auth.CallerClients;
import java.util.Set;

/**
 * The action parts of the portal, wired together: the definitions, runs read from the index, a
 * run's log, and creating and deciding runs as the caller. Reads come from the index; creating,
 * deciding and reading a log go to the API server with the caller's credentials.
 */
public final class ActionViews {
  /** The query parameters a list of runs takes. */
  public static final Set<String> LIST_PARAMETERS = RunViews.LIST_PARAMETERS;

  private final ActionDefinitionViews definitions;
  private final RunViews runs;
  private final RunLog logs;
  private final RunRequests requests;

  public ActionViews(
      CatalogIndex index,
      ActionDefinitionCompiler compiler,
      ActionChecks checks,
      CallerClients callers) {
    this.definitions = new ActionDefinitionViews(index, compiler, checks);
    this.runs = new RunViews(index);
    this.logs = new RunLog(runs, callers);
    this.requests = new RunRequests(index, compiler, checks, callers, runs);
  }

  /** The definitions: all, one, those an entity offers, who may decide. */
  public ActionDefinitionViews definitions() {
    return definitions;
  }

  /** The runs in the index: a filtered list, one, an entity's recent ones. */
  public RunViews runs() {
    return runs;
  }

  /** A run's log, read as the caller. */
  public RunLog logs() {
    return logs;
  }

  /** Creating and deciding runs as the caller. */
  public RunRequests requests() {
    return requests;
  }
}
