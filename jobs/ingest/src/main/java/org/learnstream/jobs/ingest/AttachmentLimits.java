package org.learnstream.jobs.ingest;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.IngestOptions;
/**
 * Explicit limits of attachment content in a {@code multipart/mixed} statement write: a larger part or more parts
 * get 413 with a message naming the limit. {@link IngestOptions#MAX_ATTACHMENT_BYTES} and
 * {@link IngestOptions#MAX_ATTACHMENT_PARTS} hold their defaults and ranges.
 *
 * @param maxAttachmentBytes largest content of one attachment part
 * @param maxParts most attachment parts in one request
 */
public record AttachmentLimits(int maxAttachmentBytes, int maxParts) {

  public static AttachmentLimits defaults() {
    return new AttachmentLimits(IngestOptions.MAX_ATTACHMENT_BYTES.defaultValue(),
        IngestOptions.MAX_ATTACHMENT_PARTS.defaultValue());
  }

  public AttachmentLimits {
    if (maxAttachmentBytes < 1) {
      throw new IllegalArgumentException(IngestOptions.MAX_ATTACHMENT_BYTES.key() + " must be at least 1, was "
          + maxAttachmentBytes);
    }
    if (maxParts < 1) {
      throw new IllegalArgumentException(IngestOptions.MAX_ATTACHMENT_PARTS.key() + " must be at least 1, was "
          + maxParts);
    }
  }

  public static AttachmentLimits from(ReadableConfig config) {
    return new AttachmentLimits(config.get(IngestOptions.MAX_ATTACHMENT_BYTES),
        config.get(IngestOptions.MAX_ATTACHMENT_PARTS));
  }
}
