package org.learnstream.jobs.warning;

import java.time.Instant;
import org.learnstream.pipeline.warning.AlertChange;
import org.learnstream.pipeline.warning.spi.MasteryPoint;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;

/** Conversions between the Avro contracts and the rule engine's plain records. */
public final class Alerts {

  private Alerts() {
  }

  public static Observation observation(LearningEvent e) {
    Boolean success = e.getKind() == EventKind.RESPONSE ? e.getSuccess() : null;
    return new Observation(e.getStatementId(), e.getTimestamp().toEpochMilli(), e.getCourse(), e.getSection(),
        e.getSkills(), success, e.getDurationMs(), e.getObjectId());
  }

  public static MasteryPoint masteryPoint(MasteryUpdate u) {
    return new MasteryPoint(u.getStatementId(), u.getEventTime().toEpochMilli(), u.getSkill(), u.getPKnownAfter(),
        u.getCourse(), u.getSection());
  }

  public static Alert toAvro(AlertChange c) {
    return Alert.newBuilder()
        .setAlertId(c.alertId()).setTenant(c.tenant()).setLearner(c.learner())
        .setCourse(c.course()).setSection(c.section()).setSkill(c.skill())
        .setRule(c.rule().id()).setSeverity(c.severity().id()).setTier(c.tier().id())
        .setStatus(c.resolved() ? AlertStatus.RESOLVED : AlertStatus.RAISED)
        .setEpisode(c.episode()).setEvidence(c.evidence()).setEvidenceEvents(c.evidenceEvents())
        .setRaisedAt(Instant.ofEpochMilli(c.raisedAt()))
        .setResolvedAt(c.resolvedAt() == null ? null : Instant.ofEpochMilli(c.resolvedAt()))
        .setVersion(c.version())
        .build();
  }
}
