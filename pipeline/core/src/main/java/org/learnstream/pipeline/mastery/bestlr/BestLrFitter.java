package org.learnstream.pipeline.mastery.bestlr;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.learnstream.pipeline.mastery.ResponseLog;

/**
 * Fits Best-LR by L2-regularised logistic regression (liblinear's trust-region Newton solver on the primal, which
 * draws no random numbers): each response of the log becomes one row, encoded from the counts of the learner's
 * responses before it. Columns follow the order in which skills and items first occur in the log, so the same
 * file gives the same weights.
 */
public final class BestLrFitter {

  /**
   * @param c         inverse strength of the L2 penalty on the weights (liblinear's C; the bias is not penalised)
   * @param tolerance stopping tolerance of the solver
   */
  public record Options(double c, double tolerance) {

    public static final Options DEFAULTS = new Options(1.0, 1e-4);

    public Options {
      if (!(c > 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("the regularisation C must be a positive number, got " + c);
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("the solver tolerance must be positive, got " + tolerance);
      }
    }
  }

  /** @param solverLines what the solver reported, one line per iteration */
  public record FitResult(BestLrModel model, int responses, List<String> solverLines) {
  }

  private final Options options;

  public BestLrFitter(Options options) {
    this.options = options;
  }

  /** @param progress receives a line per step and per solver iteration */
  public FitResult fit(ResponseLog log, String version, Consumer<String> progress) {
    FeatureLayout layout = layoutOf(log);
    progress.accept(String.format(Locale.ROOT, "encoding %d responses into %d columns (%d skills, %d items)",
        log.responseCount(), layout.columnCount(), layout.skills().size(), layout.items().size()));
    Problem problem = problem(log, layout);

    Parameter parameter = new Parameter(SolverType.L2R_LR, options.c(), options.tolerance());
    parameter.setRegularizeBias(false);
    List<String> solverLines = new ArrayList<>();
    Linear.resetRandom();
    // liblinear reports through one static stream: fits in one JVM run one at a time for their progress to be right.
    Linear.setDebugOutput(new PrintStream(lines(line -> {
      solverLines.add(line);
      progress.accept("solver: " + line);
    }), true, StandardCharsets.UTF_8));
    de.bwaldvogel.liblinear.Model fitted;
    try {
      fitted = Linear.train(problem, parameter);
    } finally {
      Linear.disableDebugOutput();
    }
    double[] raw = fitted.getFeatureWeights();
    // liblinear's decision value favours its first label; correct is 1.
    double sign = fitted.getLabels()[0] == 1 ? 1.0 : -1.0;
    double[] weights = new double[layout.columnCount()];
    for (int column = 0; column < weights.length; column++) {
      weights[column] = sign * raw[column];
    }
    double bias = sign * raw[layout.columnCount()];
    return new FitResult(new BestLrModel(version, layout, weights, bias), log.responseCount(),
        List.copyOf(solverLines));
  }

  static FeatureLayout layoutOf(ResponseLog log) {
    Set<String> skills = new LinkedHashSet<>();
    Set<String> items = new LinkedHashSet<>();
    for (int i = 0; i < log.responseCount(); i++) {
      skills.add(log.skill(i));
      if (log.item(i) != null) {
        items.add(log.item(i));
      }
    }
    return new FeatureLayout(List.copyOf(skills), List.copyOf(items));
  }

  private static Problem problem(ResponseLog log, FeatureLayout layout) {
    Problem problem = new Problem();
    problem.l = log.responseCount();
    problem.n = layout.columnCount() + 1; // + the bias column liblinear appends
    problem.bias = 1.0;
    problem.x = new Feature[problem.l][];
    problem.y = new double[problem.l];
    List<Feature> row = new ArrayList<>();
    ResponseReplay.replay(log, (i, learner, update) -> {
      row.clear();
      LearnerCounts before = BestLrStep.count(learner, update).before();
      // liblinear numbers columns from 1
      layout.encode(before, update.item(), List.of(update.skill()),
          (column, value) -> row.add(new FeatureNode(column + 1, value)));
      row.add(new FeatureNode(problem.n, problem.bias));
      problem.x[i] = row.toArray(Feature[]::new);
      problem.y[i] = log.correct()[i];
    });
    return problem;
  }

  /** An output stream that hands on each completed line. */
  private static OutputStream lines(Consumer<String> sink) {
    return new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(int b) {
        if (b == '\n') {
          if (!line.toString().isBlank()) {
            sink.accept(line.toString().strip());
          }
          line.setLength(0);
        } else {
          line.append((char) b);
        }
      }
    };
  }
}
