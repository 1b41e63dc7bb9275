package org.learnstream.pipeline.clickhouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;

/** {@link Alert} -> {@code alerts}; the evidence column holds the evidence values plus {@code events} (statement ids). */
public final class AlertEncoder implements RowEncoder<Alert> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS = List.of("alert_id", "tenant", "learner", "course", "section", "skill",
      "rule", "severity", "tier", "status", "evidence", "raised_at", "resolved_at", "version");

  @Override
  public String table() {
    return "alerts";
  }

  @Override
  public List<String> columns() {
    return COLUMNS;
  }

  @Override
  public void write(Alert a, RowBinaryOutput out) {
    out.string(a.getAlertId()).string(a.getTenant()).string(a.getLearner())
        .nullableString(a.getCourse()).nullableString(a.getSection()).nullableString(a.getSkill())
        .string(a.getRule()).string(a.getSeverity()).string(a.getTier())
        .uint8(a.getStatus() == AlertStatus.RAISED ? 1 : 2)
        .string(evidence(a))
        .dateTime(a.getRaisedAt()).nullableDateTime(a.getResolvedAt())
        .uint64(a.getVersion());
  }

  @Override
  public String tenant(Alert row) {
    return row.getTenant();
  }

  static String evidence(Alert a) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(a.getEvidence());
      node.putArray("events").addAll(a.getEvidenceEvents().stream().map(id -> node.textNode(id)).toList());
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      return a.getEvidence();
    }
  }
}
