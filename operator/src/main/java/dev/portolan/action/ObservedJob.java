package dev.portolan.action;

/**
 * What the operator read about a run's Job (and, once it ended, about its Pod), for {@link
 * ActionRun} to decide on. {@link JobFollower} reads it; nothing here is read again by string path.
 *
 * @param name the Job's name
 * @param found false when no Job of that name exists
 * @param ours whether this operator signed the Job and the Action controls it; the rest is read
 *     only for the operator's own Jobs
 * @param startTime when the Job started, or null
 * @param activePods the Job's active Pods
 * @param ending how the Job ended, or null while it runs
 * @param pod what the Pod that ended reported, or null when there is none (or none was read)
 */
public record ObservedJob(
    String name,
    boolean found,
    boolean ours,
    String startTime,
    int activePods,
    Ending ending,
    PodReport pod) {

  /** No Job of this name exists. */
  public static ObservedJob missing(String name) {
    return new ObservedJob(name, false, false, null, 0, null, null);
  }

  /** A Job of this name that this operator did not start for this Action. */
  public static ObservedJob foreign(String name) {
    return new ObservedJob(name, true, false, null, 0, null, null);
  }

  /**
   * The Job's final condition.
   *
   * @param succeeded true for {@code Complete}, false for {@code Failed}
   * @param time the condition's time (the completion time of a Job that succeeded), or null
   * @param reason the {@code Failed} condition's reason, or null
   * @param message the {@code Failed} condition's message, or null
   */
  public record Ending(boolean succeeded, String time, String reason, String message) {}

  /**
   * The last Pod that ended as the Job did.
   *
   * @param name the Pod's name
   * @param terminationMessage its containers' last termination message, or null
   * @param logTail the stripped tail of its log, read only for a failed Pod without a termination
   *     message; null when there is none
   */
  public record PodReport(String name, String terminationMessage, String logTail) {}
}
