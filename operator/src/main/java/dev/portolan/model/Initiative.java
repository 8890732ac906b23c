package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A goal with a deadline over a scorecard's grades: the entities it covers reach a target level (or
 * pass named rules) between a start date and a deadline. Cluster-scoped like the Scorecard it
 * builds on, since it covers entities of every namespace; the API counts it over the namespaces a
 * caller may see.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("initiatives")
@ShortNames("init")
@AdditionalPrinterColumn(
    name = "Scorecard",
    jsonPath = ".spec.scorecard",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".status.target",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Done%",
    jsonPath = ".status.percent",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Days Left",
    jsonPath = ".status.daysLeft",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Deadline",
    jsonPath = ".spec.deadline",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.phaseReason",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Initiative extends CustomResource<InitiativeSpec, InitiativeStatus> {
  @Override
  protected InitiativeStatus initStatus() {
    return new InitiativeStatus();
  }
}
