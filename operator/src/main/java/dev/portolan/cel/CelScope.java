package dev.portolan.cel;

import java.util.List;

/** Which variables an expression may read, by where the expression stands. */
public enum CelScope {
  /** Calculated values and filters over one entity. */
  ENTITY(List.of("entity")),
  /** Scorecard rules: the entity and, for a discovered one, its source object. */
  SCORECARD(List.of("entity", "source")),
  /** Discovery mappings over a cluster object. */
  DISCOVERY(List.of("object")),
  /** Action conditions: the entity and the run's inputs. */
  ACTION(List.of("entity", "inputs"));

  private final List<String> variables;

  CelScope(List<String> variables) {
    this.variables = variables;
  }

  public List<String> variables() {
    return variables;
  }
}
