/**
 * The xAPI front door: {@code POST/PUT/GET /xapi/statements}, {@code GET /xapi/about} and {@code /metrics}.
 *
 * <p>Decisions that hold here:
 * <ul>
 *   <li>Request logic is plain Java ({@link org.learnstream.jobs.ingest.StatementsService},
 *       {@link org.learnstream.jobs.ingest.StatementBatchPreparer}); {@link org.learnstream.jobs.ingest.IngestServer}
 *       only wires it to Javalin.</li>
 *   <li>A request is all or nothing: every statement is validated before any is sent. A batch is written in one
 *       Kafka transaction (readers use read_committed); a single statement is one record from an idempotent
 *       producer. The answer (200 with ids, 204 for PUT) comes only after acks=all; no request thread waits
 *       for it: the acknowledgement hands the rest of the request to a request thread, which writes the answer.</li>
 *   <li>Re-sent statements: client-chosen ids are remembered (bounded, per server) with a content fingerprint
 *       that ignores id, stored, authority, version and a timestamp missing on one side; older ids are looked
 *       up in ClickHouse {@code learning_events}. Same content: answered as accepted, not written again.
 *       Different content: 409. Server-chosen ids are fresh UUIDs and skip the index.</li>
 *   <li>The record key is {@code tenant|canonical actor IFI}; the value is the statement as accepted, with
 *       {@code id}, {@code stored}, {@code authority} (from the credential) and, when missing, {@code timestamp}
 *       (= stored) and {@code version}.</li>
 *   <li>Kafka unreachable: 503 with Retry-After; nothing is visible to read_committed readers.</li>
 *   <li>Attachment content ({@code multipart/mixed}) is stored in the document database, addressed by its SHA-2,
 *       before the statements that name it go to Kafka; signature attachments are checked as JWS.</li>
 * </ul>
 */
package org.learnstream.jobs.ingest;
