package org.learnstream.pipeline.mastery.bestlr;

import java.util.List;
import java.util.Map;

/**
 * Best-LR applied to one learner's mastery updates as the job sees them, one at a time: the learner's counts over
 * all skills and the latest counts of each skill in a {@link Store} (the job's keyed state per learner; a map for
 * the evaluator and the fitter), the skill's own counts read from the update itself.
 *
 * <p>The overall counts are the sum of the skills' latest counts, so an update that corrects an earlier one (a
 * void, an answer placed before others) replaces that skill's contribution instead of adding to it: of a skill's
 * updates the one with the highest revision counts, voided rows never. A correction is predicted with the learner's
 * other skills as they stand when it arrives.
 */
public final class BestLrStep {

  /** What the step keeps per learner. */
  public interface Store {
    /** Sum of the latest counts of every skill; {@link Counts#NONE} for a new learner. */
    Counts overall();

    void overall(Counts overall);

    /** The skill's latest counted update, or null before the first. */
    SkillCounts skill(String skill);

    void skill(String skill, SkillCounts counts);
  }

  /** A learner x skill's counts after its update numbered {@code revision}. */
  public record SkillCounts(long revision, Counts counts) {
  }

  /**
   * One mastery update: the response on {@code item} (null if unknown) for {@code skill}, and the skill's counts
   * after it as the update states them.
   */
  public record Update(String skill, String item, boolean correct, Counts skillAfter, long revision,
      boolean voided) {
  }

  /**
   * @param pCorrect P(correct) of the update's response, from the counts before it
   * @param pCorrectNext P(correct) of the next attempt on the skill, from the counts after it, with no item effect
   */
  public record Prediction(double pCorrect, double pCorrectNext) {
  }

  private BestLrStep() {
  }

  /** The learner's counts before and after an update's response. */
  public record Counted(LearnerCounts before, LearnerCounts after) {
  }

  /** Predicts the update's response and the next attempt, and counts the update (see {@link #count}). */
  public static Prediction apply(BestLrModel model, Store store, Update update) {
    Counted counted = count(store, update);
    List<String> skills = List.of(update.skill());
    return new Prediction(model.predict(counted.before(), update.item(), skills),
        model.predict(counted.after(), null, skills));
  }

  /** The counts around the update's response; the store takes the update in unless it is stale or voided. */
  public static Counted count(Store store, Update update) {
    SkillCounts held = store.skill(update.skill());
    Counts others = store.overall().minus(held == null ? Counts.NONE : held.counts());
    Counts skillBefore = update.skillAfter().before(update.correct());
    Counts overallAfter = others.plus(update.skillAfter());
    if (!update.voided() && (held == null || update.revision() > held.revision())) {
      store.skill(update.skill(), new SkillCounts(update.revision(), update.skillAfter()));
      store.overall(overallAfter);
    }
    return new Counted(LearnerCounts.of(others.plus(skillBefore), Map.of(update.skill(), skillBefore)),
        LearnerCounts.of(overallAfter, Map.of(update.skill(), update.skillAfter())));
  }
}
