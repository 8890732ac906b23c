package dev.portolan.automation;

import dev.portolan.model.Action;

/** Creates the Action an occurrence starts, as the automation's ServiceAccount. */
public interface RunStarter {
  /** What creating the Action came to. */
  record Outcome(Result result, String reason, String message) {}

  enum Result {
    /** Created now. */
    CREATED,
    /** It existed already (a 409): the occurrence ran before, it counts once. */
    EXISTED,
    /** The API server (RBAC, admission) refused it: the message is the API server's. */
    REFUSED
  }

  /**
   * @throws RuntimeException for an answer worth a retry (no answer, throttled, a server error)
   */
  Outcome start(String namespace, String serviceAccount, Action action);
}
