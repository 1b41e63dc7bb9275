package org.learnstream.pipeline.xapi;

/**
 * Size limits that protect the pipeline from oversized statements; they are not xAPI rules, so the defaults are generous.
 *
 * @param maxStringLength    longest accepted string value (characters), for every string in the statement
 * @param maxExtensionsBytes largest accepted {@code extensions} object (approximate JSON size in characters)
 * @param maxBatchSize       most statements accepted in one batch (array) by {@code validateBatch}
 */
public record ValidationLimits(int maxStringLength, int maxExtensionsBytes, int maxBatchSize) {

  public ValidationLimits {
    if (maxStringLength <= 0 || maxExtensionsBytes <= 0 || maxBatchSize <= 0) {
      throw new IllegalArgumentException("validation limits must be positive, got maxStringLength="
          + maxStringLength + ", maxExtensionsBytes=" + maxExtensionsBytes + ", maxBatchSize=" + maxBatchSize);
    }
  }

  /** 64 Ki characters per string, 256 KiB of extensions per object, 10,000 statements per batch. */
  public static ValidationLimits defaults() {
    return new ValidationLimits(65_536, 262_144, 10_000);
  }
}
