package dev.portolan.web.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.portolan.web.error.ApiError;
import dev.portolan.web.error.ApiException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Request bodies of the JSON API, read strictly: the Content-Type must be JSON (415 otherwise),
 * and the body one JSON value with nothing after it, no key twice in an object, and only finite
 * numbers (a value too large for a double is refused rather than read as infinity). A refusal
 * names the field where the parser stopped.
 */
public final class StrictJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private StrictJson() {}

  /** Whether a Content-Type header names JSON ({@code application/json}, parameters such as charset allowed). */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    return type.equals("application/json");
  }

  /** A request's body as JSON, or a 415 or 400 that says what is wrong. */
  public static JsonNode body(String contentType, java.util.function.Supplier<byte[]> body) {
    if (!isJson(contentType)) {
      throw new ApiException(new ApiError(415, "UnsupportedMediaType", "send the body as JSON with the header"
          + " Content-Type: application/json" + (contentType == null ? "" : " (got " + contentType + ")"),
          null, "body", null));
    }
    return parse(body.get());
  }

  static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(new ApiError(400, "InvalidJson", "the body is empty; send a JSON object", null, "body",
          null));
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String field = fieldOf(e);
      var location = e.getLocation();
      throw new ApiException(new ApiError(400, "InvalidJson", "the body is not valid JSON: " + e.getOriginalMessage()
          + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"),
          null, field == null ? "body" : field, null));
    } catch (IOException e) {
      throw new ApiException(new ApiError(400, "InvalidJson", "the body could not be read: " + e.getMessage(), null,
          "body", null));
    }
    String infinite = infinite(tree, "");
    if (infinite != null) {
      throw new ApiException(new ApiError(400, "InvalidJson", (infinite.isEmpty() ? "the body" : infinite)
          + " is a number too large to represent", null, infinite.isEmpty() ? "body" : infinite, null));
    }
    return tree;
  }

  /** The dotted path of the field the parser was in when it stopped, or null at the top. */
  private static String fieldOf(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return null;
    }
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    if (pointer.isEmpty()) {
      return null;
    }
    return pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
  }

  private static String infinite(JsonNode node, String path) {
    if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      return path;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        var field = it.next();
        String found = infinite(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = infinite(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
