package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ActionStatus extends ConditionedStatus {
  @JsonPropertyDescription("Pending, WaitingForApproval, Running, Succeeded, Failed or Rejected.")
  public String phase;

  @JsonPropertyDescription("Who created the Action, as recorded by the API server's admission.")
  public UserRecord requestedBy;

  @JsonPropertyDescription("Who approved or rejected the Action, as recorded by admission.")
  public UserRecord approvedBy;

  @JsonPropertyDescription(
      "When the approver approved or rejected the Action (RFC 3339), as recorded by admission.")
  public String approvalTime;

  @JsonPropertyDescription("The name of the Job that runs the action.")
  public String job;

  @JsonPropertyDescription("When the Job started (RFC 3339).")
  public String startTime;

  @JsonPropertyDescription("When the run finished (RFC 3339).")
  public String completionTime;

  @JsonPropertyDescription(
      "The JSON object the Job reported in its container's termination message.")
  public Map<String, JsonNode> outputs;

  @JsonPropertyDescription("A human-readable account of the current phase.")
  public String message;

  /** A user as authenticated by the API server. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class UserRecord {
    @JsonPropertyDescription("The user name the API server authenticated.")
    public String username;

    @JsonPropertyDescription("The user's groups, as the API server authenticated them.")
    public List<String> groups;
  }
}
