package org.learnstream.pipeline.simulate;

import java.util.regex.Pattern;

/**
 * One skill and the parameters of BKT's generative model that drive simulated answers:
 * prior P(L0), learn P(T), guess P(G), slip P(S) and forget P(F) (0 = standard BKT without forgetting).
 */
public record SkillSpec(String skillId, String name, double prior, double learn, double guess, double slip,
    double forget) {

  /** Skill ids become part of activity IRIs, so they stay within characters that need no escaping. */
  static final Pattern SKILL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public SkillSpec {
    if (skillId == null || !SKILL_ID.matcher(skillId).matches()) {
      throw new IllegalArgumentException("SkillSpec.skillId '" + skillId
          + "' must be 1-100 characters of letters, digits, '.', '_' or '-' starting with a letter or digit, e.g. fractions.add");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("SkillSpec.name of skill " + skillId + " must not be blank");
    }
    probability(skillId, "prior", prior);
    probability(skillId, "learn", learn);
    probability(skillId, "guess", guess);
    probability(skillId, "slip", slip);
    probability(skillId, "forget", forget);
    if (guess + slip >= 1) {
      throw new IllegalArgumentException("SkillSpec " + skillId + ": guess + slip must be below 1 (was "
          + (guess + slip) + "), otherwise knowing the skill does not make a correct answer more likely");
    }
  }

  /** A skill without forgetting. */
  public static SkillSpec of(String skillId, String name, double prior, double learn, double guess, double slip) {
    return new SkillSpec(skillId, name, prior, learn, guess, slip, 0.0);
  }

  private static void probability(String skillId, String field, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "SkillSpec " + skillId + "." + field + " must be a probability in [0, 1] (was " + value + ")");
    }
  }
}
