package dev.portolan.cel;

import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.Locale;
import java.util.Optional;

/** The result types a Portolan expression can be declared to return, by their schema names. */
public enum ExpectedType {
  STRING("string"),
  INTEGER("integer"),
  NUMBER("number"),
  BOOLEAN("boolean"),
  ARRAY("array"),
  OBJECT("object"),
  ANY("any");

  private final String schemaName;

  ExpectedType(String schemaName) {
    this.schemaName = schemaName;
  }

  public String schemaName() {
    return schemaName;
  }

  /** The type for a schema type name, if it is one. */
  public static Optional<ExpectedType> ofSchemaName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (ExpectedType t : values()) {
      if (t.schemaName.equals(name.toLowerCase(Locale.ROOT)) && t != ANY) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether an expression whose checked type is {@code checked} may return this type. A dynamic
   * result is accepted here and checked again on each value.
   */
  boolean admits(CelType checked) {
    CelKind kind = checked.kind();
    if (this == ANY || kind == CelKind.DYN || kind == CelKind.ANY || kind == CelKind.ERROR) {
      return true;
    }
    return switch (this) {
      case STRING -> kind == CelKind.STRING;
      case INTEGER -> kind == CelKind.INT || kind == CelKind.UINT;
      case NUMBER -> kind == CelKind.DOUBLE || kind == CelKind.INT || kind == CelKind.UINT;
      case BOOLEAN -> kind == CelKind.BOOL;
      case ARRAY -> kind == CelKind.LIST;
      case OBJECT -> kind == CelKind.MAP;
      case ANY -> true;
    };
  }

  /** Whether a value produced at run time is of this type. */
  public boolean admitsValue(Object value) {
    return switch (this) {
      case STRING -> value instanceof String;
      case INTEGER -> value instanceof Long || value instanceof Integer;
      case NUMBER -> value instanceof Number;
      case BOOLEAN -> value instanceof Boolean;
      case ARRAY -> value instanceof java.util.List<?>;
      case OBJECT -> value instanceof java.util.Map<?, ?>;
      case ANY -> true;
    };
  }
}
