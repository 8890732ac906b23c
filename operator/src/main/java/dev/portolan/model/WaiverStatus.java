package dev.portolan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.portolan.model.ActionStatus.UserRecord;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class WaiverStatus extends ConditionedStatus {
  @JsonPropertyDescription(
      "Pending (waits for an approver), Active (approved and not expired), Rejected, Expired, or"
          + " Invalid (spec.expiresAt cannot be read).")
  public String phase;

  @JsonPropertyDescription("Who requested the waiver, as recorded by the API server's admission.")
  public UserRecord requestedBy;

  @JsonPropertyDescription("Who approved or rejected the waiver, as recorded by admission.")
  public UserRecord approvedBy;

  @JsonPropertyDescription("When the approver decided (RFC 3339), as recorded by admission.")
  public String approvalTime;

  @JsonPropertyDescription("spec.selector as text (kubectl's label selector syntax), for display.")
  public String selector;

  @JsonPropertyDescription("The entities the waiver covers now, by name (at most 100).")
  public List<String> entities;

  @JsonPropertyDescription("A human-readable account of the current phase.")
  public String message;
}
