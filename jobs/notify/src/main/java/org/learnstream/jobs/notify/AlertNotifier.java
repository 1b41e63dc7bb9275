package org.learnstream.jobs.notify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.Subscription;

/**
 * Matches alerts to subscriptions and delivers each alert change to each matching subscription once: the raising,
 * and later the resolution (status resolved, with resolved_at), so a specialist learns when a condition cleared. Subscriptions come from the compacted topic, applied in order with {@link #apply}.
 */
public final class AlertNotifier {

  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final WebhookDelivery delivery;

  public AlertNotifier(WebhookDelivery delivery) {
    this.delivery = delivery;
  }

  /** A subscription record (or a deletion: deleted = true, or null for a tombstone of {@code id}). */
  public void apply(String id, Subscription s) {
    if (s == null || s.getDeleted()) {
      subscriptions.remove(id);
    } else {
      subscriptions.put(id, s);
    }
  }

  public Collection<Subscription> subscriptions() {
    return List.copyOf(subscriptions.values());
  }

  /** Delivers the alert to every matching subscription; returns the final statuses of the deliveries made now. */
  public List<DeliveryLog.Status> handle(Alert alert) {
    List<DeliveryLog.Status> done = new ArrayList<>();
    for (Subscription s : subscriptions.values()) {
      // A digest subscription gets its learners' open act alerts once per period instead (DigestDelivery).
      if (DigestDelivery.period(s) == null && SubscriptionMatcher.matches(s, alert)) {
        DeliveryLog.Status status = delivery.deliver(alert, s);
        if (status != null) {
          done.add(status);
        }
      }
    }
    return done;
  }
}
