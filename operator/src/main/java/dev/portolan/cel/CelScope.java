package dev.portolan.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which variables an expression may read, and their types, by where the expression stands. */
public enum CelScope {
  /** Calculated values and filters over one entity. */
  ENTITY(Map.of("entity", Types.MAP)),
  /** Scorecard rules: the entity and, for a discovered one, its source object. */
  SCORECARD(Map.of("entity", Types.MAP, "source", Types.MAP)),
  /**
   * Discovery mappings over a cluster object; {@code workloads} lists the discovered workloads of
   * the object's namespace with their Pod labels, for relations that follow label selectors.
   */
  DISCOVERY(ordered("object", Types.MAP, "workloads", Types.LIST)),
  /** Action conditions: the entity and the run's inputs. */
  ACTION(Map.of("entity", Types.MAP, "inputs", Types.MAP));

  private final Map<String, CelType> variables;

  CelScope(Map<String, CelType> variables) {
    this.variables = variables;
  }

  public Map<String, CelType> variables() {
    return variables;
  }

  private static Map<String, CelType> ordered(String a, CelType ta, String b, CelType tb) {
    Map<String, CelType> map = new LinkedHashMap<>();
    map.put(a, ta);
    map.put(b, tb);
    return map;
  }

  private static final class Types {
    static final CelType MAP = MapType.create(SimpleType.STRING, SimpleType.DYN);
    static final CelType LIST = ListType.create(SimpleType.DYN);
  }
}
