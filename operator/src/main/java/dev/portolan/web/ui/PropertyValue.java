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
 * <p>A list of objects (a workload's containers) is a table: a column per key, in the order the
 * objects first name them, each cell a value of its own (an object in a cell as {@code key: value}
 * pairs). A {@code date-time} string is a {@link Moment}, readable with its ISO value kept.
 *
 * @param kind one of text, link, badge, markdown, list, table, time, boolean, number, json, empty
 * @param text the text to show (for markdown, the source)
 * @param href the link target for kind link; only http, https and mailto URLs are ever links
 * @param html the rendered markdown for kind markdown, already made safe by {@link Markdown}
 * @param items the values of a list
 * @param table the columns and rows of kind table, else null
 */
public record PropertyValue(
    String kind, String text, String href, String html, List<PropertyValue> items, Table table) {
  private static final int SHORT = 80;

  /** A value that is not a table. */
  public PropertyValue(
      String kind, String text, String href, String html, List<PropertyValue> items) {
    this(kind, text, href, html, items, null);
  }

  /** A list of objects as a table: column headings, and per row one value per column. */
  public record Table(List<String> columns, List<List<PropertyValue>> rows) {}

  public static PropertyValue of(JsonNode value, ValueSchema schema) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return new PropertyValue("empty", "", null, null, List.of());
    }
    if (value.isArray() && !value.isEmpty() && allObjects(value)) {
      return table(value);
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
    if ("date-time".equals(format)) {
      return new PropertyValue("time", text, null, null, List.of());
    }
    if ("markdown".equals(format)) {
      return new PropertyValue("markdown", text, null, Markdown.toHtml(text), List.of());
    }
    if (isWebUrl(text)) {
      return new PropertyValue("link", text, text, null, List.of());
    }
    return new PropertyValue("text", text, null, null, List.of());
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isObject()) {
        return false;
      }
    }
    return true;
  }

  private static PropertyValue table(JsonNode array) {
    java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
    array.forEach(item -> item.fieldNames().forEachRemaining(keys::add));
    List<List<PropertyValue>> rows = new ArrayList<>();
    for (JsonNode item : array) {
      List<PropertyValue> cells = new ArrayList<>();
      for (String key : keys) {
        JsonNode cell = item.get(key);
        cells.add(cell != null && cell.isObject() ? pairs(cell) : of(cell, null));
      }
      rows.add(cells);
    }
    List<String> columns = keys.stream().map(PropertyValue::heading).toList();
    return new PropertyValue(
        "table", array.toString(), null, null, List.of(), new Table(columns, rows));
  }

  /** An object inside a table cell: its members as {@code key: value}, one per line. */
  private static PropertyValue pairs(JsonNode object) {
    if (object.isEmpty()) {
      return new PropertyValue("empty", "", null, null, List.of());
    }
    List<PropertyValue> items = new ArrayList<>();
    object
        .fields()
        .forEachRemaining(
            member ->
                items.add(
                    new PropertyValue(
                        "text",
                        member.getKey()
                            + ": "
                            + (member.getValue().isValueNode()
                                ? member.getValue().asText()
                                : member.getValue().toString()),
                        null,
                        null,
                        List.of())));
    return new PropertyValue("pairs", object.toString(), null, null, items);
  }

  /** A key as a column heading: {@code readinessProbe} becomes "Readiness probe". */
  static String heading(String key) {
    String spaced =
        key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
    String lower = spaced.toLowerCase(java.util.Locale.ROOT);
    return lower.isEmpty() ? key : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  /** The moment of a {@code date-time} value, for kind time. */
  public Moment moment() {
    return Moment.of(text);
  }

  /** The value cut to one line for a table cell. */
  public String shortText() {
    String flat =
        switch (kind) {
          case "list", "pairs" ->
              String.join(", ", items.stream().map(PropertyValue::text).toList());
          case "table" -> table.rows().size() + (table.rows().size() == 1 ? " item" : " items");
          case "time" -> moment().text();
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
