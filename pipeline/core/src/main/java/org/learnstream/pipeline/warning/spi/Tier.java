package org.learnstream.pipeline.warning.spi;

import java.util.Locale;

/**
 * How far an alert has gone: every alert is raised as {@link #CAUTION}, and its rule escalates it to {@link #ACT}
 * once the condition has persisted as long as the rule's settings ask. A specialist reads the {@code act} alerts; the
 * caution ones show a condition that may still pass on its own.
 */
public enum Tier {
  CAUTION, ACT;

  /** The stored value: {@code caution} or {@code act}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Tier of(String id) {
    return valueOf(id.trim().toUpperCase(Locale.ROOT));
  }
}
