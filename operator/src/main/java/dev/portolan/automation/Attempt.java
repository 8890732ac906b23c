package dev.portolan.automation;

/**
 * How far the work of one occurrence got, kept across its retries: once admitted (condition, loop
 * and storm guards passed) it is not judged again, and once its run was started it is not started
 * again.
 */
final class Attempt {
  final Occurrence occurrence;
  boolean admitted;
  boolean started;
  String run;

  Attempt(Occurrence occurrence) {
    this.occurrence = occurrence;
  }
}
