package org.learnstream.jobs.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand; readable from other threads. */
public final class HandClock extends Clock {

  private volatile Instant now;

  public HandClock(Instant now) {
    this.now = now;
  }

  public void set(Instant to) {
    now = to;
  }

  public void advance(Duration by) {
    now = now.plus(by);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
