package dev.portolan.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One document of a manifest file.
 *
 * @param source the file it was read from, as the user named it ({@code stdin} for {@code -f -})
 * @param line the line its document starts on, from 1
 * @param document the document as read
 */
record Manifest(String source, int line, ObjectNode document) {
  /** {@code file:line}, for messages. */
  String where() {
    return source + ":" + line;
  }

  String kind() {
    return document.path("kind").asText("");
  }

  String apiVersion() {
    return document.path("apiVersion").asText("");
  }
}
