package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Acts on what happens to the catalog: one trigger (an entity created, updated or deleted, a
 * scorecard level changed, a date-time property reached, an Action finished, a schedule), an
 * optional CEL condition, and effects (start an Action as the automation's ServiceAccount, send a
 * notification, record an Event on the entity). Namespaced.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("automations")
@ShortNames("auto")
@AdditionalPrinterColumn(
    name = "Trigger",
    jsonPath = ".status.trigger",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "ServiceAccount",
    jsonPath = ".spec.serviceAccountName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Fired",
    jsonPath = ".status.counts.fired",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Last-Fired",
    jsonPath = ".status.lastFired",
    type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Automation extends CustomResource<AutomationSpec, AutomationStatus>
    implements Namespaced {
  @Override
  protected AutomationStatus initStatus() {
    return new AutomationStatus();
  }
}
