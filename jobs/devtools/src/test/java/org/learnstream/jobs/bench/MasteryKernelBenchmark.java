package org.learnstream.jobs.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.learnstream.pipeline.mastery.Bkt;
import org.learnstream.pipeline.mastery.BktParameters;
import org.learnstream.pipeline.mastery.MasteryConfig;
import org.learnstream.pipeline.mastery.MasteryHistory;
import org.learnstream.pipeline.mastery.MasteryState;
import org.learnstream.jobs.state.CodecSerializer;
import org.learnstream.pipeline.mastery.MasteryTracker;
import org.learnstream.schemas.EventKind;
import org.learnstream.schemas.LearningEvent;
import org.learnstream.schemas.MasteryUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Speed of the mastery update kernel and the bytes of Flink state per learner x skill. Run it with
 * {@code jobs/devtools/bench-mastery.sh} (builds the test classes and prints ops/s per benchmark, then the state size).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MasteryKernelBenchmark {

  private static final BktParameters FORGETTING = new BktParameters(0.25, 0.15, 0.2, 0.1, 0.02);
  private static final String EXAMPLE_COURSE = "https://lms.example/courses/maths-7";
  private static final String EXAMPLE_SECTION = "https://lms.example/sections/7b";

  private double pKnown;
  private int step;
  private MasteryTracker tracker;
  private MasteryState state;
  private LearningEvent[] events;

  @Setup
  public void setUp() {
    pKnown = FORGETTING.prior();
    tracker = new MasteryTracker(MasteryConfig.defaults());
    state = new MasteryState();
    events = new LearningEvent[64];
    for (int i = 0; i < events.length; i++) {
      events[i] = response("s" + i, i % 3 != 0, Instant.parse("2026-03-02T09:00:00Z").plusSeconds(i));
    }
  }

  /** Bayes update + learning/forgetting transition on P(L): the arithmetic alone. */
  @Benchmark
  public double bktUpdate() {
    pKnown = Bkt.update(pKnown, (step++ & 3) != 0, FORGETTING);
    return pKnown;
  }

  /** One response applied to a learner x skill state, including the MasteryUpdate record it emits. */
  @Benchmark
  public MasteryUpdate trackerApply() {
    return tracker.apply(state, events[step++ & 63], "fractions", FORGETTING);
  }

  public static void main(String[] args) throws Exception {
    for (RunResult result : new Runner(new OptionsBuilder()
        .include(MasteryKernelBenchmark.class.getSimpleName()).build()).run()) {
      System.out.printf(Locale.ROOT, "%-40s %,14.0f ops/s%n", result.getParams().getBenchmark(),
          result.getPrimaryResult().getScore());
    }
    printStateSize();
  }

  /** Serialises a typical key and its steady-state value with the serializers the job uses. */
  static void printStateSize() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(128);
    String key = "district-7-school-12|" + "0123456789abcdef0123456789abcdef" + "|https://lms.example/skills/fractions";
    StringSerializer.INSTANCE.serialize(key, out);
    int keyBytes = out.length();
    int valueBytes = StateSize.steadyStateValueBytes(EXAMPLE_COURSE, EXAMPLE_SECTION);
    System.out.printf(Locale.ROOT, "state per learner x skill after %d or more answers: %d bytes = %d key (%d chars)"
        + " + %d value (estimate, checkpoint, voiding history; %s)%n", MasteryHistory.DEFAULT_CAPACITY,
        keyBytes + valueBytes, keyBytes, key.length(), valueBytes, CodecSerializer.class.getSimpleName());
    System.out.println("buffered responses (state 'pending') are empty once the watermark has passed them");
  }

  private static LearningEvent response(String id, boolean correct, Instant at) {
    return LearningEvent.newBuilder().setStatementId(id).setTenant("t").setLearner("l").setKind(EventKind.RESPONSE)
        .setVerb("http://adlnet.gov/expapi/verbs/answered").setObjectId("a").setObjectType("Activity")
        .setSkills(List.of("fractions")).setSuccess(correct).setTimestamp(at).setStored(at).build();
  }
}
