/**
 * The custom resources of the {@code portolan.dev/v1alpha1} API: the Java model from which the CRDs
 * under {@code crds/} are generated. Field descriptions here are what {@code kubectl explain}
 * shows, so they are written for the people who write the YAML.
 *
 * <p>Data classes use public fields: they are plain carriers for Jackson and the CRD generator,
 * with no behaviour of their own. Values whose shape depends on another field (property values,
 * enum members, defaults, relation targets that may be one reference or a list) are {@link
 * com.fasterxml.jackson.databind.JsonNode}s, so that a resource the API server accepted can always
 * be read back and reported on, never dropped by a deserialisation error.
 */
package dev.portolan.model;
