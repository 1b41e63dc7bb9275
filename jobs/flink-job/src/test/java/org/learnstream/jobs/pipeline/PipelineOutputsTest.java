package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.pipeline.PipelineOutput.Table;
import org.learnstream.jobs.pipeline.PipelineOutput.Topic;
import org.learnstream.pipeline.clickhouse.ProjectionTables;

/** The declared outputs agree with {@link ProjectionTables}, which a test holds to what the migrations create. */
class PipelineOutputsTest {

  @Test
  void everyTableTheOutputsWriteIsOneTheMigrationsCreate() {
    assertThat(PipelineOutputs.tables()).extracting(Table::table)
        .doesNotHaveDuplicates()
        .isSubsetOf(ProjectionTables.everyObject());
  }

  @Test
  void aReplayWritesExactlyTheTablesDeclaredAsWrittenFromTheEventLog() {
    assertThat(PipelineOutputs.rebuiltFromEventLog()).extracting(o -> ((Table<?>) o).table())
        .containsExactlyInAnyOrderElementsOf(ProjectionTables.written());
  }

  @Test
  void noTableFedByAViewIsAlsoWrittenByASink() {
    List<String> viewFed = ProjectionTables.viewFed().stream().map(ProjectionTables.Projection::table).toList();
    assertThat(PipelineOutputs.tables()).extracting(Table::table).doesNotContainAnyElementsOf(viewFed);
  }

  @Test
  void outputsHaveDistinctNamesAndTopicsDistinctTransactions() {
    assertThat(PipelineOutputs.ALL).extracting(PipelineOutput::name).doesNotHaveDuplicates();
    List<Topic<?>> topics = PipelineOutputs.ALL.stream().filter(o -> o instanceof Topic<?>)
        .<Topic<?>>map(o -> (Topic<?>) o).toList();
    assertThat(topics).extracting(Topic::topic).doesNotHaveDuplicates();
    assertThat(topics).extracting(Topic::transactionName).doesNotHaveDuplicates();
  }
}
