package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scorecard's guardrail has judged since the operator started: requests counted by the
 * operator's admission webhook (dry runs are judged but not counted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnforcementStatus {
  @JsonPropertyDescription(
      "The mode in force: Audit, Warn or Deny; absent when the enforcement is invalid.")
  public String mode;

  @JsonPropertyDescription(
      "The rules a workload must pass, as the enforcement's level or rules name them.")
  public List<String> requiredRules = new ArrayList<>();

  @JsonPropertyDescription("Workload creates and updates judged.")
  public Long admissionsJudged;

  @JsonPropertyDescription("Admitted with a warning per failing rule (mode Warn).")
  public Long warned;

  @JsonPropertyDescription(
      "Refused (mode Deny), including exemptions asked for without the permission.")
  public Long denied;

  @JsonPropertyDescription("Admitted failing, only counted (mode Audit).")
  public Long audited;

  @JsonPropertyDescription("Admitted through a portolan.dev/exempt annotation of a permitted user.")
  public Long exempted;

  @JsonPropertyDescription("The last refused workload, its failing rules, and when.")
  public LastDenied lastDenied;

  /** The last workload the guardrail refused. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class LastDenied {
    @JsonPropertyDescription("namespace/name, with the kind, e.g. Deployment team-a/api.")
    public String object;

    @JsonPropertyDescription("The user the API server authenticated for the request.")
    public String user;

    @JsonPropertyDescription("The rules it failed, or why it was refused.")
    public String message;

    @JsonPropertyDescription("When (RFC 3339).")
    public String time;
  }
}
