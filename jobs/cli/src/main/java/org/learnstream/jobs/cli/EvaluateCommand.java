package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnstream.pipeline.mastery.Metrics;
import org.learnstream.pipeline.mastery.PredictionEvaluator;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseLog;
import org.learnstream.pipeline.mastery.ResponseTable;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.mastery.bestlr.BestLrEvaluator;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores next-attempt predictions of BKT, and of a Best-LR model when given, on a response file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Predict each response from the ones before it (BKT forward pass; with --best-lr also Best-LR) "
        + "and report AUC, RMSE and accuracy per skill, then per model a reliability table and AUC, RMSE, "
        + "log-loss, expected calibration error and accuracy overall.")
public final class EvaluateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ResponseInputOptions input = new ResponseInputOptions();

  @Option(names = "--params", required = true, paramLabel = "PARAMS.json",
      description = "Parameter set written by fit; skills it lacks use its defaults.")
  Path params;

  @Option(names = "--best-lr", paramLabel = "MODEL.json",
      description = "Also score this Best-LR model (written by fit --model best-lr), through its streaming code.")
  Path bestLr;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SkillParameterSet parameters;
    ResponseTable table;
    BestLrModel bestLrModel = null;
    try {
      parameters = SkillParameterSet.read(params);
    } catch (IOException e) {
      err.println("evaluate: --params: " + CliMessages.describe(e));
      return FitCommand.BAD_INPUT;
    }
    if (bestLr != null) {
      try {
        bestLrModel = BestLrModelFile.read(bestLr);
      } catch (IOException e) {
        err.println("evaluate: --best-lr: " + CliMessages.describe(e));
        return FitCommand.BAD_INPUT;
      }
    }
    ResponseLog log = null;
    try {
      ResponseInputOptions.ResponseFormat format = input.format();
      // On stderr: stdout is the table of figures that scripts read.
      err.println(format.describe());
      table = ResponseCsvReader.read(input.responses, format.mapping());
      if (bestLrModel != null) {
        log = new ResponseCsvReader(format.mapping()).readLog(input.responses);
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("evaluate: " + CliMessages.describe(e));
      return FitCommand.BAD_INPUT;
    }
    if (table.responseCount() == 0) {
      err.println("evaluate: " + input.responses + " holds no responses with a skill");
      return FitCommand.BAD_INPUT;
    }
    PredictionEvaluator.Evaluation evaluation = PredictionEvaluator.evaluate(table, parameters);

    out.printf(Locale.ROOT, "%-40s %9s %8s %8s %9s  %s%n", "skill", "responses", "auc", "rmse", "accuracy",
        "parameters");
    for (Map.Entry<String, Metrics> e : evaluation.perSkill().entrySet()) {
      Metrics m = e.getValue();
      out.printf(Locale.ROOT, "%-40s %9d %8.4f %8.4f %9.4f  %s%n", e.getKey(), m.count(), m.auc(), m.rmse(),
          m.accuracy(), parameters.isFitted(e.getKey()) ? "fitted" : "defaults");
    }
    List<ModelScores> scores = new ArrayList<>();
    scores.add(ModelScores.of(parameters.modelVersion(), "", evaluation.predictions(), evaluation.truth()));
    if (bestLrModel != null) {
      scores.add(ModelScores.of(bestLrModel.version(), "best_lr.", BestLrEvaluator.predict(log, bestLrModel),
          log.correct()));
    }
    scores.forEach(score -> score.printReliability(out));
    scores.forEach(score -> score.printSummary(out));
    out.flush();
    return FitCommand.OK;
  }
}
