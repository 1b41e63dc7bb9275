package org.learnstream.jobs.notify;

import org.learnstream.pipeline.warning.spi.Severity;
import org.learnstream.schemas.Alert;
import org.learnstream.schemas.Subscription;

/** Whether a subscription wants an alert: same tenant (always), then course, section, rule and minimum severity. */
public final class SubscriptionMatcher {

  private SubscriptionMatcher() {
  }

  public static boolean matches(Subscription s, Alert a) {
    if (s.getDeleted() || !s.getTenant().equals(a.getTenant())) {
      return false;
    }
    if (!s.getCourses().isEmpty() && (a.getCourse() == null || !s.getCourses().contains(a.getCourse()))) {
      return false;
    }
    if (!s.getSections().isEmpty() && (a.getSection() == null || !s.getSections().contains(a.getSection()))) {
      return false;
    }
    if (!s.getRules().isEmpty() && !s.getRules().contains(a.getRule())) {
      return false;
    }
    return Severity.of(a.getSeverity()).atLeast(Severity.of(s.getMinSeverity()));
  }
}
