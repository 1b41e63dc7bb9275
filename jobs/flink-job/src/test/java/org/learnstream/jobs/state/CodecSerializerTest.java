package org.learnstream.jobs.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.warning.LearnerWarnings;
import org.learnstream.pipeline.warning.spi.Observation;
import org.learnstream.pipeline.warning.WarningRules;

class CodecSerializerTest {

  private final CodecSerializer<MasteryHistory> mastery = new CodecSerializer<>(new MasteryHistoryStateCodec());
  private final CodecSerializer<LearnerWarnings> warnings = new CodecSerializer<>(new LearnerWarningsStateCodec());

  @Test
  void aMasteryHistorySurvivesSerializationAndCopy() throws Exception {
    MasteryHistory history = new MasteryHistory();
    history.add(new MasteryHistory.Entry(1_000L, UUID.randomUUID().toString(), true, "course", "section"));
    history.current.attempts = 1;

    byte[] bytes = serialize(mastery, history);
    MasteryHistory read = mastery.deserialize(new DataInputDeserializer(bytes));
    DataOutputSerializer copied = new DataOutputSerializer(64);
    mastery.copy(new DataInputDeserializer(bytes), copied);

    assertThat(read.get(0)).isEqualTo(history.get(0));
    assertThat(read.current.attempts).isEqualTo(1);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
    assertThat(mastery.copy(history).get(0)).isEqualTo(history.get(0));
  }

  @Test
  void earlyWarningStateSurvivesSerializationAndCopy() throws Exception {
    LearnerWarnings learner = new LearnerWarnings("t1", "p-1");
    WarningRules rules = WarningRules.defaults();
    for (int i = 0; i < 14; i++) {
      learner.onObservation(new Observation("s" + i, 1_000_000L + i * 60_000L, "c", "sec", List.of("k"), false,
          1_000L, "a"), rules);
    }

    LearnerWarnings read = warnings.deserialize(new DataInputDeserializer(serialize(warnings, learner)));
    LearnerWarnings copy = warnings.copy(learner);

    assertThat(read.openAlerts()).isEqualTo(learner.openAlerts()).isPositive();
    assertThat(read.lastActivity()).isEqualTo(learner.lastActivity());
    assertThat(copy.openAlerts()).isEqualTo(learner.openAlerts());
    assertThat(serialize(warnings, read)).isEqualTo(serialize(warnings, learner));
  }

  @Test
  void theSnapshotRestoresASerializerForTheCodecAndFormatItRecorded() throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, warnings.snapshotConfiguration());

    TypeSerializerSnapshot<LearnerWarnings> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(read.restoreSerializer()).isEqualTo(warnings);
    assertThat(warnings.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).isTrue();
  }

  @Test
  void anOlderFormatMigratesANewerOneIsRefusedAndSoIsAnotherCodec() {
    MasteryHistoryStateCodec codec = new MasteryHistoryStateCodec();
    var newer = new CodecSerializer.Snapshot<>(codec, codec.currentFormat() + 1);
    TypeSerializerSchemaCompatibility<MasteryHistory> fromOlder = newer
        .resolveSchemaCompatibility(new CodecSerializer.Snapshot<>(codec, codec.currentFormat()));
    TypeSerializerSchemaCompatibility<MasteryHistory> fromNewer = mastery.snapshotConfiguration()
        .resolveSchemaCompatibility(newer);
    @SuppressWarnings({"unchecked", "rawtypes"})
    TypeSerializerSchemaCompatibility<MasteryHistory> fromOtherCodec = mastery.snapshotConfiguration()
        .resolveSchemaCompatibility((TypeSerializerSnapshot) warnings.snapshotConfiguration());

    assertThat(fromOlder.isCompatibleAfterMigration()).isTrue();
    assertThat(fromNewer.isIncompatible()).isTrue();
    assertThat(fromOtherCodec.isIncompatible()).isTrue();
  }

  @Test
  void earlyWarningStateCheckpointedInFormatOneIsMigratedOnRestore() {
    var formatOne = new CodecSerializer.Snapshot<>(new LearnerWarningsStateCodec(), 1);

    assertThat(warnings.snapshotConfiguration().resolveSchemaCompatibility(formatOne).isCompatibleAfterMigration())
        .isTrue();
    assertThat(formatOne.restoreSerializer()).isEqualTo(new CodecSerializer<>(new LearnerWarningsStateCodec(), 1));
  }

  @Test
  void aSerializerRestoredForAnOlderFormatOnlyReads() {
    MasteryHistoryStateCodec codec = new MasteryHistoryStateCodec();
    CodecSerializer<MasteryHistory> older = new CodecSerializer<>(codec, codec.currentFormat() - 1);
    assertThatThrownBy(() -> older.serialize(new MasteryHistory(), new DataOutputSerializer(16)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mastery history format " + (codec.currentFormat() - 1));
  }

  private static <T> byte[] serialize(CodecSerializer<T> serializer, T value) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return out.getCopyOfBuffer();
  }
}
