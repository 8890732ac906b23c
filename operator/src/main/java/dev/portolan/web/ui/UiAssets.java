package dev.portolan.web.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The UI's static files, read once from the class path: its own CSS and scripts under {@code
 * portolan/ui/static}, and htmx and Cytoscape.js from their WebJars, whose versions are read from
 * the WebJars' own Maven metadata so the URLs change (and caches refresh) when a version does.
 */
public final class UiAssets {
  private static final String OWN = "portolan/ui/static/";
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml");

  private record Asset(byte[] bytes, String contentType, boolean immutable) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final String htmx;
  private final String cytoscape;

  public UiAssets() {
    for (String file : new String[] {"portal.css", "portal.js", "graph.js", "favicon.svg"}) {
      add("/static/" + file, OWN + file, false);
    }
    String htmxVersion = webjarVersion("htmx.org");
    htmx = "/static/vendor/htmx-" + htmxVersion + ".min.js";
    add(htmx, "META-INF/resources/webjars/htmx.org/" + htmxVersion + "/dist/htmx.min.js", true);
    String cytoscapeVersion = webjarVersion("cytoscape");
    cytoscape = "/static/vendor/cytoscape-" + cytoscapeVersion + ".min.js";
    add(
        cytoscape,
        "META-INF/resources/webjars/cytoscape/" + cytoscapeVersion + "/dist/cytoscape.min.js",
        true);
  }

  public String htmx() {
    return htmx;
  }

  public String cytoscape() {
    return cytoscape;
  }

  /** Answers {@code GET /static/*}: the file, or a plain 404. */
  void serve(Context ctx) {
    Asset asset = assets.get(ctx.path());
    if (asset == null) {
      ctx.status(HttpStatus.NOT_FOUND)
          .contentType("text/plain; charset=utf-8")
          .result("No such file: " + ctx.path());
      return;
    }
    ctx.header(
        "Cache-Control", asset.immutable() ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private void add(String path, String resource, boolean immutable) {
    String extension = resource.substring(resource.lastIndexOf('.') + 1);
    assets.put(path, new Asset(read(resource), TYPES.get(extension), immutable));
  }

  private static String webjarVersion(String artifact) {
    Properties properties = new Properties();
    try (InputStream in =
        stream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static byte[] read(String resource) {
    try (InputStream in = stream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream stream(String resource) {
    InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "The web UI's resource " + resource + " is missing from the class path");
    }
    return in;
  }
}
