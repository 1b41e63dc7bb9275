package org.learnstream.pipeline.warning.spi;

import java.util.Deque;

/** Helpers for the values and statement ids rules keep as the evidence of their alerts. */
public final class Evidence {

  private Evidence() {
  }

  /** Appends {@code id}, dropping the oldest beyond {@code max}. */
  public static void remember(Deque<String> ids, String id, int max) {
    ids.addLast(id);
    while (ids.size() > max) {
      ids.removeFirst();
    }
  }

  /** Three decimals, as evidence shows them. */
  public static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
