/**
 * Learner records and sealing: the ground of crypto-shredding.
 *
 * <p>Decisions that hold here:
 * <ul>
 *   <li>Each tenant x learner has one {@link org.learnstream.pipeline.records.LearnerRecord}: a random record id, a
 *       random pseudonym and a random AES-256 data key. Nothing in it is derived from the learner's identifier, so
 *       once the record is deleted nothing can be recomputed from an e-mail address. Derived rows name the learner
 *       by the record's pseudonym wherever the job has the records.</li>
 *   <li>The record is found by a lookup key, an HMAC of the tenant and the canonical identifier under the
 *       pseudonymisation key, with its own prefix so that it is never equal to the HMAC pseudonym that a job without
 *       records gives the learner: the table holds no identifier in the clear.</li>
 *   <li>An erased record leaves its lookup key and the time of the erasure ({@code erased_learner_lookups}); the
 *       identifier's next record notes that time, and what is dated or stored up to it belongs to the erased learner
 *       ({@link org.learnstream.pipeline.records.LearnerRecord#predatesErasure}).</li>
 *   <li>The first writer wins: a unique key on (tenant, lookup key) decides between two processes that create the
 *       same learner's record at once, and the loser reads the winner's row.</li>
 *   <li>Personal data that must stay in an append-only log is sealed under the record's key
 *       ({@link org.learnstream.pipeline.records.LearnerSeal}, AES-256-GCM); erasing the record leaves those bytes
 *       unreadable.</li>
 *   <li>Every erase raises the erasure epoch in the transaction of its delete, so a writer may cache records
 *       ({@link org.learnstream.pipeline.records.EpochCheckedRecordCache}) and still never use one erased before its
 *       batch began: one primary-key read of the epoch per batch tells it to drop what it holds.</li>
 *   <li>A record notes its last use to within
 *       {@link org.learnstream.pipeline.records.LearnerRecordStore#LAST_USE_PRECISION}: whoever seals under a record
 *       read it within that time, and reading it for a statement renews an older note in the same transaction, so
 *       retention (the documents database's, in the ingest module), which deletes only records whose note is older
 *       than the events' window, never deletes one in use.</li>
 *   <li>The store reaches its database through {@link org.learnstream.pipeline.records.RecordTransactions}, so the
 *       endpoint, the job and the CLI each bring their own connections to the same table.</li>
 * </ul>
 */
package org.learnstream.pipeline.records;
