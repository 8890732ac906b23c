package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One run of an action definition. Namespaced. */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("actions")
@ShortNames("act")
@AdditionalPrinterColumn(
    name = "Definition",
    jsonPath = ".spec.definition",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Entity",
    jsonPath = ".spec.entity",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Requested-By",
    jsonPath = ".status.requestedBy.username",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Action extends CustomResource<ActionSpec, ActionStatus> implements Namespaced {
  @Override
  protected ActionStatus initStatus() {
    return new ActionStatus();
  }
}
