package org.learnstream.pipeline.mastery;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Fits BKT parameters per skill by Baum-Welch EM on the two-state hidden Markov model (unknown, known), with
 * scaled forward-backward passes over primitive arrays. Several starts per skill (the first from
 * {@link BktParameters#DEFAULTS}, the others seeded random) guard against local optima; the best likelihood wins.
 * Guess and slip are clamped below 0.5 in every M-step so a fit cannot flip into the degenerate reading where a
 * correct answer lowers P(L).
 */
public final class EmFitter {

  /**
   * @param restarts       starts per skill (>= 1)
   * @param maxIterations  EM iterations per start
   * @param tolerance      stop when no parameter moves more than this in one iteration (EM also stops when the
   *                       log-likelihood gains less than 1e-9 per response)
   * @param fitForgetting  fit P(F) too; otherwise it stays 0 (standard BKT)
   * @param seed           seed of the random starts; fits are reproducible per skill whatever the thread order
   * @param maxGuessSlip   upper clamp of guess and slip, below 0.5
   */
  public record Options(int restarts, int maxIterations, double tolerance, boolean fitForgetting, long seed,
      double maxGuessSlip) {

    public Options {
      if (restarts < 1) {
        throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
      }
      if (!(maxGuessSlip > 0 && maxGuessSlip < 0.5)) {
        throw new IllegalArgumentException("maxGuessSlip must be in (0, 0.5), got " + maxGuessSlip);
      }
    }

    public static Options defaults() {
      return new Options(5, 300, 1e-6, false, 42L, 0.499);
    }

    public Options withRestarts(int value) {
      return new Options(value, maxIterations, tolerance, fitForgetting, seed, maxGuessSlip);
    }

    public Options withForgetting(boolean value) {
      return new Options(restarts, maxIterations, tolerance, value, seed, maxGuessSlip);
    }
  }

  /** The outcome for one skill: the best start's parameters and its log-likelihood. */
  public record SkillFit(String skill, BktParameters parameters, double logLikelihood, int iterations,
      boolean converged, int sequences, int responses) {
  }

  /** Fits of every skill and the parameter set built from them. */
  public record FitResult(SkillParameterSet parameters, List<SkillFit> fits) {
  }

  private static final double EPS = 1e-6;
  private static final double FLAT_GAIN_PER_RESPONSE = 1e-9;

  private final Options options;

  public EmFitter(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Fits all skills in parallel; {@code progress} sees each skill's fit as it completes (from any thread). */
  public FitResult fitAll(ResponseTable table, String parameterSetId, Consumer<SkillFit> progress) {
    List<SkillFit> fits = table.skills().parallelStream()
        .filter(s -> s.responseCount() > 0)
        .map(s -> {
          SkillFit fit = fit(s);
          progress.accept(fit);
          return fit;
        })
        .sorted(Comparator.comparing(SkillFit::skill))
        .toList();
    Map<String, BktParameters> bySkill = new LinkedHashMap<>();
    fits.forEach(f -> bySkill.put(f.skill(), f.parameters()));
    return new FitResult(new SkillParameterSet(parameterSetId, BktParameters.DEFAULTS, bySkill), fits);
  }

  public SkillFit fit(ResponseTable.SkillSequences data) {
    if (data.responseCount() == 0) {
      throw new IllegalArgumentException("skill " + data.skill() + " has no responses to fit");
    }
    Workspace ws = new Workspace(data.responseCount());
    SplittableRandom random = new SplittableRandom(options.seed() ^ ((long) data.skill().hashCode() << 17));
    SkillFit best = null;
    for (int start = 0; start < options.restarts(); start++) {
      double[] theta = start == 0 ? initialFromDefaults() : randomStart(random);
      SkillFit fit = runEm(data, theta, ws);
      BktParameters p = fit.parameters();
      boolean degenerate = 1.0 - p.slip() <= p.guess();
      if (!degenerate && (best == null || fit.logLikelihood() > best.logLikelihood())) {
        best = fit;
      }
    }
    if (best == null) {
      throw new IllegalStateException("every EM start for skill " + data.skill() + " ended degenerate");
    }
    return best;
  }

  private double[] initialFromDefaults() {
    BktParameters d = BktParameters.DEFAULTS;
    return new double[] {d.prior(), d.learn(), d.guess(), d.slip(), options.fitForgetting() ? 0.05 : 0.0};
  }

  private double[] randomStart(SplittableRandom random) {
    double max = options.maxGuessSlip();
    return new double[] {
        random.nextDouble(0.05, 0.95),
        random.nextDouble(0.02, 0.5),
        random.nextDouble(0.05, Math.min(0.45, max)),
        random.nextDouble(0.05, Math.min(0.45, max)),
        options.fitForgetting() ? random.nextDouble(0.0, 0.1) : 0.0};
  }

  /** theta = {prior, learn, guess, slip, forget}. */
  private SkillFit runEm(ResponseTable.SkillSequences data, double[] theta, Workspace ws) {
    int iterations = 0;
    boolean converged = false;
    double[] next = new double[5];
    double previousLogLikelihood = Double.NEGATIVE_INFINITY;
    // On flat likelihood ridges EM creeps for hundreds of iterations without changing predictions: stop as well
    // once the log-likelihood gains less than this per response.
    double flat = FLAT_GAIN_PER_RESPONSE * data.responseCount();
    while (iterations < options.maxIterations()) {
      iterations++;
      double logLikelihood = eStepAndMStep(data, theta, next, ws);
      double change = 0.0;
      for (int k = 0; k < 5; k++) {
        change = Math.max(change, Math.abs(next[k] - theta[k]));
      }
      System.arraycopy(next, 0, theta, 0, 5);
      if (change < options.tolerance() || logLikelihood - previousLogLikelihood < flat) {
        converged = true;
        break;
      }
      previousLogLikelihood = logLikelihood;
    }
    double logLikelihood = forward(data, theta, ws);
    BktParameters p = new BktParameters(theta[0], theta[1], theta[2], theta[3], theta[4]);
    return new SkillFit(data.skill(), p, logLikelihood, iterations, converged, data.sequenceCount(),
        data.responseCount());
  }

  /** Scaled forward pass filling ws.alpha0/alpha1/scale; returns the log-likelihood. */
  private static double forward(ResponseTable.SkillSequences data, double[] theta, Workspace ws) {
    double prior = theta[0];
    double learn = theta[1];
    double guess = theta[2];
    double slip = theta[3];
    double forget = theta[4];
    int[] starts = data.starts();
    byte[] obs = data.correct();
    double[] a0 = ws.alpha0;
    double[] a1 = ws.alpha1;
    double[] scale = ws.scale;
    double logLikelihood = 0.0;
    for (int s = 0; s < data.sequenceCount(); s++) {
      double p0 = 1.0 - prior;
      double p1 = prior;
      for (int t = starts[s]; t < starts[s + 1]; t++) {
        if (t > starts[s]) {
          double prev0 = a0[t - 1];
          double prev1 = a1[t - 1];
          p0 = prev0 * (1.0 - learn) + prev1 * forget;
          p1 = prev0 * learn + prev1 * (1.0 - forget);
        }
        boolean correct = obs[t] == 1;
        double x0 = p0 * (correct ? guess : 1.0 - guess);
        double x1 = p1 * (correct ? 1.0 - slip : slip);
        double c = x0 + x1;
        scale[t] = c;
        a0[t] = x0 / c;
        a1[t] = x1 / c;
        logLikelihood += Math.log(c);
      }
    }
    return logLikelihood;
  }

  /** One EM iteration from theta into next; returns the log-likelihood of theta. */
  private double eStepAndMStep(ResponseTable.SkillSequences data, double[] theta, double[] next, Workspace ws) {
    double logLikelihood = forward(data, theta, ws);
    double learn = theta[1];
    double guess = theta[2];
    double slip = theta[3];
    double forget = theta[4];
    int[] starts = data.starts();
    byte[] obs = data.correct();
    double[] a0 = ws.alpha0;
    double[] a1 = ws.alpha1;
    double[] scale = ws.scale;

    double priorNum = 0;
    double learnNum = 0;
    double learnDen = 0;
    double forgetNum = 0;
    double forgetDen = 0;
    double guessNum = 0;
    double guessDen = 0;
    double slipNum = 0;
    double slipDen = 0;
    for (int s = 0; s < data.sequenceCount(); s++) {
      int first = starts[s];
      int last = starts[s + 1] - 1;
      double b0 = 1.0;
      double b1 = 1.0;
      for (int t = last; t >= first; t--) {
        double g0 = a0[t] * b0;
        double g1 = a1[t] * b1;
        double norm = g0 + g1; // 1 up to rounding
        g0 /= norm;
        g1 /= norm;
        if (obs[t] == 1) {
          guessNum += g0;
        } else {
          slipNum += g1;
        }
        guessDen += g0;
        slipDen += g1;
        if (t == first) {
          priorNum += g1;
        }
        if (t > first) {
          // Transitions t-1 -> t: xi(i, j) = alpha_{t-1}(i) A_ij e_j(o_t) beta_t(j) / c_t.
          boolean correct = obs[t] == 1;
          double e0 = correct ? guess : 1.0 - guess;
          double e1 = correct ? 1.0 - slip : slip;
          double c = scale[t];
          double w0 = e0 * b0 / c;
          double w1 = e1 * b1 / c;
          double prev0 = a0[t - 1];
          double prev1 = a1[t - 1];
          double xi00 = prev0 * (1.0 - learn) * w0;
          double xi01 = prev0 * learn * w1;
          double xi10 = prev1 * forget * w0;
          double xi11 = prev1 * (1.0 - forget) * w1;
          double xiNorm = xi00 + xi01 + xi10 + xi11;
          learnNum += xi01 / xiNorm;
          learnDen += (xi00 + xi01) / xiNorm;
          forgetNum += xi10 / xiNorm;
          forgetDen += (xi10 + xi11) / xiNorm;
          // beta_{t-1}(i) = sum_j A_ij e_j(o_t) beta_t(j) / c_t
          double nb0 = (1.0 - learn) * w0 + learn * w1;
          double nb1 = forget * w0 + (1.0 - forget) * w1;
          b0 = nb0;
          b1 = nb1;
        }
      }
    }
    double max = options.maxGuessSlip();
    next[0] = clamp(priorNum / data.sequenceCount(), EPS, 1.0 - EPS);
    next[1] = learnDen > 0 ? clamp(learnNum / learnDen, EPS, 1.0 - EPS) : theta[1];
    next[2] = guessDen > 0 ? clamp(guessNum / guessDen, EPS, max) : theta[2];
    next[3] = slipDen > 0 ? clamp(slipNum / slipDen, EPS, max) : theta[3];
    next[4] = options.fitForgetting() && forgetDen > 0 ? clamp(forgetNum / forgetDen, 0.0, 1.0 - EPS) : theta[4];
    return logLikelihood;
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }

  /** Per-skill scratch arrays, reused across EM starts. */
  private static final class Workspace {
    final double[] alpha0;
    final double[] alpha1;
    final double[] scale;

    Workspace(int responses) {
      alpha0 = new double[responses];
      alpha1 = new double[responses];
      scale = new double[responses];
    }
  }
}
