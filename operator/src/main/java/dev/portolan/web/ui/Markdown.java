package dev.portolan.web.ui;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Markdown as safe HTML: raw HTML in the source is escaped, not passed through, and link and image
 * URLs with a scheme other than http, https, mailto or data are dropped (commonmark's URL
 * sanitising), so a property value cannot inject markup or script.
 */
public final class Markdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private Markdown() {}

  public static String toHtml(String source) {
    return RENDERER.render(PARSER.parse(source == null ? "" : source));
  }
}
