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
  ACTION(Map.of("entity", Types.MAP, "inputs", Types.MAP)),
  /** Automations on an entity's creation or deletion or a date-time reached: entity and time. */
  AUTOMATION_ENTITY(Map.of("entity", Types.MAP, "time", SimpleType.STRING)),
  /** Automations on an entity's update: the entity as it is, as it was ({@code old}), and time. */
  AUTOMATION_UPDATE(Map.of("entity", Types.MAP, "old", Types.MAP, "time", SimpleType.STRING)),
  /** Automations on a scorecard level change: the entity, the level names from and to, time. */
  AUTOMATION_LEVEL(
      Map.of(
          "entity",
          Types.MAP,
          "from",
          SimpleType.STRING,
          "to",
          SimpleType.STRING,
          "time",
          SimpleType.STRING)),
  /** Automations on a finished Action: the run, its entity (empty when none) and time. */
  AUTOMATION_ACTION(Map.of("action", Types.MAP, "entity", Types.MAP, "time", SimpleType.STRING)),
  /** Automations on a schedule: the instant only. */
  AUTOMATION_SCHEDULE(Map.of("time", SimpleType.STRING));

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
