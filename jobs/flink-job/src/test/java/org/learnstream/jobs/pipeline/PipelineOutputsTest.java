package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.learnstream.jobs.kafka.KeyedAvroRecordSerializer;
import org.learnstream.jobs.pipeline.PipelineOutput.Table;
import org.learnstream.jobs.pipeline.PipelineOutput.Topic;
import org.learnstream.pipeline.clickhouse.ProjectionTables;
import org.learnstream.schemas.DeadLetter;

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

  @Test
  void theJobKeysDeadLettersByOriginAndDatesThemByTheirReceiptNotTheRefusedStatementsTime() throws Exception {
    Instant received = Instant.parse("2024-05-06T07:08:09Z");
    DeadLetter letter = DeadLetter.newBuilder().setId("d").setOrigin("normalise").setRule("r").setReason("why")
        .setPayload(ByteBuffer.wrap(new byte[] {1})).setReceivedAt(received).build();
    long statementTime = received.minusSeconds(90 * 24 * 3600).toEpochMilli();

    // as Flink ships it to the task managers
    KeyedAvroRecordSerializer<DeadLetter> serializer = InstantiationUtil.deserializeObject(
        InstantiationUtil.serializeObject(PipelineOutputs.DEAD_LETTER_LOG.serializer("dead.letters")),
        getClass().getClassLoader());

    ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, statementTime);

    assertThat(record.topic()).isEqualTo("dead.letters");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("normalise");
    assertThat(record.timestamp()).isEqualTo(received.toEpochMilli());
  }
}
