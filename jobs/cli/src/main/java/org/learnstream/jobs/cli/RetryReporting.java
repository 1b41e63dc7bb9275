package org.learnstream.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.learnstream.jobs.ingest.send.BatchTarget;

/**
 * Says each time the target is unavailable and the batch will be tried again, and when it answers again, so a
 * user watching {@code send} sees retries as they happen instead of a bar standing still for minutes.
 */
final class RetryReporting implements BatchTarget {

  private final BatchTarget target;
  private final Duration retryFor;
  private final Consumer<String> report;
  private int failedAttempts;

  RetryReporting(BatchTarget target, Duration retryFor, Consumer<String> report) {
    this.target = target;
    this.retryFor = retryFor;
    this.report = report;
  }

  @Override
  public Outcome send(List<JsonNode> batch) {
    Outcome outcome = target.send(batch);
    if (outcome instanceof Outcome.Unavailable unavailable) {
      failedAttempts++;
      report.accept("attempt " + failedAttempts + " failed: " + unavailable.reason() + "; retrying (for up to "
          + retryFor.toSeconds() + " s in all, --retry-for)");
    } else if (failedAttempts > 0) {
      report.accept("the target answers again after " + failedAttempts + " failed attempts");
      failedAttempts = 0;
    }
    return outcome;
  }

  @Override
  public void close() {
    target.close();
  }
}
