package dev.portolan.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A build step run after the CRD generator: it puts each CRD's printer columns in the order the
 * model declares them (the generator sorts them by JSON path, which would make AGE the first column
 * of {@code kubectl get}). Run by the build with the folder of generated CRDs as argument.
 */
public final class PrinterColumnOrder {
  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "automations.portolan.dev", Automation.class,
          "blueprints.portolan.dev", Blueprint.class,
          "entities.portolan.dev", Entity.class,
          "scorecards.portolan.dev", Scorecard.class,
          "actiondefinitions.portolan.dev", ActionDefinition.class,
          "actions.portolan.dev", Action.class,
          "relationgrants.portolan.dev", RelationGrant.class,
          "waivers.portolan.dev", Waiver.class,
          "initiatives.portolan.dev", Initiative.class);

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args[0]);
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (Map.Entry<String, Class<?>> kind : KINDS.entrySet()) {
      Path file = folder.resolve(kind.getKey() + "-v1.yml");
      JsonNode crd = serialization.unmarshal(Files.readString(file), JsonNode.class);
      List<String> order = new ArrayList<>();
      for (AdditionalPrinterColumn column :
          kind.getValue().getAnnotationsByType(AdditionalPrinterColumn.class)) {
        order.add(column.name());
      }
      for (JsonNode version : crd.path("spec").path("versions")) {
        ArrayNode columns = (ArrayNode) version.get("additionalPrinterColumns");
        List<JsonNode> sorted = new ArrayList<>();
        columns.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparingInt(c -> order.indexOf(c.path("name").asText())));
        ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(sorted);
      }
      String yaml =
          "# Generated from the Java model in operator/src/main/java/dev/portolan/model; do not edit.\n"
              + serialization.asYaml(crd).replaceFirst("^---\\n", "");
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
  }
}
