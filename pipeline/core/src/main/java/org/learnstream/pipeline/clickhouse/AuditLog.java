package org.learnstream.pipeline.clickhouse;

import com.clickhouse.client.api.Client;
import org.learnstream.pipeline.xapi.LearnerDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail of administrative actions and reads of identifying data: an append-only ClickHouse table
 * {@code audit_log} (migration V090, a plain MergeTree, so no merge folds a row away) and a log line for each. Rows
 * name who acted, the tenant, the action and its target (a tenant id, a request or receipt id, a learner's
 * {@link LearnerDigest}), never an actor identifier, a name or a learner's pseudonym: the rows outlive a learner's
 * erasure, whose verification scan reads this table too. An action on a learner goes through
 * {@link #recordRoutineOnLearner}, which digests the pseudonym. The log lines leave the target out, and routine reads
 * log at DEBUG.
 */
public final class AuditLog {

  public static final String TABLE = "audit_log";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Client client;
  private final String table;

  public AuditLog(Client client, String database) {
    this.client = client;
    this.table = database + "." + TABLE;
  }

  /** Records one action, e.g. ({@code admin}, {@code school-north}, {@code tenants add}, {@code school-north}). */
  public void record(String who, String tenant, String action, String target) {
    insert(who, tenant, action, target);
    LOG.info("audit: {} by {} on tenant {} (target in {})", action, who, tenant, table);
  }

  /**
   * Records a read that a service makes for each item of its work (the notifier's directory look-up, one per alert it
   * delivers): the table keeps every one; the process log has them at DEBUG, where they do not drown the rest.
   */
  public void recordRoutine(String who, String tenant, String action, String target) {
    insert(who, tenant, action, target);
    LOG.debug("audit: {} by {} on tenant {} (target in {})", action, who, tenant, table);
  }

  /**
   * {@link #recordRoutine} of a read concerning the learner {@code pseudonym} of {@code tenant} (the notifier's look-up
   * of their name): the row's target is the learner's {@link LearnerDigest}, never the pseudonym.
   */
  public void recordRoutineOnLearner(String who, String tenant, String action, String pseudonym) {
    recordRoutine(who, tenant, action, LearnerDigest.of(tenant, pseudonym));
  }

  // the target may be a learner's digest, which whoever holds their pseudonym can match: the row holds it, the process
  // log does not
  private void insert(String who, String tenant, String action, String target) {
    long now = System.currentTimeMillis();
    ClickHouseQueries.execute(client, "INSERT INTO " + table + " (at, at_ms, who, tenant, action, target) VALUES ("
        + now / 1000 + ", " + now + ", " + ClickHouseQueries.quote(who) + ", " + ClickHouseQueries.quote(tenant) + ", "
        + ClickHouseQueries.quote(action) + ", " + ClickHouseQueries.quote(target) + ")");
  }
}
