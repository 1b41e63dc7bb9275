package org.learnstream.jobs.notify;

import java.util.Locale;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.AlertStatus;

/**
 * Which change of an alert a delivery carries: its raising (tier caution), its escalation to tier act, or its
 * resolution. Each is delivered once per subscription, so a specialist hears when a caution became act. A digest
 * subscription gets instead one {@link #DIGEST} per learner and period.
 */
public enum DeliveredChange {
  RAISED, RESOLVED, ESCALATED, DIGEST;

  /** Version 2 of a raised alert is its escalation (before tiers, version 2 was only ever a resolution). */
  public static DeliveredChange of(Alert a) {
    if (a.getStatus() == AlertStatus.RESOLVED) {
      return RESOLVED;
    }
    return a.getVersion() == 2 && "act".equals(a.getTier()) ? ESCALATED : RAISED;
  }

  /** The value in {@code alert_deliveries.change}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
