package org.learnstream.jobs.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A delivery log that outlives notifier instances within a test, as alert_deliveries outlives a restart. */
final class InMemoryDeliveryLog implements DeliveryLog {

  final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  @Override
  public boolean finished(String alertId, String subscriptionId) {
    return attempts.stream().anyMatch(a -> a.alertId().equals(alertId) && a.subscriptionId().equals(subscriptionId)
        && a.status() != Status.FAILED);
  }

  @Override
  public void record(Attempt attempt) {
    attempts.add(attempt);
  }

  List<Attempt> of(String alertId, String subscriptionId) {
    return attempts.stream().filter(a -> a.alertId().equals(alertId) && a.subscriptionId().equals(subscriptionId)).toList();
  }
}
