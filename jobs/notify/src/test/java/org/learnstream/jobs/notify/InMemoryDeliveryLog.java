package org.learnstream.jobs.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A delivery log that outlives notifier instances within a test, as alert_deliveries outlives a restart. */
final class InMemoryDeliveryLog implements DeliveryLog {

  final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  @Override
  public boolean finished(String alertId, DeliveredChange change, String subscriptionId) {
    return attempts.stream().anyMatch(a -> a.alertId().equals(alertId) && a.change() == change
        && a.subscriptionId().equals(subscriptionId) && a.status() != Status.FAILED);
  }

  @Override
  public void record(Attempt attempt) {
    attempts.add(attempt);
  }

  /** Attempts to deliver the raising of the alert. */
  List<Attempt> of(String alertId, String subscriptionId) {
    return of(alertId, DeliveredChange.RAISED, subscriptionId);
  }

  List<Attempt> of(String alertId, DeliveredChange change, String subscriptionId) {
    return attempts.stream().filter(a -> a.alertId().equals(alertId) && a.change() == change
        && a.subscriptionId().equals(subscriptionId)).toList();
  }
}
