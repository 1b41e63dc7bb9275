package org.learnstream.jobs.notify;

/**
 * Where delivery attempts are recorded (ClickHouse {@code alert_deliveries} in production). The notifier asks it
 * before delivering, so an alert change (its raising, its escalation, its resolution) already delivered or dead-lettered to a
 * subscription is never sent again.
 */
public interface DeliveryLog {

  /** Outcome of one attempt; {@code httpStatus} null when no response came. */
  enum Status {
    DELIVERED, FAILED, DEAD_LETTERED
  }

  record Attempt(String alertId, DeliveredChange change, String subscriptionId, int attempt, Status status,
      Integer httpStatus,
      String error, long atMillis) {
  }

  /** True when (alert, change, subscription) already ended delivered or dead-lettered. */
  boolean finished(String alertId, DeliveredChange change, String subscriptionId);

  void record(Attempt attempt);
}
