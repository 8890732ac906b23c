package dev.portolan.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.portolan.model.ValueSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * One property value as the blueprint describes it, ready for a template: a URL becomes a link, an
 * e-mail address a mailto link, an enum value a badge, markdown safe HTML, a list its items, and
 * anything else its text (objects as JSON).
 *
 * @param kind one of text, link, badge, markdown, list, boolean, number, json, empty
 * @param text the text to show (for markdown, the source)
 * @param href the link target for kind link; only http, https and mailto URLs are ever links
 * @param html the rendered markdown for kind markdown, already made safe by {@link Markdown}
 * @param items the values of a list
 */
public record PropertyValue(
    String kind, String text, String href, String html, List<PropertyValue> items) {
  private static final int SHORT = 80;

  public static PropertyValue of(JsonNode value, ValueSchema schema) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return new PropertyValue("empty", "", null, null, List.of());
    }
    if (value.isArray()) {
      List<PropertyValue> items = new ArrayList<>();
      ValueSchema itemSchema =
          schema instanceof dev.portolan.model.PropertySchema p ? p.items : null;
      value.forEach(item -> items.add(of(item, itemSchema)));
      return new PropertyValue("list", value.toString(), null, null, items);
    }
    if (value.isObject()) {
      return new PropertyValue("json", value.toPrettyString(), null, null, List.of());
    }
    if (value.isBoolean()) {
      return new PropertyValue("boolean", value.asBoolean() ? "yes" : "no", null, null, List.of());
    }
    if (value.isNumber()) {
      return new PropertyValue("number", value.asText(), null, null, List.of());
    }
    String text = value.asText();
    String format = schema == null ? null : schema.format;
    if (schema != null && schema.enumValues != null && !schema.enumValues.isEmpty()) {
      return new PropertyValue("badge", text, null, null, List.of());
    }
    if ("url".equals(format) && isWebUrl(text)) {
      return new PropertyValue("link", text, text, null, List.of());
    }
    if ("email".equals(format) && text.matches("[^@\\s:/?#]+@[^@\\s:/?#]+")) {
      return new PropertyValue("link", text, "mailto:" + text, null, List.of());
    }
    if ("markdown".equals(format)) {
      return new PropertyValue("markdown", text, null, Markdown.toHtml(text), List.of());
    }
    if (isWebUrl(text)) {
      return new PropertyValue("link", text, text, null, List.of());
    }
    return new PropertyValue("text", text, null, null, List.of());
  }

  /** The value cut to one line for a table cell. */
  public String shortText() {
    String flat =
        switch (kind) {
          case "list" -> String.join(", ", items.stream().map(PropertyValue::text).toList());
          case "json" -> text.replaceAll("\\s+", " ");
          default -> text.replaceAll("\\s+", " ");
        };
    return flat.length() <= SHORT ? flat : flat.substring(0, SHORT - 1) + "…";
  }

  public boolean is(String name) {
    return kind.equals(name);
  }

  static boolean isWebUrl(String text) {
    if (text == null || !(text.startsWith("https://") || text.startsWith("http://"))) {
      return false;
    }
    try {
      java.net.URI uri = new java.net.URI(text);
      return uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
