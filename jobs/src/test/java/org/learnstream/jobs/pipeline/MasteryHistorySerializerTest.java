package org.learnstream.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryHistoryCodec;

class MasteryHistorySerializerTest {

  @Test
  void aValueSurvivesSerializationAndCopy() throws Exception {
    MasteryHistory history = new MasteryHistory();
    String id = UUID.randomUUID().toString();
    history.add(new MasteryHistory.Entry(1_000L, id, true, "course", "section"));
    history.current.attempts = 1;
    MasteryHistorySerializer serializer = new MasteryHistorySerializer();

    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(history, out);
    MasteryHistory read = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);

    assertThat(read.get(0)).isEqualTo(history.get(0));
    assertThat(read.current.attempts).isEqualTo(1);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
    assertThat(serializer.copy(history).get(0)).isEqualTo(history.get(0));
  }

  @Test
  void theSnapshotRestoresASerializerForTheFormatItRecorded() throws Exception {
    TypeSerializerSnapshot<MasteryHistory> written = new MasteryHistorySerializer().snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(16);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, written);

    TypeSerializerSnapshot<MasteryHistory> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(read.restoreSerializer()).isEqualTo(new MasteryHistorySerializer());
    assertThat(new MasteryHistorySerializer().snapshotConfiguration().resolveSchemaCompatibility(read)
        .isCompatibleAsIs()).isTrue();
  }

  @Test
  void anOlderFormatMigratesAndANewerOneIsRefused() {
    var current = new MasteryHistorySerializer.Snapshot(MasteryHistoryCodec.CURRENT_FORMAT + 1);
    TypeSerializerSchemaCompatibility<MasteryHistory> fromOlder =
        current.resolveSchemaCompatibility(new MasteryHistorySerializer.Snapshot(MasteryHistoryCodec.CURRENT_FORMAT));
    TypeSerializerSchemaCompatibility<MasteryHistory> fromNewer =
        new MasteryHistorySerializer().snapshotConfiguration().resolveSchemaCompatibility(current);

    assertThat(fromOlder.isCompatibleAfterMigration()).isTrue();
    assertThat(fromNewer.isIncompatible()).isTrue();
  }
}
