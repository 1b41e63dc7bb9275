package org.learnstream.pipeline.mastery.bestlr;

import java.util.List;
import java.util.Map;

/**
 * Best-LR applied to one learner's mastery updates as the job sees them, one at a time. The skill's own counts come
 * with each update (the mastery state's attempts and correct answers, so Best-LR keeps nothing per learner x skill);
 * the learner's counts over all skills live in a {@link Store} (the job's keyed state per learner; a field for the
 * evaluator and the fitter).
 *
 * <p>The overall counts change only by what the mastery operator's rows say happened to the skill's answers: an
 * answer's own row adds it, the row that marks an answer voided takes it out, and rows re-emitted as corrections
 * (after a void, or after an answer placed before others) add nothing, since their answers were counted by their own
 * rows. So the counts do not depend on the order in which the rows of different skills arrive. A correction and a
 * voided row are predicted with the overall counts as they stand, without their own answer.
 */
public final class BestLrStep {

  /** What the step keeps per learner. */
  public interface Store {
    /** The learner's successes and failures over all skills; {@link Counts#NONE} for a new learner. */
    Counts overall();

    void overall(Counts overall);
  }

  /**
   * One mastery update: the answer on {@code item} (null if unknown) for {@code skill}, the skill's counts after it
   * as the update states them, whether it is the answer's own row (not a re-emitted correction) and whether it marks
   * the answer voided.
   */
  public record Update(String skill, String item, boolean correct, Counts skillAfter, boolean ownRow,
      boolean voided) {
  }

  /**
   * @param pCorrect P(correct) of the update's answer, from the counts before it
   * @param pCorrectNext P(correct) of the next attempt on the skill, from the counts after it, with no item effect
   */
  public record Prediction(double pCorrect, double pCorrectNext) {
  }

  /** The learner's counts before and after an update's answer. */
  public record Counted(LearnerCounts before, LearnerCounts after) {
  }

  private BestLrStep() {
  }

  /** Predicts the update's answer and the next attempt, and counts the update (see {@link #count}). */
  public static Prediction apply(BestLrModel model, Store store, Update update) {
    Counted counted = count(store, update);
    List<String> skills = List.of(update.skill());
    return new Prediction(model.predict(counted.before(), update.item(), skills),
        model.predict(counted.after(), null, skills));
  }

  /** The counts around the update's answer; the store adds an answer's own row and takes a voided one out. */
  public static Counted count(Store store, Update update) {
    Counts overall = store.overall();
    Counts answer = Counts.NONE.after(update.correct());
    Counts skillBefore = update.skillAfter().before(update.correct());
    // the overall counts hold this answer already, unless this is its own row; never below zero after a restore
    Counts without = update.ownRow() && !update.voided() ? overall : overall.minusAtMostAll(answer);
    Counts with = without.plus(answer);
    if (update.voided()) {
      store.overall(without);
    } else if (update.ownRow()) {
      store.overall(with);
    }
    return new Counted(LearnerCounts.of(without, Map.of(update.skill(), skillBefore)),
        LearnerCounts.of(with, Map.of(update.skill(), update.skillAfter())));
  }
}
