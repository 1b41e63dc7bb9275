package org.learnstream.pipeline.mastery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The ASSISTments 2009 raw export (30 columns, quoted answer texts) read through the assistments-raw preset. */
class AssistmentsRawExportCorpusTest {

  @Test
  void readsBothSkillsOfThePyBktExampleFileAndFitsThem() throws IOException {
    Path file = KtCorpus.file("pyBKT-examples/data/as.csv");
    ResponseTable table = ResponseCsvReader.read(file, ColumnMapping.ASSISTMENTS_RAW);

    // SOURCE.md: 10,791 rows; Box and Whisker 3,957 rows of 505 students, Table 6,834 rows of 713 students
    assertThat(table.responseCount()).isEqualTo(10_791);
    assertThat(table.skill("Box and Whisker").orElseThrow().responseCount()).isEqualTo(3_957);
    assertThat(table.skill("Box and Whisker").orElseThrow().sequenceCount()).isEqualTo(505);
    assertThat(table.skill("Table").orElseThrow().responseCount()).isEqualTo(6_834);
    assertThat(table.skill("Table").orElseThrow().sequenceCount()).isEqualTo(713);

    EmFitter.FitResult fit = new EmFitter(EmFitter.Options.defaults()).fitAll(table, "as", f -> {
    });
    PredictionEvaluator.Evaluation evaluation = PredictionEvaluator.evaluate(table, fit.parameters());
    fit.fits().forEach(f -> System.out.printf("as.csv %s: %s -> training %s%n", f.skill(), f.parameters(),
        evaluation.perSkill().get(f.skill())));
    assertThat(evaluation.overall().auc()).isGreaterThan(0.6);
  }
}
