package dev.portolan.guardrail;

import java.util.List;
import java.util.Map;

/**
 * The user the API server authenticated for an admission request (its {@code userInfo}), never a
 * field of the object.
 */
public record Requester(
    String username, String uid, List<String> groups, Map<String, List<String>> extra) {
  public Requester {
    username = username == null ? "" : username;
    groups = groups == null ? List.of() : List.copyOf(groups);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }
}
