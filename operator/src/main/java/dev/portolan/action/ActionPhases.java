package dev.portolan.action;

import java.util.Set;

/** The phases of an Action. */
public final class ActionPhases {
  public static final String PENDING = "Pending";
  public static final String WAITING_FOR_APPROVAL = "WaitingForApproval";
  public static final String RUNNING = "Running";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String REJECTED = "Rejected";

  /** Every phase, in the order a run passes them. */
  public static final java.util.List<String> ALL = java.util.List.of(PENDING, WAITING_FOR_APPROVAL, RUNNING, SUCCEEDED,
      FAILED, REJECTED);

  private static final Set<String> FINISHED = Set.of(SUCCEEDED, FAILED, REJECTED);

  private ActionPhases() {}

  public static boolean finished(String phase) {
    return phase != null && FINISHED.contains(phase);
  }
}
