package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The types a property, an action input or a calculated value may have. Only the CRD schema uses
 * it ({@code @SchemaFrom} on the {@code type} fields, which stay strings in Java): an enum there
 * makes the API server name the bad value ({@code Unsupported value: "strnig": supported values:
 * "string", ...}), which a CEL rule on the enclosing object cannot (it reports the value as
 * {@code "object"}).
 */
public enum PropertyType {
  @JsonProperty("string")
  STRING,
  @JsonProperty("integer")
  INTEGER,
  @JsonProperty("number")
  NUMBER,
  @JsonProperty("boolean")
  BOOLEAN,
  @JsonProperty("array")
  ARRAY,
  @JsonProperty("object")
  OBJECT
}
