package org.learnstream.pipeline.simulate;

import java.util.ArrayList;
import java.util.List;

/** Default skills for simulated cohorts: a middle-school maths sequence, parameters drawn from the seed. */
public final class SkillCatalog {

  private static final String[][] NAMED = {
      {"fractions.add", "Adding fractions"},
      {"fractions.compare", "Comparing fractions"},
      {"decimals.place-value", "Decimal place value"},
      {"ratios.unit-rate", "Unit rates"},
      {"percent.of-quantity", "Percent of a quantity"},
      {"integers.add", "Adding integers"},
      {"expressions.evaluate", "Evaluating expressions"},
      {"equations.one-step", "One-step equations"},
      {"geometry.area", "Area of rectangles and triangles"},
      {"statistics.mean", "Mean of a data set"},
      {"probability.simple", "Simple probability"},
      {"geometry.angles", "Angles on a line and in a triangle"},
      {"coordinates.plot", "Plotting points"},
      {"exponents.evaluate", "Evaluating powers"},
      {"equations.two-step", "Two-step equations"},
      {"inequalities.solve", "Solving inequalities"},
  };

  private SkillCatalog() {
  }

  /**
   * {@code count} skills in curriculum order: the named maths skills first, then {@code skill-017} and on.
   * Parameters are typical of fitted BKT models: prior 0.10-0.40, learn 0.08-0.25, guess 0.12-0.28,
   * slip 0.05-0.15, no forgetting.
   */
  public static List<SkillSpec> defaults(long seed, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("skills count must be at least 1 (was " + count + ")");
    }
    Rng rng = new Rng(Rng.streamSeed(seed, -2));
    List<SkillSpec> skills = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = i < NAMED.length ? NAMED[i][0] : String.format("skill-%03d", i + 1);
      String name = i < NAMED.length ? NAMED[i][1] : "Skill " + (i + 1);
      skills.add(new SkillSpec(id, name,
          round(rng.uniform(0.10, 0.40)),
          round(rng.uniform(0.08, 0.25)),
          round(rng.uniform(0.12, 0.28)),
          round(rng.uniform(0.05, 0.15)),
          0.0));
    }
    return List.copyOf(skills);
  }

  private static double round(double p) {
    return Math.round(p * 1000) / 1000.0;
  }
}
