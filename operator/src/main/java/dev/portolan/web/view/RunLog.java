package dev.portolan.web.view;

import dev.portolan.action.JobTemplate;
import dev.portolan.model.Action;
import dev.portolan.web.auth.Caller;
import dev.portolan.web.auth.CallerClients;
import dev.portolan.web.error.ApiException;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;

/**
 * A run's log: the log of its Job's newest Pod, read from the API server with the caller's
 * credentials, so RBAC on pods/log applies.
 */
public final class RunLog {
  private static final int TAIL_LINES = 1000;

  private final RunViews runs;
  private final CallerClients callers;

  public RunLog(RunViews runs, CallerClients callers) {
    this.runs = runs;
    this.callers = callers;
  }

  /** The log's last lines; 404 naming the run when it has no Job or no Pod yet. */
  public String of(Caller caller, String namespace, String name) {
    Action action = runs.find(namespace, name, caller::maySee);
    if (action.getStatus() == null || action.getStatus().job == null) {
      throw ApiException.notFound("action '" + namespace + "/" + name + "' has no Job yet", "name");
    }
    String jobLabel = JobTemplate.jobName(action);
    String log =
        callers.call(
            caller,
            client -> {
              Pod newest =
                  client
                      .pods()
                      .inNamespace(namespace)
                      .withLabel(JobTemplate.ACTION_LABEL, jobLabel)
                      .list()
                      .getItems()
                      .stream()
                      .max(
                          Comparator.comparing(
                              p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                      .orElseThrow(
                          () ->
                              ApiException.notFound(
                                  "the Job of action '"
                                      + namespace
                                      + "/"
                                      + name
                                      + "' has no Pod yet (or it was cleaned up)",
                                  "name"));
              return callers.podLog(client, namespace, newest.getMetadata().getName(), TAIL_LINES);
            });
    return log == null ? "" : log;
  }
}
