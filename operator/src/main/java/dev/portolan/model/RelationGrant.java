package dev.portolan.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Lets entities of other namespaces relate to the entities of this one, and so show their values. Namespaced: it
 * lives beside the entities it opens, so only who may write there may grant. Without a grant, a relation into
 * another namespace is invalid and nothing is mirrored through it.
 */
@Group(Api.GROUP)
@Version(Api.VERSION)
@Plural("relationgrants")
@ShortNames("rgrant")
@AdditionalPrinterColumn(name = "From", jsonPath = ".spec.from[*].namespace", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Blueprints", jsonPath = ".spec.blueprints", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class RelationGrant extends CustomResource<RelationGrantSpec, Void> implements Namespaced {}
