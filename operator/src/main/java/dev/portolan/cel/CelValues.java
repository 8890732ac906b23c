package dev.portolan.cel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts between Jackson trees and the plain values CEL evaluates over, both ways. */
public final class CelValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CelValues() {}

  /** A JSON value as a CEL value: Long, Double, String, Boolean, List, Map or null. */
  public static Object fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return NullValue.NULL_VALUE;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      // Not a conditional expression: that would promote the long to a double.
      if (node.canConvertToLong()) {
        return Long.valueOf(node.longValue());
      }
      return Double.valueOf(node.doubleValue());
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(item -> list.add(fromJson(item)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        map.put(field.getKey(), fromJson(field.getValue()));
      }
      return map;
    }
    return node.asText();
  }

  /** A map of JSON values as a CEL map. */
  public static Map<String, Object> fromJson(Map<String, JsonNode> values) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> map.put(k, fromJson(v)));
    }
    return map;
  }

  /** A CEL result as JSON. */
  public static JsonNode toJson(Object value) {
    value = unwrapOptional(value);
    if (value == null || value instanceof NullValue) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Long || value instanceof Integer) {
      return NODES.numberNode(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof Iterable<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(toJson(item)));
      return array;
    }
    return NODES.textNode(String.valueOf(value));
  }

  static Object unwrapOptional(Object value) {
    if (value instanceof Optional<?> optional) {
      return optional.isPresent() ? optional.get() : NullValue.NULL_VALUE;
    }
    return value;
  }

  /** The name a person would use for a value's type. */
  public static String typeName(Object value) {
    if (value == null || value instanceof NullValue) {
      return "null";
    }
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Boolean) {
      return "boolean";
    }
    if (value instanceof Long || value instanceof Integer) {
      return "integer";
    }
    if (value instanceof Number) {
      return "number";
    }
    if (value instanceof Map<?, ?>) {
      return "object";
    }
    if (value instanceof Iterable<?>) {
      return "array";
    }
    return value.getClass().getSimpleName();
  }

  static String evaluationMessage(CelEvaluationException e) {
    String message = e.getMessage() == null ? "evaluation failed" : e.getMessage();
    // "evaluation error at <input>:27: No matching overload..." -> "at offset 27: No matching
    // overload..."
    return message
        .replaceFirst("^evaluation error at [^:]*:(\\d+):\\s*", "at offset $1: ")
        .replaceFirst("^evaluation error:\\s*", "")
        .strip();
  }
}
