package dev.portolan.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's query parameters, kept in order, from which the page builds the links that change one of
 * them (toggle a facet, sort by a column, go to the next page) while keeping the others.
 */
public final class Params {
  private final String path;
  private final Map<String, List<String>> values;

  Params(String path, Map<String, List<String>> values) {
    this.path = path;
    this.values = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          List<String> kept = v.stream().filter(s -> s != null && !s.isBlank()).toList();
          if (!kept.isEmpty()) {
            this.values.put(k, kept);
          }
        });
  }

  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  public String one(String name) {
    List<String> all = all(name);
    return all.isEmpty() ? "" : all.get(0);
  }

  public boolean has(String name, String value) {
    return all(name).contains(value);
  }

  /**
   * These parameters with {@code value} added to {@code name}, or removed if it was there; back to
   * the first page.
   */
  public Params toggle(String name, String value) {
    Map<String, List<String>> next = copyWithoutPaging();
    List<String> list = new ArrayList<>(next.getOrDefault(name, List.of()));
    if (!list.remove(value)) {
      list.add(value);
    }
    next.put(name, list);
    return new Params(path, next);
  }

  /**
   * These parameters with {@code name} set to the one value (or removed when it is null); back to
   * the first page.
   */
  public Params with(String name, String value) {
    Map<String, List<String>> next = copyWithoutPaging();
    next.put(name, value == null ? List.of() : List.of(value));
    return new Params(path, next);
  }

  /** These parameters on another page of results. */
  public Params page(String cursor, int from) {
    Map<String, List<String>> next = copyWithoutPaging();
    if (cursor != null) {
      next.put("cursor", List.of(cursor));
      next.put("from", List.of(Integer.toString(from)));
    }
    return new Params(path, next);
  }

  Map<String, List<String>> asMap() {
    return values;
  }

  public String href() {
    StringBuilder url = new StringBuilder(path);
    char separator = '?';
    for (var entry : values.entrySet()) {
      for (String value : entry.getValue()) {
        url.append(separator).append(encode(entry.getKey())).append('=').append(encode(value));
        separator = '&';
      }
    }
    return url.toString();
  }

  private Map<String, List<String>> copyWithoutPaging() {
    Map<String, List<String>> next = new LinkedHashMap<>(values);
    next.remove("cursor");
    next.remove("from");
    return next;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
