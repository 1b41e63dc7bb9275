package org.learnstream.jobs.ingest;

/**
 * The content of one attachment, as a {@code multipart/mixed} body carries it.
 *
 * @param sha2 the lower-case hex SHA-2 of {@code content} (the part's {@code X-Experience-API-Hash}), its address
 * @param contentType the part's Content-Type
 */
public record AttachmentPart(String sha2, String contentType, byte[] content) {
}
