package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * learnstream fit / evaluate on the ASSISTments 2009 train/test split of the shared corpus, and the column preset
 * detected for each response file of the corpus.
 */
class FitAndEvaluateCorpusTest {

  @TempDir
  Path dir;

  @Test
  void fitOnTheTrainSplitAndEvaluateOnTheTestSplitReachAnAucOfSeventyHundredths() {
    Path folder = corpus().resolve("kt/learner-performance-prediction/assistments09");
    Path params = dir.resolve("assistments09.json");

    StringWriter fitOut = new StringWriter();
    int fitCode = execute(new FitCommand(), fitOut, "--responses",
        folder.resolve("preprocessed_data_train.csv").toString(), "--out", params.toString());
    System.out.print(fitOut);
    assertThat(fitCode).isZero();
    assertThat(fitOut.toString()).contains("format lpp-tsv (detected from the header)")
        .contains("fitted 149/149 skills");

    StringWriter evalOut = new StringWriter();
    int evalCode = execute(new EvaluateCommand(), evalOut, "--params", params.toString(), "--responses",
        folder.resolve("preprocessed_data_test.csv").toString());
    List<String> lines = evalOut.toString().lines().toList();
    lines.subList(lines.size() - 5, lines.size()).forEach(System.out::println);
    assertThat(evalCode).isZero();
    String aucLine = lines.get(lines.size() - 3);
    assertThat(aucLine).startsWith("auc=");
    assertThat(Double.parseDouble(aucLine.substring(4))).isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void thePresetOfEveryResponseFileOfTheCorpusIsDetectedFromItsHeader() throws IOException {
    Path kt = corpus().resolve("kt");
    Map<String, String> expected = Map.of(
        "pyBKT-examples/data/as.csv", "assistments-raw",
        "mlbd-2023/data/as_supersmall.csv", "assistments-raw",
        "mlbd-2023/data/as_hw_cmp.csv", "assistments-raw",
        "learner-performance-prediction/assistments09/preprocessed_data_train.csv", "lpp-tsv",
        "learner-performance-prediction/statics/preprocessed_data.csv", "lpp-tsv");
    for (Map.Entry<String, String> file : expected.entrySet()) {
      ResponseInputOptions input = detecting(kt.resolve(file.getKey()));
      assertThat(input.format().name()).as(file.getKey()).isEqualTo(file.getValue() + " (detected from the header)");
    }
  }

  @Test
  void theCognitiveTutorExportMatchesNoPresetAndTheRefusalNamesItsColumns() {
    ResponseInputOptions input = detecting(corpus().resolve("kt/pyBKT-examples/data/ct.csv"));

    assertThatThrownBy(input::format).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matches no column preset: its columns are Row, Anon Student Id, Problem Hierarchy")
        .hasMessageContaining("KC(Default)")
        .hasMessageContaining("assistments-raw needs user_id, skill_name, correct, order_id");
  }

  private static ResponseInputOptions detecting(Path file) {
    ResponseInputOptions input = new ResponseInputOptions();
    input.responses = file;
    input.format = ResponseInputOptions.DETECT;
    return input;
  }

  private static int execute(Object command, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    System.err.print(err);
    return code;
  }

  private static Path corpus() {
    String setting = System.getProperty("learnstream.corpus");
    assumeTrue(setting != null && !setting.isBlank(), "learnstream.corpus is not set: corpus tests skipped");
    Path root = Path.of(setting);
    if (!root.isAbsolute() && !Files.isDirectory(root)) {
      root = Path.of("").toAbsolutePath().getParent().resolve(setting);
    }
    if (!Files.isDirectory(root.resolve("kt/learner-performance-prediction/assistments09"))) {
      fail("learnstream.corpus names " + root.toAbsolutePath()
          + ", which does not hold kt/learner-performance-prediction/assistments09");
    }
    return root;
  }
}
