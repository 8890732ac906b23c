package dev.portolan.action;

import dev.portolan.model.ActionDefinitionSpec;
import java.util.ArrayList;
import java.util.List;

/** Whether an authenticated identity is among a definition's users and groups. */
final class Subjects {
  private Subjects() {}

  static boolean isEmpty(ActionDefinitionSpec.Subjects subjects) {
    return subjects == null || (empty(subjects.users) && empty(subjects.groups));
  }

  static boolean includes(ActionDefinitionSpec.Subjects subjects, ActionRecords.Identity identity) {
    if (subjects == null || identity == null) {
      return false;
    }
    if (subjects.users != null && subjects.users.contains(identity.username())) {
      return true;
    }
    return subjects.groups != null
        && identity.groups().stream().anyMatch(subjects.groups::contains);
  }

  /** {@code users [a, b] or groups [c]}, for messages. */
  static String describe(ActionDefinitionSpec.Subjects subjects) {
    List<String> parts = new ArrayList<>();
    if (subjects != null && !empty(subjects.users)) {
      parts.add("users " + subjects.users);
    }
    if (subjects != null && !empty(subjects.groups)) {
      parts.add("groups " + subjects.groups);
    }
    return parts.isEmpty() ? "nobody" : String.join(" or ", parts);
  }

  private static boolean empty(List<String> list) {
    return list == null || list.isEmpty();
  }
}
