package dev.portolan.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.portolan.model.ActionStatus.UserRecord;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotations through which admission records identities on an Action or a Waiver. Only the
 * admission webhook writes {@link #REQUESTED_BY} and {@link #DECIDED_BY}; it refuses any request
 * that sets or changes them by hand. {@link #APPROVAL} is what an approver types.
 */
public final class ActionRecords {
  /** Who created the Action: {@code {"username": ..., "groups": [...]}}, written at creation. */
  public static final String REQUESTED_BY = "portolan.dev/requested-by";

  /** The decision an approver asks for: {@code approved} or {@code rejected}. */
  public static final String APPROVAL = "portolan.dev/approval";

  /** Who decided, and when: {@code {"username", "groups", "time"}}, written with the decision. */
  public static final String DECIDED_BY = "portolan.dev/decided-by";

  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ActionRecords() {}

  /** An identity the API server authenticated, with the time admission saw it (may be null). */
  public record Identity(String username, List<String> groups, String time) {
    public Identity {
      groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public UserRecord toUserRecord() {
      UserRecord record = new UserRecord();
      record.username = username;
      record.groups = groups.isEmpty() ? null : new ArrayList<>(groups);
      return record;
    }

    public String toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("username", username);
      var array = node.putArray("groups");
      groups.forEach(array::add);
      if (time != null) {
        node.put("time", time);
      }
      try {
        return JSON.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    public static Optional<Identity> parse(String text) {
      if (text == null || text.isBlank()) {
        return Optional.empty();
      }
      try {
        JsonNode node = JSON.readTree(text);
        JsonNode username = node.get("username");
        if (username == null || !username.isTextual() || username.textValue().isEmpty()) {
          return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        JsonNode list = node.get("groups");
        if (list != null && list.isArray()) {
          list.forEach(g -> groups.add(g.asText()));
        }
        JsonNode time = node.get("time");
        return Optional.of(
            new Identity(username.textValue(), groups, time == null ? null : time.asText()));
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }
  }

  /** Who created the object (an Action or a Waiver), as admission recorded it. */
  public static Optional<Identity> requester(HasMetadata object) {
    return Identity.parse(annotation(object, REQUESTED_BY));
  }

  /** Who approved or rejected the object, and when, as admission recorded it. */
  public static Optional<Identity> decider(HasMetadata object) {
    return Identity.parse(annotation(object, DECIDED_BY));
  }

  /** The decision asked for, if any (not checked). */
  public static Optional<String> approval(HasMetadata object) {
    return Optional.ofNullable(annotation(object, APPROVAL));
  }

  public static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations =
        object == null || object.getMetadata() == null
            ? null
            : object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
