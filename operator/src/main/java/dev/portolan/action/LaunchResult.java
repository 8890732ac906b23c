package dev.portolan.action;

/** How starting a run's Job went ({@link JobLauncher}), for {@link ActionRun#launched}. */
public sealed interface LaunchResult {
  /** The Job was created. */
  record Created(String job) implements LaunchResult {}

  /** A Job of the run's name exists already: started before a restart, or someone else's. */
  record Found(ObservedJob job) implements LaunchResult {}

  /** The name was taken when the Job was created, and the Job that held it has gone since. */
  record Taken() implements LaunchResult {}

  /** The API server refused the Job, for this reason. */
  record Refused(String why) implements LaunchResult {}
}
