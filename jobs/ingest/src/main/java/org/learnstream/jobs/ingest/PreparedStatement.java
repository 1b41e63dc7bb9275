package org.learnstream.jobs.ingest;

/**
 * A statement ready for Kafka: its id, its record key ({@code tenant|actor IFI}), the JSON as accepted
 * (with id, stored, authority set) and the fingerprint used to tell a repeat from a conflict.
 *
 * @param fingerprint the content fingerprint; null when the server chose the id
 * @param idFromClient whether the client chose the id (only those can be sent again or collide)
 */
public record PreparedStatement(
    String id, String key, byte[] json, StatementFingerprint fingerprint, boolean idFromClient) {
}
