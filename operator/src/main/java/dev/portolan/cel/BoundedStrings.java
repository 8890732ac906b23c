package dev.portolan.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelFunctionBinding;
import java.util.List;

/**
 * {@code replace} and {@code join} of the CEL string extensions, with the same signatures and
 * results, that refuse to build a string longer than {@link CelLimits#maxValueSize()} before
 * building it. The extension's own versions could make a string of {@code length × replacement}
 * characters in one call ({@code s.replace('', s)}), before {@link EvaluationGuard} sees the
 * result.
 */
final class BoundedStrings {
  /** A result refused for its size; {@link CompiledExpression} reports it as a limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message, null, false, false);
    }
  }

  private BoundedStrings() {}

  static List<CelFunctionDecl> declarations() {
    return List.of(
        CelFunctionDecl.newFunctionDeclaration(
            "replace",
            CelOverloadDecl.newMemberOverload(
                "string_replace_string_string",
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.STRING),
            CelOverloadDecl.newMemberOverload(
                "string_replace_string_string_int",
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.INT)),
        CelFunctionDecl.newFunctionDeclaration(
            "join",
            CelOverloadDecl.newMemberOverload(
                "list_join", SimpleType.STRING, ListType.create(SimpleType.STRING)),
            CelOverloadDecl.newMemberOverload(
                "list_join_string",
                SimpleType.STRING,
                ListType.create(SimpleType.STRING),
                SimpleType.STRING)));
  }

  static List<CelFunctionBinding> bindings(int maxLength) {
    return List.of(
        CelFunctionBinding.from(
            "string_replace_string_string",
            List.of(String.class, String.class, String.class),
            args -> replace((String) args[0], (String) args[1], (String) args[2], -1, maxLength)),
        CelFunctionBinding.from(
            "string_replace_string_string_int",
            List.of(String.class, String.class, String.class, Long.class),
            args ->
                replace(
                    (String) args[0],
                    (String) args[1],
                    (String) args[2],
                    (Long) args[3],
                    maxLength)),
        CelFunctionBinding.from("list_join", List.class, list -> join(list, "", maxLength)),
        CelFunctionBinding.from(
            "list_join_string",
            List.class,
            String.class,
            (list, separator) -> join(list, separator, maxLength)));
  }

  /** Replaces the first {@code limit} occurrences (all when negative) of {@code from}. */
  static String replace(String text, String from, String to, long limit, int maxLength) {
    if (limit == 0) {
      return text;
    }
    long count = 0;
    long length = text.length();
    if (from.isEmpty()) {
      count = text.length() + 1L; // before every character and at the end
    } else {
      for (int at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length())) {
        count++;
        if (limit > 0 && count == limit) {
          break;
        }
      }
    }
    if (limit > 0) {
      count = Math.min(count, limit);
    }
    length += count * (to.length() - (long) from.length());
    if (length > maxLength) {
      throw new TooLarge(
          "replace() would make a string of "
              + Saturating.amount(length)
              + " characters, over the limit of "
              + Saturating.amount(maxLength));
    }
    StringBuilder out = new StringBuilder((int) Math.max(0, length));
    if (from.isEmpty()) {
      int i = 0;
      for (; i < text.length() && (limit < 0 || i < limit); i++) {
        out.append(to).append(text.charAt(i));
      }
      if (limit < 0 || i < limit) {
        out.append(to);
      }
      out.append(text, i, text.length());
      return out.toString();
    }
    int from0 = 0;
    long done = 0;
    for (int at = text.indexOf(from);
        at >= 0 && (limit < 0 || done < limit);
        at = text.indexOf(from, from0)) {
      out.append(text, from0, at).append(to);
      from0 = at + from.length();
      done++;
    }
    out.append(text, from0, text.length());
    return out.toString();
  }

  static String join(List<?> items, String separator, int maxLength) {
    long length = items.isEmpty() ? 0 : (long) separator.length() * (items.size() - 1);
    for (Object item : items) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException("join() takes a list of strings");
      }
      length += s.length();
      if (length > maxLength) {
        throw new TooLarge(
            "join() would make a string of more than "
                + Saturating.amount(maxLength)
                + " characters, the limit");
      }
    }
    StringBuilder out = new StringBuilder((int) length);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      out.append((String) items.get(i));
    }
    return out.toString();
  }
}
