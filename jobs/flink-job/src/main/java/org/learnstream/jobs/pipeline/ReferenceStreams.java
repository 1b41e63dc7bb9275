package org.learnstream.jobs.pipeline;

import org.learnstream.jobs.settings.PipelineOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.avro.specific.SpecificRecordBase;
import org.learnstream.jobs.kafka.AvroTypes;
import org.learnstream.pipeline.catalog.ContentCatalogFile;
import org.learnstream.pipeline.mastery.SkillParameterSet;
import org.learnstream.pipeline.mastery.bestlr.BestLrModel;
import org.learnstream.pipeline.mastery.bestlr.BestLrModelFile;
import org.learnstream.schemas.SkillMapping;
import org.learnstream.schemas.SkillParameters;

/**
 * The reference data of the projection stage: the starting parameter set and catalog from the files named in the
 * settings, and the broadcast streams of live updates. A broadcast stream never holds back event time (its
 * watermark is the maximum), so the responses' own watermark alone decides when mastery is applied.
 */
final class ReferenceStreams {

  /** Stands in for "no updates" where a broadcast input is needed but there is no topic: ignored by the operators. */
  static final String NO_UPDATE = "";

  private ReferenceStreams() {
  }

  static SkillParameterSet parameterSet(ReadableConfig options) {
    String file = options.getOptional(PipelineOptions.MASTERY_PARAMETERS_FILE).orElse(null);
    if (file == null || file.isBlank()) {
      return SkillParameterSet.defaultsOnly();
    }
    try {
      return SkillParameterSet.read(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("setting " + PipelineOptions.MASTERY_PARAMETERS_FILE.key() + ": "
          + e.getMessage() + " (write one with 'learnstream fit --out FILE' or unset the setting)", e);
    }
  }

  /** The Best-LR model of {@code mastery.best-lr-file}, or null when unset. */
  static BestLrModel bestLrModel(ReadableConfig options) {
    String file = options.getOptional(PipelineOptions.MASTERY_BEST_LR_FILE).orElse(null);
    if (file == null || file.isBlank()) {
      return null;
    }
    try {
      return BestLrModelFile.read(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("setting " + PipelineOptions.MASTERY_BEST_LR_FILE.key() + ": "
          + e.getMessage() + " (write one with 'learnstream fit --model best-lr --out FILE' or unset the setting)", e);
    }
  }

  static List<SkillMapping> catalog(ReadableConfig options) {
    String file = options.getOptional(PipelineOptions.CATALOG_FILE).orElse(null);
    if (file == null || file.isBlank()) {
      return List.of();
    }
    try {
      return ContentCatalogFile.read(Path.of(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("setting " + PipelineOptions.CATALOG_FILE.key() + ": " + e.getMessage(), e);
    }
  }

  static DataStream<SkillParameters> parameterUpdates(StreamExecutionEnvironment env,
      Source<SkillParameters, ?, ?> source) {
    if (source == null) {
      return env.fromData(AvroTypes.of(SkillParameters.class),
          new SkillParameters(NO_UPDATE, NO_UPDATE, 0.0, 0.0, 0.0, 0.0, 0.0, Instant.EPOCH))
          .uid("skill-parameters-none").name("no parameter updates");
    }
    return fromSource(env, source, SkillParameters.class, "skill-parameters");
  }

  static DataStream<SkillMapping> catalogUpdates(StreamExecutionEnvironment env, Source<SkillMapping, ?, ?> source) {
    if (source == null) {
      return env.fromData(AvroTypes.of(SkillMapping.class), new SkillMapping(NO_UPDATE, NO_UPDATE, List.of()))
          .uid("content-catalog-none").name("no catalog updates");
    }
    return fromSource(env, source, SkillMapping.class, "content-catalog");
  }

  private static <T extends SpecificRecordBase> DataStream<T> fromSource(
      StreamExecutionEnvironment env, Source<T, ?, ?> source, Class<T> type, String name) {
    // A bounded read (demo, batch load) holds event time back until it has read every entry, so each response
    // sees the reference data that was there at start; a live read never holds it back.
    WatermarkStrategy<T> watermarks = source.getBoundedness() == Boundedness.BOUNDED
        ? WatermarkStrategy.noWatermarks()
        : WatermarkStrategy.forGenerator(context -> new NeverHoldsBack<>());
    // One reader for the one partition of a compacted reference topic; broadcast fans it out.
    return env.fromSource(source, watermarks, name, AvroTypes.of(type))
        .setParallelism(1)
        .uid(name + "-source").name(name);
  }

  /** Reference data has no event time of its own: it lets the other input's watermark through unchanged. */
  static final class NeverHoldsBack<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
  }
}
