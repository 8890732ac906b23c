package dev.portolan.web.http;

import dev.portolan.web.error.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The query string read strictly: a {@code %} not followed by two hex digits, or bytes that are
 * not UTF-8, are a 400 naming the parameter, where a lenient decoder would drop the parameter and
 * answer as if it had not been given.
 */
public final class StrictQuery {
  private StrictQuery() {}

  /** Refuses a malformed query string; null or empty is fine. */
  public static void check(String query) {
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String part : query.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      int equals = part.indexOf('=');
      String rawName = equals < 0 ? part : part.substring(0, equals);
      String name;
      try {
        name = decode(rawName);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("the name of query parameter '" + rawName + "' is not valid percent-encoding: "
            + e.getMessage(), rawName);
      }
      if (equals >= 0) {
        try {
          decode(part.substring(equals + 1));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("the value of " + name + " is not valid percent-encoding: " + e.getMessage()
              + "; write % as %25", name);
        }
      }
    }
  }

  static String decode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
            || Character.digit(text.charAt(i + 2), 16) < 0) {
          throw new IllegalArgumentException("'%' at position " + (i + 1) + " is not followed by two hex digits");
        }
        bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the decoded bytes are not UTF-8");
    }
  }
}
