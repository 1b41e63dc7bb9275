package org.learnstream.jobs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnstream.pipeline.mastery.Metrics;
import org.learnstream.pipeline.mastery.PredictionEvaluator;
import org.learnstream.pipeline.mastery.ResponseCsvReader;
import org.learnstream.pipeline.mastery.ResponseTable;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores next-attempt predictions of a parameter set on a response file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Predict each response from the ones before it (BKT forward pass) and report AUC, RMSE and"
        + " accuracy per skill and overall.")
public final class EvaluateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  ResponseInputOptions input = new ResponseInputOptions();

  @Option(names = "--params", required = true, paramLabel = "PARAMS.json",
      description = "Parameter set written by fit; skills it lacks use its defaults.")
  Path params;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SkillParameterSet parameters;
    ResponseTable table;
    try {
      parameters = SkillParameterSet.read(params);
    } catch (IOException e) {
      err.println("evaluate: --params: " + CliMessages.describe(e));
      return FitCommand.BAD_INPUT;
    }
    try {
      ResponseInputOptions.ResponseFormat format = input.format();
      // On stderr: stdout is the table of figures that scripts read.
      err.println(format.describe());
      table = ResponseCsvReader.read(input.responses, format.mapping());
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
    Metrics overall = evaluation.overall();
    out.printf(Locale.ROOT, "model=%s%n", parameters.modelVersion());
    out.printf(Locale.ROOT, "responses=%d%n", overall.count());
    out.printf(Locale.ROOT, "auc=%.6f%n", overall.auc());
    out.printf(Locale.ROOT, "rmse=%.6f%n", overall.rmse());
    out.printf(Locale.ROOT, "accuracy=%.6f%n", overall.accuracy());
    out.flush();
    return FitCommand.OK;
  }
}
