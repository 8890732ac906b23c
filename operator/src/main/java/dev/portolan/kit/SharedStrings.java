package dev.portolan.kit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * The client's JSON reading with short string values held once per distinct value. A catalog's
 * objects repeat the same short texts thousands of times (namespaces, blueprint and owner names,
 * condition types, reasons and messages, scorecard levels and rule names, timestamps of one second,
 * property values such as a language), and Jackson reads each occurrence into a string of its own;
 * here every string of at most {@link #MAX_LENGTH} characters read into a typed field or a JSON
 * tree is the JVM's canonical copy ({@link String#intern}, whose table forgets a string nobody
 * holds any more). Longer strings (descriptions, messages naming values) are kept as read, and so
 * are the fields no two objects share ({@link #UNIQUE}): each would only be one more entry of the
 * JVM's string table, which lives beside the heap.
 */
public final class SharedStrings {
  /** The longest string shared; longer ones are rarely repeated. */
  public static final int MAX_LENGTH = 96;

  /** Fields whose values are one object's own: metadata.uid and metadata.resourceVersion. */
  static final java.util.Set<String> UNIQUE = java.util.Set.of("uid", "resourceVersion");

  private SharedStrings() {}

  /** The client's serialization, sharing what it reads. */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setNodeFactory(new SharedTextNodes());
    SimpleModule strings = new SimpleModule("portolan-shared-strings");
    strings.addDeserializer(String.class, new SharedStringDeserializer());
    mapper.registerModule(strings);
    return new KubernetesSerialization(mapper, true);
  }

  /** The canonical copy of a short string; a long one (or null) as it is. */
  public static String share(String text) {
    return text == null || text.length() > MAX_LENGTH ? text : text.intern();
  }

  /** Strings of typed fields, map values and lists. */
  private static final class SharedStringDeserializer extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String text = super.deserialize(p, ctxt);
      String field = p.currentName(); // null for an element of a list
      return field != null && UNIQUE.contains(field) ? text : share(text);
    }
  }

  /** Text values of JSON trees (property values, mirrored and calculated values). */
  private static final class SharedTextNodes extends JsonNodeFactory {
    @Override
    public TextNode textNode(String text) {
      return super.textNode(share(text));
    }
  }
}
