package org.learnstream.jobs.ingest.documents;

import org.apache.flink.configuration.ReadableConfig;
import org.learnstream.jobs.settings.DocumentOptions;
/**
 * Explicit limits of the document resources; what is over one gets a 4xx naming the limit.
 *
 * @param maxDocumentBytes largest document body
 */
public record DocumentLimits(int maxDocumentBytes) {

  /** The largest document the settings may allow: documents are small, kept whole in memory and in one row. */
  public static final int MAX_DOCUMENT_BYTES = DocumentOptions.MAX_BYTES_CEILING;
  /** Longest activity IRI, document id (stateId, profileId) or agent identifier, in characters. */
  public static final int MAX_ID_CHARS = 2048;

  public DocumentLimits {
    if (maxDocumentBytes < 1024 || maxDocumentBytes > MAX_DOCUMENT_BYTES) {
      throw new IllegalArgumentException("documents.max-bytes must be between 1024 and " + MAX_DOCUMENT_BYTES
          + ", was " + maxDocumentBytes);
    }
  }

  public static DocumentLimits defaults() {
    return new DocumentLimits(DocumentOptions.MAX_BYTES.defaultValue());
  }

  public static DocumentLimits from(ReadableConfig config) {
    return new DocumentLimits(config.get(DocumentOptions.MAX_BYTES));
  }
}
