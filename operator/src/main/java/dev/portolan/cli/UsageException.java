package dev.portolan.cli;

/** A command line or an input the command cannot use: exit status 2, with the message. */
final class UsageException extends Exception {
  UsageException(String message) {
    super(message);
  }
}
