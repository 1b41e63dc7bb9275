package org.learnstream.jobs.bench;

import com.clickhouse.client.api.Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.jobs.state.MasteryHistoryStateCodec;
import org.learnstream.pipeline.clickhouse.ClickHouseQueries;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.pipeline.mastery.PlaceDictionary;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;

/**
 * Flink state per learner x skill at steady state, i.e. once it has answered at least
 * {@code mastery.void-window} times and its buffered responses are applied: the serialized key
 * (tenant|learner|skill) plus the serialized "mastery" value (estimate, checkpoint and the full voiding history),
 * with the serializers the job uses. Key, course and section lengths are the averages of the keys the run produced;
 * statement ids are random UUIDs, answers one minute apart. This is what a checkpoint or RocksDB stores per key; the
 * heap backend's in-memory objects are larger. Course and section texts are not in it: each mastery operator keeps
 * them once per distinct pair ({@link PlaceDictionary}), and the run's count of pairs is reported beside it.
 */
public final class StateSize {

  private StateSize() {
  }

  static Map<String, Object> measure(Client client, String database, int voidWindow) {
    String[] averages = ClickHouseQueries.text(client, "SELECT avg(length(tenant) + length(learner) + length(skill)"
        + " + 2), avg(length(ifNull(course, ''))), avg(length(ifNull(section, ''))) FROM " + database
        + ".mastery_current FORMAT TabSeparated").strip().split("\t");
    String places = ClickHouseQueries.text(client, "SELECT uniqExact(ifNull(course, ''), ifNull(section, '')) FROM "
        + database + ".mastery_current FORMAT TabSeparated").strip();
    int keyChars = (int) Math.round(Double.parseDouble(averages[0]));
    String course = "c".repeat((int) Math.round(Double.parseDouble(averages[1])));
    String section = "s".repeat((int) Math.round(Double.parseDouble(averages[2])));
    int keyBytes = serializedSize(Types.STRING.createSerializer(new SerializerConfigImpl()), "x".repeat(keyChars));
    int valueBytes = steadyStateValueBytes(course, section, voidWindow);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("state_void_window", voidWindow);
    result.put("state_bytes_per_key", keyBytes + valueBytes);
    result.put("state_key_bytes", keyBytes);
    result.put("state_value_bytes", valueBytes);
    result.put("state_course_section_chars", course.length() + section.length());
    result.put("state_shared_places", Long.parseLong(places));
    result.put("mastery_state_type_info",
        CodecSerializer.class.getSimpleName() + "(" + MasteryHistoryStateCodec.class.getSimpleName() + ")");
    return result;
  }

  /** The serialized "mastery" value of a learner x skill after 40 answers, all in one course and section. */
  public static int steadyStateValueBytes(String course, String section) {
    return steadyStateValueBytes(course, section, MasteryHistory.DEFAULT_CAPACITY);
  }

  /** As {@link #steadyStateValueBytes(String, String)} for a history keeping {@code window} responses. */
  public static int steadyStateValueBytes(String course, String section, int window) {
    MasteryTracker tracker = new MasteryTracker(MasteryConfig.defaults());
    MasteryHistory history = new MasteryHistory(window);
    List<LearningEvent> responses = new ArrayList<>();
    long start = 1_772_614_806_738L;
    for (int i = 0; i < window + 8; i++) {
      Instant at = Instant.ofEpochMilli(start + i * 60_000L + (i * 7919L) % 1000);
      LearningEvent response = LearningEvent.newBuilder().setStatementId(UUID.randomUUID().toString())
          .setTenant("t").setLearner("l").setKind(EventKind.RESPONSE).setVerb("http://adlnet.gov/expapi/verbs/answered")
          .setObjectId("a").setObjectType("Activity").setSkills(List.of("s")).setSuccess(i % 3 != 0)
          .setCourse(course).setSection(section).setTimestamp(at).setStored(at).build();
      responses.add(response);
      tracker.apply(history.current, response, "s", BktParameters.DEFAULTS);
      history.revision++;
      if (history.add(new MasteryHistory.Entry(at.toEpochMilli(), response.getStatementId(), i % 3 != 0, course,
          section)) != null) {
        tracker.apply(history.checkpoint, responses.get(i - window), "s",
            BktParameters.DEFAULTS);
      }
    }
    history.share(new PlaceDictionary());
    return serializedSize(new CodecSerializer<>(new MasteryHistoryStateCodec()), history);
  }

  static <T> int serializedSize(TypeSerializer<T> serializer, T value) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      serializer.serialize(value, out);
      return out.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
