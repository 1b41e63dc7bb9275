package org.learnstream.jobs.ingest;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.IngestOptions;
/**
 * Explicit request limits: larger bodies or batches get 413 with a message naming the limit. The settings
 * {@link IngestOptions#MAX_BODY_BYTES} and {@link IngestOptions#MAX_BATCH} hold their defaults and ranges.
 *
 * @param maxBodyBytes largest accepted request body
 * @param maxBatchStatements most statements in one POST
 */
public record IngestLimits(int maxBodyBytes, int maxBatchStatements) {

  public static IngestLimits defaults() {
    return new IngestLimits(IngestOptions.MAX_BODY_BYTES.defaultValue(), IngestOptions.MAX_BATCH.defaultValue());
  }

  public IngestLimits {
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException(IngestOptions.MAX_BODY_BYTES.key() + " must be at least 1024, was "
          + maxBodyBytes);
    }
    if (maxBatchStatements < 1) {
      throw new IllegalArgumentException(IngestOptions.MAX_BATCH.key() + " must be at least 1, was "
          + maxBatchStatements);
    }
  }

  public static IngestLimits from(ReadableConfig config) {
    return new IngestLimits(config.get(IngestOptions.MAX_BODY_BYTES), config.get(IngestOptions.MAX_BATCH));
  }
}
