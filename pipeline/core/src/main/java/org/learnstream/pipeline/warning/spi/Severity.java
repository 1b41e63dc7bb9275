package org.learnstream.pipeline.warning.spi;

import java.util.Locale;

/** Alert severity, ordered from least to most urgent; {@link #id()} is the stored value. */
public enum Severity {
  INFO, WARNING, CRITICAL;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public static Severity of(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unknown severity '" + id + "'; use info, warning or critical");
    }
  }
}
