package org.learnstream.jobs.ingest;

/**
 * Explicit request limits: larger bodies or batches get 413 with a message naming the limit.
 *
 * @param maxBodyBytes largest accepted request body
 * @param maxBatchStatements most statements in one POST
 */
public record IngestLimits(int maxBodyBytes, int maxBatchStatements) {

  public static IngestLimits defaults() {
    return new IngestLimits(8 * 1024 * 1024, 1000);
  }

  public IngestLimits {
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("ingest.maxBodyBytes must be at least 1024, was " + maxBodyBytes);
    }
    if (maxBatchStatements < 1) {
      throw new IllegalArgumentException("ingest.maxBatchStatements must be at least 1, was " + maxBatchStatements);
    }
  }
}
