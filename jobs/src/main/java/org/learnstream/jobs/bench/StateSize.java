package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryState;

/**
 * Flink state per learner x skill once its buffered responses are applied: the serialized key (tenant|learner|skill,
 * average over the keys the run produced), the serialized mastery value and a full voiding history, with the
 * serializers the job uses. This
 * is what a checkpoint stores per key; the heap backend's in-memory objects are larger.
 */
public final class StateSize {

  private StateSize() {}

  static Map<String, Object> measure(Client client, String database) {
    double keyChars = Double.parseDouble(ClickHouseQueries.text(client, "SELECT avg(length(tenant) + length(learner)"
        + " + length(skill) + 2) FROM " + database + ".mastery_current FORMAT TabSeparated").strip());
    TypeInformation<MasteryState> type = TypeInformation.of(MasteryState.class);
    MasteryState state = new MasteryState();
    state.pKnown = 0.73;
    state.attempts = 42;
    state.correctCount = 30;
    state.recentBits = 0x3ff;
    state.firstMasteredAt = 1_772_614_806_738L;
    int valueBytes = serializedSize(type.createSerializer(new SerializerConfigImpl()), state);
    int historyBytes = fullHistoryBytes();
    int keyBytes = serializedSize(Types.STRING.createSerializer(new SerializerConfigImpl()), "x".repeat((int) keyChars));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("state_bytes_per_key", keyBytes + valueBytes + historyBytes);
    result.put("state_key_bytes", keyBytes);
    result.put("state_value_bytes", valueBytes);
    result.put("state_history_bytes", historyBytes);
    result.put("mastery_state_type_info", type.getClass().getSimpleName());
    return result;
  }

  /**
   * The voiding history of a learner x skill that has answered at least {@link MasteryHistory#DEFAULT_CAPACITY}
   * times: statement ids, times, outcomes, course and section of each kept response, as the job serialises it.
   */
  public static int fullHistoryBytes() {
    MasteryHistory history = new MasteryHistory();
    for (int i = 0; i < MasteryHistory.DEFAULT_CAPACITY; i++) {
      history.add(new MasteryHistory.Entry(1_772_614_806_738L + i * 60_000L, UUID.nameUUIDFromBytes(new byte[] {(byte) i})
          .toString(), i % 3 != 0, "https://lms.example/courses/maths-7", "https://lms.example/sections/7b"));
    }
    return serializedSize(TypeInformation.of(MasteryHistory.class).createSerializer(new SerializerConfigImpl()), history);
  }

  private static <T> int serializedSize(TypeSerializer<T> serializer, T value) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(value, out);
      return out.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
