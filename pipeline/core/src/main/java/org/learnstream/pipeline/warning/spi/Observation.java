package org.learnstream.pipeline.warning.spi;

import java.util.List;

/**
 * What the rules see of one learning event.
 *
 * @param time       event time, epoch millis
 * @param skills     skills the event is evidence for
 * @param success    result.success; null for events that are not answers
 * @param durationMs result.duration; null when absent
 * @param activity   the object's id, for per-activity rapid-guess thresholds
 */
public record Observation(String statementId, long time, String course, String section, List<String> skills,
    Boolean success, Long durationMs, String activity) {

  public Observation {
    skills = skills == null ? List.of() : List.copyOf(skills);
  }

  public boolean isAnswer() {
    return success != null;
  }
}
