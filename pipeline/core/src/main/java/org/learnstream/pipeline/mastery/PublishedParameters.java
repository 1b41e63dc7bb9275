package org.learnstream.pipeline.mastery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.learnstream.schemas.SkillParameters;

/**
 * A {@link SkillParameterSet} as records of the compacted topic {@code skill.parameters}: one record per fitted
 * skill plus one under {@link #DEFAULTS_KEY} with the set's defaults. A running mastery job resolves a skill's
 * parameters from the newest record for that skill, else the newest defaults record, else the set it started with.
 */
public final class PublishedParameters {

  /** Key of the record that holds a set's defaults for the skills it does not name. */
  public static final String DEFAULTS_KEY = "*";

  private PublishedParameters() {
  }

  /** The set as topic records, defaults first. */
  public static List<SkillParameters> records(SkillParameterSet set, Instant publishedAt) {
    Objects.requireNonNull(set, "set");
    List<SkillParameters> records = new ArrayList<>(set.skills().size() + 1);
    records.add(record(DEFAULTS_KEY, set.id(), set.defaults(), publishedAt));
    for (Map.Entry<String, BktParameters> skill : set.skills().entrySet()) {
      records.add(record(skill.getKey(), set.id(), skill.getValue(), publishedAt));
    }
    return records;
  }

  public static SkillParameters record(String skill, String setId, BktParameters p, Instant publishedAt) {
    return new SkillParameters(skill, setId, p.prior(), p.learn(), p.guess(), p.slip(), p.forget(), publishedAt);
  }

  /** The record's parameters; IllegalArgumentException naming the skill and the rule when they break a bound. */
  public static BktParameters parameters(SkillParameters record) {
    try {
      return new BktParameters(record.getPrior(), record.getLearn(), record.getGuess(), record.getSlip(),
          record.getForget());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("skill.parameters record for skill '" + record.getSkill()
          + "' of parameter set '" + record.getParameterSetId() + "': " + e.getMessage(), e);
    }
  }

  /** The model version written on updates computed with the record, {@code bkt/<parameterSetId>}. */
  public static String modelVersion(SkillParameters record) {
    return "bkt/" + record.getParameterSetId();
  }
}
