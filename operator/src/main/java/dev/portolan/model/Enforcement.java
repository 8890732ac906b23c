package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * A scorecard's guardrail: workloads created or updated in the selected namespaces are judged at
 * admission on the entity they would become, against a required level or a list of rules.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
    value = "!(has(self.level) && has(self.rules) && size(self.rules) > 0)",
    message = "give either level or rules, not both")
@ValidationRule(
    value = "!has(self.failurePolicy) || self.mode == 'Deny'",
    message = "failurePolicy applies to mode Deny only (Audit and Warn never block: Ignore)",
    fieldPath = ".failurePolicy")
public class Enforcement {
  public static final String AUDIT = "Audit";
  public static final String WARN = "Warn";
  public static final String DENY = "Deny";
  public static final String IGNORE = "Ignore";
  public static final String FAIL = "Fail";

  @Required
  @Pattern("^(Audit|Warn|Deny)$")
  @JsonPropertyDescription(
      "Audit: admit and count (status, Events); Warn: admit, and kubectl prints a warning per"
          + " failing rule; Deny: refuse an object that fails, naming the failing rules.")
  public String mode;

  @Size(max = 63)
  @JsonPropertyDescription(
      "The level a workload must reach, one of spec.levels: every rule of it and of the lower"
          + " levels is required. Without level or rules, the first level is required.")
  public String level;

  @Size(max = 100)
  @JsonPropertyDescription(
      "Instead of a level, the names of the rules a workload must pass (each one of spec.rules).")
  public List<String> rules = new ArrayList<>();

  @JsonPropertyDescription(
      "The namespaces judged, by their labels; every namespace when absent. The operator's own"
          + " namespace and kube-system are never judged.")
  public LabelSelector namespaceSelector;

  @Pattern("^(Ignore|Fail)$")
  @JsonPropertyDescription(
      "For mode Deny: what the API server does when the operator cannot be reached. Fail (the"
          + " default) refuses the object; Ignore admits it unjudged. Audit and Warn always Ignore.")
  public String failurePolicy;
}
