package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our forward pass with pyBKT 1.4's fitted parameters reproduces pyBKT's training AUC on the EPFL MLBD lab data
 * (corpus kt/mlbd-2023; its SOURCE.md documents the reference cells).
 */
class PyBktExactnessCorpusTest {

  private static final String SKILL = "Box and Whisker";

  @ParameterizedTest(name = "parameters of cell {0}, AUC of cell {1}")
  @CsvSource({"20, 16", "32, 31"})
  void forwardPassWithPyBktParametersReproducesPyBktTrainingAuc(String paramsCell, String metricCell)
      throws IOException {
    Path data = KtCorpus.file("mlbd-2023/data/as_supersmall.csv");
    BktParameters p = pyBktParameters(paramsCell);
    double expectedAuc = pyBktTrainingAuc(metricCell);

    ResponseTable table = ResponseCsvReader.read(data, ColumnMapping.ASSISTMENTS_RAW).only(List.of(SKILL));
    assertThat(table.responseCount()).as("Box and Whisker rows of as_supersmall.csv").isEqualTo(224);
    PredictionEvaluator.Evaluation evaluation = PredictionEvaluator.evaluate(table,
        new SkillParameterSet("pybkt-cell-" + paramsCell,
            BktParameters.DEFAULTS, java.util.Map.of(SKILL, p)));

    System.out.printf("cell %s parameters %s: AUC %.16f, pyBKT %.16f%n", paramsCell, p,
        evaluation.overall().auc(), expectedAuc);
    assertThat(evaluation.overall().auc()).isCloseTo(expectedAuc, within(1e-9));
  }

  private static BktParameters pyBktParameters(String cell) throws IOException {
    List<List<String>> rows = KtCorpus.csv(KtCorpus.file("mlbd-2023/reference_outputs/pybkt_lab6_fitted_params.csv"));
    List<String> header = rows.get(0);
    int cellCol = header.indexOf("params_cell");
    int skillCol = header.indexOf("skill");
    int paramCol = header.indexOf("param");
    int valueCol = header.indexOf("value");
    double[] values = new double[5];
    List<String> names = List.of("prior", "learns", "guesses", "slips", "forgets");
    int found = 0;
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.get(cellCol).equals(cell) && row.get(skillCol).equals(SKILL)) {
        values[names.indexOf(row.get(paramCol))] = Double.parseDouble(row.get(valueCol));
        found++;
      }
    }
    assertThat(found).as("parameter rows of cell %s", cell).isEqualTo(5);
    return new BktParameters(values[0], values[1], values[2], values[3], values[4]);
  }

  private static double pyBktTrainingAuc(String cell) throws IOException {
    List<List<String>> rows = KtCorpus.csv(KtCorpus.file("mlbd-2023/reference_outputs/pybkt_lab6_metrics.csv"));
    List<String> header = rows.get(0);
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.get(header.indexOf("cell")).equals(cell)
          && row.get(header.indexOf("metric")).equals("training AUC")) {
        return Double.parseDouble(row.get(header.indexOf("value")));
      }
    }
    throw new AssertionError("no training AUC for cell " + cell + " in pybkt_lab6_metrics.csv");
  }
}
