/**
 * The xAPI document resources (State, Activity Profile, Agent Profile) and the Agents and Activities resources.
 *
 * <p>Decisions that hold here:
 * <ul>
 *   <li>Documents are small and transactional, unlike the analytics: they live in a JDBC database, embedded H2 by
 *       default and PostgreSQL by {@code documents.url}, with plain SQL both run and migrations applied at
 *       start-up ({@link org.learnstream.pipeline.records.DocumentSchema}).</li>
 *   <li>Every row carries the tenant of the request's credentials and every query names it.</li>
 *   <li>A write reads the current document under a row lock and decides in the same transaction, so an ETag check
 *       cannot be passed by two writers at once.</li>
 *   <li>The Activities resource knows what statements said: definitions are merged from accepted statements by
 *       {@link org.learnstream.jobs.ingest.documents.ActivityRecordingPublisher} before the statements' answer.</li>
 *   <li>Agent-scoped rows hold the SHA-256 of the agent's canonical identifier ({@code agent_sha256}), not the
 *       identifier: enough to find one learner's documents for export or erasure. The documents' own content is
 *       stored as sent.</li>
 * </ul>
 */
package org.learnstream.jobs.ingest.documents;
