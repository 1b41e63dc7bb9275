package org.learnstream.jobs.ingest.send;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a bulk send achieved.
 *
 * @param read statements read from the file (lines that were not blank)
 * @param accepted statements the target accepted
 * @param rejectedByRule refused statements counted by the first rule each broke
 * @param unsent statements not sent because the target stayed unavailable or refused the credentials
 * @param stopReason why sending stopped early, or null when the whole file was sent
 */
public record SendSummary(long read, long accepted, Map<String, Long> rejectedByRule, long unsent, String stopReason) {

  public long rejected() {
    return rejectedByRule.values().stream().mapToLong(Long::longValue).sum();
  }

  public boolean complete() {
    return stopReason == null;
  }

  public String describe() {
    StringBuilder b = new StringBuilder()
        .append("sent ").append(read - unsent).append(" of ").append(read).append(" statements: ")
        .append(accepted).append(" accepted, ").append(rejected()).append(" rejected");
    if (!rejectedByRule.isEmpty()) {
      b.append("\nrejected by rule:");
      new TreeMap<>(rejectedByRule).forEach((rule, n) -> b.append("\n  ").append(rule).append(": ").append(n));
    }
    if (stopReason != null) {
      b.append("\nstopped early, ").append(unsent).append(" statements unsent: ").append(stopReason);
    }
    return b.toString();
  }
}
