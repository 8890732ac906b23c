package dev.portolan.web.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portolan.model.Waiver;
import dev.portolan.model.WaiverStatus;
import java.util.List;

/**
 * A Waiver as the API shows it: what it covers, what it waives, why and until when, its phase, and
 * who asked and who decided as admission recorded them.
 *
 * @param entity the one entity it covers, or null when it has a selector
 * @param selector its label selector in kubectl's syntax, or null when it names one entity
 * @param entities the entities it covers now, by name
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WaiverView(
    String namespace,
    String name,
    String entity,
    String selector,
    String scorecard,
    List<String> rules,
    String reason,
    String expiresAt,
    String phase,
    String requestedBy,
    String approvedBy,
    String approvalTime,
    List<String> entities,
    String message) {

  static WaiverView of(Waiver waiver) {
    var spec = waiver.getSpec();
    WaiverStatus status = waiver.getStatus();
    return new WaiverView(
        waiver.getMetadata().getNamespace(),
        waiver.getMetadata().getName(),
        spec == null ? null : spec.entity,
        status == null ? null : status.selector,
        spec == null ? null : spec.scorecard,
        spec == null || spec.rules == null ? List.of() : List.copyOf(spec.rules),
        spec == null ? null : spec.reason,
        spec == null ? null : spec.expiresAt,
        status == null || status.phase == null ? "Pending" : status.phase,
        status == null || status.requestedBy == null ? null : status.requestedBy.username,
        status == null || status.approvedBy == null ? null : status.approvedBy.username,
        status == null ? null : status.approvalTime,
        status == null || status.entities == null ? List.of() : List.copyOf(status.entities),
        status == null ? null : status.message);
  }
}
