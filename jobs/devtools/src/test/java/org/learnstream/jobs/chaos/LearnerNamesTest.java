package org.learnstream.jobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.LearnerTruth;

/** Rows of two runs compare once each run's pseudonyms are put back to the learners' identifiers. */
class LearnerNamesTest {

  private static final StreamedCohort COHORT = StreamedCohort.suite(ChaosSettings.quick(Path.of("unused")));
  private static final List<LearnerTruth> LEARNERS = new CohortSimulator(COHORT.spec()).truth().learners();

  @TempDir
  Path dataDir;

  @Test
  void aRunWithLearnerRecordsAndOneWithoutGiveTheSameLinesOnceRenamed() throws Exception {
    LearnerTruth ana = LEARNERS.get(0);
    LearnerTruth ben = LEARNERS.get(1);
    String anaByHmac = Pseudonyms.fromEnvironment().learnerId(COHORT.tenant(), LearnerNames.identifierOf(ana));
    String benByHmac = Pseudonyms.fromEnvironment().learnerId(COHORT.tenant(), LearnerNames.identifierOf(ben));
    Configuration withRecords = new Configuration();
    withRecords.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    LearnerRecordAccess access = LearnerRecordAccess.from(withRecords);
    access.migrate();
    LearnerNames byRecords = new LearnerNames(withRecords, COHORT);

    assertThat(byRecords.pseudonymOf(ana)).as("before the job named them").isEmpty();
    LearnerRecord anaRecord;
    LearnerRecord benRecord;
    try (JdbcRecordTransactions database = access.transactions()) {
      LearnerRecordStore records = new LearnerRecordStore(database, Pseudonyms.fromEnvironment());
      anaRecord = records.resolve(COHORT.tenant(), LearnerNames.identifierOf(ana));
      benRecord = records.resolve(COHORT.tenant(), LearnerNames.identifierOf(ben));
    }

    List<String> withoutRecords = new LearnerNames(new Configuration(), COHORT)
        .renamed(List.of(benByHmac + "\tfractions\t0.4", anaByHmac + "\tfractions\t0.9"));
    assertThat(byRecords.pseudonymOf(ana)).contains(anaRecord.pseudonym());
    assertThat(byRecords.renamed(List.of(anaRecord.pseudonym() + "\tfractions\t0.9",
        benRecord.pseudonym() + "\tfractions\t0.4"))).isEqualTo(withoutRecords)
        .containsExactly(LearnerNames.identifierOf(ana) + "\tfractions\t0.9",
            LearnerNames.identifierOf(ben) + "\tfractions\t0.4");
    assertThat(byRecords.renamed(List.of("0123456789abcdef0123456789abcdef\tnobody's")))
        .as("a pseudonym of no learner of the cohort").containsExactly("0123456789abcdef0123456789abcdef\tnobody's");
  }
}
