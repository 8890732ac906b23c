package dev.portolan.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Objects;

/**
 * Whether two values would be the same JSON on the wire. Jackson trees built in memory and trees
 * read from the API server can hold one number as a long and as an int, which {@code equals} tells
 * apart; both sides are therefore written out and read back before they are compared.
 */
public final class JsonEquality {
  private JsonEquality() {}

  public static boolean same(Object a, Object b) {
    return Objects.equals(normalized(a), normalized(b));
  }

  private static JsonNode normalized(Object value) {
    var mapper = Serialization.jsonMapper();
    try {
      return mapper.readTree(mapper.writeValueAsBytes(value));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write a value as JSON", e);
    }
  }
}
