package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import picocli.CommandLine;

class FitAndEvaluateCommandTest {

  @TempDir
  Path dir;

  private Path responses;

  @BeforeEach
  void writeSimulatedResponses() throws IOException {
    // Two skills, 150 learners, 12 attempts each, by the BKT generative model.
    Random random = new Random(5);
    StringBuilder csv = new StringBuilder("order_id,user_id,skill_name,correct\n");
    int order = 0;
    String[] skills = {"Fractions", "Decimals"};
    double[][] truth = {{0.3, 0.2, 0.2, 0.1}, {0.5, 0.1, 0.25, 0.05}};
    for (int s = 0; s < skills.length; s++) {
      for (int u = 0; u < 150; u++) {
        boolean known = random.nextDouble() < truth[s][0];
        for (int a = 0; a < 12; a++) {
          boolean correct = known ? random.nextDouble() >= truth[s][3] : random.nextDouble() < truth[s][2];
          csv.append(++order).append(",u").append(u).append(',').append(skills[s]).append(',')
              .append(correct ? 1 : 0).append('\n');
          known = known || random.nextDouble() < truth[s][1];
        }
      }
    }
    responses = Files.writeString(dir.resolve("responses.csv"), csv);
  }

  @Test
  void fitWritesParametersForEverySkillAndEvaluateEndsWithTheOverallFigures() throws IOException {
    Path params = dir.resolve("params.json");
    Run fit = run(new FitCommand(), "--responses", responses.toString(), "--restarts", "3", "--out",
        params.toString());

    assertThat(fit.exitCode).as(fit.err).isZero();
    assertThat(fit.out).contains("format assistments-raw (detected from the header): columns user_id, skill_name, "
        + "correct, order_id")
        .contains("read 3600 responses, 2 skills").contains("fitted 2/2 skills")
        .contains("wrote " + params);
    SkillParameterSet set = SkillParameterSet.read(params);
    assertThat(set.skills()).containsOnlyKeys("Fractions", "Decimals");
    assertThat(set.id()).isEqualTo("responses");

    Run evaluate = run(new EvaluateCommand(), "--params", params.toString(), "--responses", responses.toString());
    assertThat(evaluate.exitCode).as(evaluate.err).isZero();
    List<String> lines = evaluate.out.lines().toList();
    assertThat(lines.get(0)).startsWith("skill");
    assertThat(lines).anyMatch(l -> l.startsWith("Fractions") && l.endsWith("fitted"));
    Map<String, String> summary = summary(evaluate.out);
    assertThat(summary).containsEntry("model", "bkt/responses").containsEntry("responses", "3600")
        .containsKeys("rmse", "log_loss", "ece", "accuracy");
    assertThat(Double.parseDouble(summary.get("auc"))).isBetween(0.6, 1.0);
    assertThat(Double.parseDouble(summary.get("ece"))).isBetween(0.0, 0.1);
    assertThat(evaluate.out).contains("reliability of bkt/responses (expected calibration error ");
  }

  @Test
  void fitWithTheBestLrModelShowsItsStepsAndWritesAVersionedModelFile() throws IOException {
    Path model = dir.resolve("best-lr.json");
    Run fit = run(new FitCommand(), "--model", "best-lr", "--responses", responses.toString(), "--out",
        model.toString());

    assertThat(fit.exitCode).as(fit.err).isZero();
    assertThat(fit.out).contains("read 3600 responses of 150 learners, 2 skills, 0 items")
        .contains("encoding 3600 responses into 8 columns (2 skills, 0 items)")
        .contains("solver: ")
        .contains(
            "state in the job 8 bytes per learner besides its key, none per learner x skill")
        .contains("wrote " + model + " (model version best-lr/responses)");
    BestLrModel read = BestLrModelFile.read(model);
    assertThat(read.version()).isEqualTo("best-lr/responses");
    assertThat(read.layout().skills()).containsExactly("Fractions", "Decimals");
  }

  @Test
  void fitRefusesAnUnknownModelAndANonPositiveRegularisationNamingTheOption() {
    Run unknown = run(new FitCommand(), "--model", "dkt", "--responses", responses.toString(), "--out",
        dir.resolve("m.json").toString());
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.err).contains("--model must be bkt or best-lr, got 'dkt'");

    Run zero = run(new FitCommand(), "--model", "best-lr", "--regularisation", "0", "--responses",
        responses.toString(), "--out", dir.resolve("m.json").toString());
    assertThat(zero.exitCode).isEqualTo(2);
    assertThat(zero.err).contains("--regularisation: the regularisation C must be a positive number, got 0.0");
    assertThat(dir.resolve("m.json")).doesNotExist();
  }

  @Test
  void aBestLrModelIsNotPublishedBecauseThePipelineDoesNotApplyItYet() {
    Path model = dir.resolve("best-lr.json");
    Run fit = run(new FitCommand(), "--model", "best-lr", "--kafka", "127.0.0.1:9", "--responses",
        responses.toString(), "--out", model.toString());

    assertThat(fit.exitCode).isEqualTo(2);
    assertThat(fit.err).contains("--kafka publishes BKT parameter sets");
    assertThat(model).doesNotExist();
  }

  @Test
  void evaluateScoresBktAndBestLrSideBySideWithAReliabilityTableForEach() throws IOException {
    Path params = dir.resolve("params.json");
    Path model = dir.resolve("best-lr.json");
    assertThat(run(new FitCommand(), "--responses", responses.toString(), "--restarts", "2", "--out",
        params.toString()).exitCode).isZero();
    assertThat(run(new FitCommand(), "--model", "best-lr", "--responses", responses.toString(), "--out",
        model.toString()).exitCode).isZero();

    Run evaluate = run(new EvaluateCommand(), "--params", params.toString(), "--best-lr", model.toString(),
        "--responses", responses.toString());

    assertThat(evaluate.exitCode).as(evaluate.err).isZero();
    Map<String, String> summary = summary(evaluate.out);
    assertThat(summary).containsEntry("model", "bkt/responses").containsEntry("best_lr.model", "best-lr/responses")
        .containsEntry("best_lr.responses", "3600");
    assertThat(Double.parseDouble(summary.get("best_lr.auc"))).isBetween(0.6, 1.0);
    assertThat(Double.parseDouble(summary.get("best_lr.log_loss"))).isBetween(0.0, Math.log(2));
    assertThat(evaluate.out).contains("reliability of bkt/responses").contains("reliability of best-lr/responses")
        .contains("  0.9-1.0   ");
  }

  @Test
  void evaluateRefusesABktParameterFileGivenAsTheBestLrModel() throws IOException {
    Path params = dir.resolve("params.json");
    assertThat(run(new FitCommand(), "--responses", responses.toString(), "--restarts", "1", "--out",
        params.toString()).exitCode).isZero();

    Run evaluate = run(new EvaluateCommand(), "--params", params.toString(), "--best-lr", params.toString(),
        "--responses", responses.toString());

    assertThat(evaluate.exitCode).isEqualTo(2);
    assertThat(evaluate.err).contains("--best-lr").contains("is not a Best-LR model")
        .contains("fit --model best-lr");
  }

  @Test
  void fitReadsTheReadmeExampleFileWithoutNamingItsFormat() throws IOException {
    Path example = Files.writeString(dir.resolve("responses.csv"), readmeExampleResponses());
    Path params = dir.resolve("example.json");

    Run fit = run(new FitCommand(), "--responses", example.toString(), "--restarts", "2", "--out", params.toString());

    assertThat(fit.exitCode).as(fit.err).isZero();
    assertThat(fit.out).contains("format lpp-tsv (detected from the header): columns user_id, skill_id, correct, "
        + "timestamp");
    assertThat(SkillParameterSet.read(params).skills()).containsOnlyKeys("fractions", "decimals");
  }

  @Test
  void aHeaderThatMatchesNoPresetIsRefusedNamingItsColumnsAndWhatEachPresetLacks() throws IOException {
    Path renamed = Files.writeString(dir.resolve("renamed.csv"),
        Files.readString(responses).replaceFirst("order_id,user_id,skill_name,correct", "seq,student,kc,ok"));

    Run fit = run(new FitCommand(), "--responses", renamed.toString(), "--out", dir.resolve("p.json").toString());

    assertThat(fit.exitCode).isEqualTo(2);
    assertThat(fit.err).contains("matches no column preset: its columns are seq, student, kc, ok")
        .contains("assistments-raw needs user_id, skill_name, correct, order_id")
        .contains("lpp-tsv needs user_id, skill_id, correct, timestamp")
        .contains("--format custom");
    assertThat(dir.resolve("p.json")).doesNotExist();
  }

  @Test
  void detectionTriesThePresetsWithTheOverridingColumns() throws IOException {
    Path renamed = Files.writeString(dir.resolve("student.csv"),
        Files.readString(responses).replaceFirst("user_id", "student"));

    Run fit = run(new FitCommand(), "--responses", renamed.toString(), "--user-col", "student",
        "--restarts", "1", "--out", dir.resolve("p.json").toString());

    assertThat(fit.exitCode).as(fit.err).isZero();
    assertThat(fit.out).contains("format assistments-raw (detected from the header): columns student, "
        + "skill_name, correct, order_id");
  }

  @Test
  void customColumnsAreReadByName() throws IOException {
    Path renamed = Files.writeString(dir.resolve("renamed.tsv"),
        Files.readString(responses).replaceFirst("order_id,user_id,skill_name,correct", "seq,student,kc,ok")
            .replace(',', '\t'));
    Path params = dir.resolve("custom.json");
    Run fit = run(new FitCommand(), "--responses", renamed.toString(), "--format", "custom", "--user-col",
        "student", "--skill-col", "kc", "--correct-col", "ok", "--order-col", "seq", "--forgetting",
        "--restarts", "2", "--id", "custom-v1", "--out", params.toString());
    assertThat(fit.exitCode).as(fit.err).isZero();
    assertThat(SkillParameterSet.read(params).modelVersion()).isEqualTo("bkt/custom-v1");
  }

  @Test
  void aMissingResponseFileIsBadInputNamingTheFile() {
    Run fit = run(new FitCommand(), "--responses", dir.resolve("nope.csv").toString(), "--out",
        dir.resolve("p.json").toString());
    assertThat(fit.exitCode).isEqualTo(2);
    assertThat(fit.err).contains("nope.csv").contains("does not exist");
  }

  @Test
  void aMissingColumnIsBadInputNamingTheColumnAndOption() {
    Run fit = run(new FitCommand(), "--responses", responses.toString(), "--format", "lpp-tsv", "--out",
        dir.resolve("p.json").toString());
    assertThat(fit.exitCode).isEqualTo(2);
    assertThat(fit.err).contains("'skill_id'").contains("--skill-col");
  }

  @Test
  void customFormatWithoutColumnsIsBadUsage() {
    Run fit = run(new FitCommand(), "--responses", responses.toString(), "--format", "custom", "--out",
        dir.resolve("p.json").toString());
    assertThat(fit.exitCode).isEqualTo(2);
    assertThat(fit.err).contains("--format custom needs --user-col");
  }

  @Test
  void anUnknownFormatAndAMissingRequiredOptionAreBadUsage() {
    Run unknown = run(new FitCommand(), "--responses", responses.toString(), "--format", "xml", "--out",
        dir.resolve("p.json").toString());
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.err).contains("unknown response format 'xml'");

    Run noOut = run(new FitCommand(), "--responses", responses.toString());
    assertThat(noOut.exitCode).isEqualTo(2);
    assertThat(noOut.err).contains("--out");
  }

  @Test
  void evaluateRejectsAMissingParameterFile() {
    Run evaluate = run(new EvaluateCommand(), "--params", dir.resolve("absent.json").toString(), "--responses",
        responses.toString());
    assertThat(evaluate.exitCode).isEqualTo(2);
    assertThat(evaluate.err).contains("--params").contains("absent.json");
  }

  /** The example response file of the README's section on fitting, the lines of its fenced block. */
  private static String readmeExampleResponses() throws IOException {
    Path readme = Files.isRegularFile(Path.of("../../README.md")) ? Path.of("../../README.md") : Path.of("README.md");
    List<String> lines = Files.readAllLines(readme);
    int start = lines.indexOf("user_id,item_id,timestamp,correct,skill_id");
    assertThat(start).as("the README's example response file").isPositive();
    int end = lines.subList(start, lines.size()).indexOf("```") + start;
    return String.join("\n", lines.subList(start, end)) + "\n";
  }

  private record Run(int exitCode, String out, String err) {
  }

  /** The key=value lines of evaluate's output. */
  private static Map<String, String> summary(String out) {
    Map<String, String> values = new LinkedHashMap<>();
    out.lines().filter(line -> line.matches("[a-z_.]+=.*"))
        .forEach(line -> values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    return values;
  }

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    System.out.println("$ " + cli.getCommandName() + " " + String.join(" ", Arrays.asList(args)) + "\n" + out
        + err);
    return new Run(code, out.toString(), err.toString());
  }
}
