package org.learnstream.pipeline.warning.spi;

import java.io.Serializable;

/** What the settings of every rule have: whether it raises alerts at all, and at which severity. */
public interface RuleSettings extends Serializable {

  /** A disabled rule keeps following its learners (so enabling it again is immediate) but raises nothing. */
  boolean enabled();

  Severity severity();

  /** Refuses a setting that breaks its rule, naming the setting: {@code warning rules: <setting> <what>}. */
  static void require(boolean ok, String setting, String what) {
    if (!ok) {
      throw new IllegalArgumentException("warning rules: " + setting + " " + what);
    }
  }
}
