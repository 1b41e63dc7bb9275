package org.learnstream.pipeline.mastery.bestlr;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Best-LR: P(correct on the next attempt) = sigmoid(bias + the weights of the response's features, see
 * {@link FeatureLayout}). Streaming code: {@link #predict} reads only the learner's counters, which
 * {@link BestLrStep} keeps as the job does (the job's operator, evaluation and fitting all count through it).
 * {@link #update} adds a response on several skills at once to a learner held in memory.
 */
public final class BestLrModel implements Serializable {

  private static final long serialVersionUID = 1L;

  /** One answered response: the item, the skills it exercises and whether the answer was correct. */
  public record Response(String item, List<String> skills, boolean correct) {
  }

  private final String version;
  private final FeatureLayout layout;
  private final double[] weights;
  private final double bias;

  /** @param weights one per column of {@code layout} */
  public BestLrModel(String version, FeatureLayout layout, double[] weights, double bias) {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("model version must not be blank, e.g. best-lr/assistments09");
    }
    this.version = version;
    this.layout = Objects.requireNonNull(layout, "layout");
    if (weights.length != layout.columnCount()) {
      throw new IllegalArgumentException("the layout has " + layout.columnCount() + " columns but "
          + weights.length + " weights were given");
    }
    this.weights = weights.clone();
    this.bias = bias;
  }

  /** The version carried with every prediction, e.g. {@code best-lr/assistments09}. */
  public String version() {
    return version;
  }

  public FeatureLayout layout() {
    return layout;
  }

  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  /** P(correct) of the learner's next response on {@code item} (may be null) tagged with {@code skills}. */
  public double predict(LearnerCounts state, String item, List<String> skills) {
    double[] logit = {bias};
    layout.encode(state, item, layout.ordered(skills), (column, value) -> logit[0] += weights[column] * value);
    return 1.0 / (1.0 + Math.exp(-logit[0]));
  }

  /** Adds the response to the learner's counters, once overall and once per distinct skill. */
  public static void update(LearnerCounts state, Response response) {
    state.record(response.skills().stream().distinct().toList(), response.correct());
  }
}
