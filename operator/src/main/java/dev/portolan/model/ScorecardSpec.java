package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "self.rules.all(r, r.level in self.levels)",
    message = "every rule's level must be one of spec.levels",
    fieldPath = ".rules")
@ValidationRule(
    value = "self.rules.all(r, self.rules.exists_one(s, s.name == r.name))",
    message = "rule names must be unique",
    fieldPath = ".rules")
@ValidationRule(
    value =
        "!has(self.enforcement) || !has(self.enforcement.level) || self.enforcement.level in self.levels",
    message = "spec.enforcement.level must be one of spec.levels",
    fieldPath = ".enforcement.level")
@ValidationRule(
    value =
        "!has(self.enforcement) || !has(self.enforcement.rules) || self.enforcement.rules.all(n, self.rules.exists(r, r.name == n))",
    message = "every name in spec.enforcement.rules must be a rule of spec.rules",
    fieldPath = ".enforcement.rules")
public class ScorecardSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The blueprint whose entities this scorecard grades.")
  public String blueprint;

  @Size(max = 128)
  @JsonPropertyDescription("The human-readable name.")
  public String title;

  @Size(max = 4096)
  @JsonPropertyDescription("What the scorecard measures and why.")
  public String description;

  @Size(max = 4096)
  @JsonPropertyDescription(
      "An optional CEL expression over `entity` and `source`: only entities for which it is true are graded; an entity for which it fails at run time is not graded.")
  public String filter;

  @Required
  @Size(min = 1, max = 10)
  @JsonPropertyDescription(
      "The level names, lowest first. An entity below the first level is None.")
  public List<String> levels = new ArrayList<>();

  @Required
  @Size(min = 1, max = 100)
  @JsonPropertyDescription(
      "The rules; an entity reaches a level when it passes every rule of that level and of every lower one.")
  public List<Rule> rules = new ArrayList<>();

  @JsonPropertyDescription(
      "Guardrails: judge the workloads this scorecard grades when they are created or updated,"
          + " before the API server admits them (Audit, Warn or Deny).")
  public Enforcement enforcement;

  /** One rule of a scorecard. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Rule {
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    @JsonPropertyDescription("The rule's name, unique in the scorecard.")
    public String name;

    @Required
    @Size(max = 63)
    @JsonPropertyDescription("The level this rule belongs to; one of spec.levels.")
    public String level;

    @Size(max = 256)
    @JsonPropertyDescription("The human-readable name.")
    public String title;

    @Required
    @Size(min = 1, max = 4096)
    @JsonPropertyDescription(
        "A CEL expression over `entity` (and `source` for a discovered entity) that returns a boolean.")
    public String expression;

    @Size(max = 1024)
    @JsonPropertyDescription(
        "How to pass the rule, for people: what to change in the entity or, for a discovered entity, in its source object. `portolan grade` and admission print it beside each failing rule.")
    public String fix;
  }
}
