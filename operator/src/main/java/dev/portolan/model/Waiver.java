package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Excuses one entity, or the entities a label selector picks in its namespace, from some rules of
 * one scorecard until {@code spec.expiresAt}, once an approver approves it. Namespaced.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("waivers")
@ShortNames("wv")
@AdditionalPrinterColumn(
    name = "Entity",
    jsonPath = ".spec.entity",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Selector",
    jsonPath = ".status.selector",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Scorecard",
    jsonPath = ".spec.scorecard",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rules",
    jsonPath = ".spec.rules",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Approver",
    jsonPath = ".status.approvedBy.username",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Expires",
    jsonPath = ".spec.expiresAt",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Waiver extends CustomResource<WaiverSpec, WaiverStatus> implements Namespaced {
  @Override
  protected WaiverStatus initStatus() {
    return new WaiverStatus();
  }
}
