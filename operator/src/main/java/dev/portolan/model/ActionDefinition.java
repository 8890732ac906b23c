package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A golden path: one self-service operation developers may run, and how it runs. Cluster-scoped.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("actiondefinitions")
@ShortNames("actdef")
@AdditionalPrinterColumn(
    name = "Title",
    jsonPath = ".spec.title",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Blueprint",
    jsonPath = ".spec.blueprint",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Operation",
    jsonPath = ".spec.operation",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ActionDefinition extends CustomResource<ActionDefinitionSpec, ActionDefinitionStatus> {
  @Override
  protected ActionDefinitionStatus initStatus() {
    return new ActionDefinitionStatus();
  }
}
