package dev.portolan.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API's OpenAPI 3 document, written by hand in {@code portolan/openapi.yaml} and served as JSON. */
public final class OpenApi {
  private static final String DOCUMENT = load();

  private OpenApi() {}

  public static String document() {
    return DOCUMENT;
  }

  private static String load() {
    try (InputStream in = OpenApi.class.getResourceAsStream("/portolan/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("portolan/openapi.yaml is missing from the jar");
      }
      KubernetesSerialization yaml = new KubernetesSerialization();
      JsonNode tree = yaml.unmarshal(in, JsonNode.class);
      return yaml.asJson(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
