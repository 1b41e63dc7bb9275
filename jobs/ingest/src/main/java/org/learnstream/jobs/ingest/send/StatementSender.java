package org.learnstream.jobs.ingest.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.learnstream.jobs.ingest.send.BatchTarget.Outcome;
import org.learnstream.pipeline.xapi.Violation;

/**
 * Sends an NDJSON file of statements in batches. A refused batch (all or nothing at the target) is
 * sent again without the statements its violations name, so one bad line costs only itself; a batch
 * over the size limit is split; an unavailable target is retried with exponential backoff.
 */
public final class StatementSender {

  private static final Pattern INDEX = Pattern.compile("^\\$\\[(\\d+)]");

  private final ObjectMapper json = new ObjectMapper();
  private final BatchTarget target;
  private final int batchSize;
  private final RetryPolicy<Outcome> retry;

  private final Map<String, Long> rejected = new HashMap<>();
  private long accepted;
  private String stopReason;

  /** @param retryFor how long one batch may keep failing with "unavailable" before sending stops */
  public StatementSender(BatchTarget target, int batchSize, Duration retryFor) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, was " + batchSize);
    }
    this.target = target;
    this.batchSize = batchSize;
    this.retry = RetryPolicy.<Outcome>builder()
        .handleResultIf(o -> o instanceof Outcome.Unavailable)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .withJitter(0.2)
        .withMaxRetries(-1)
        .withMaxDuration(retryFor)
        .build();
  }

  /** Non-blank lines of the file: what the progress bar counts to. */
  public static long countStatements(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }

  /** Sends the file; {@code progress} is told how many statements each finished batch held. */
  public SendSummary send(Path file, LongConsumer progress) throws IOException {
    long read = 0;
    long unsent = 0;
    List<JsonNode> batch = new ArrayList<>(batchSize);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long lineNumber = 0;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        read++;
        if (stopReason != null) {
          unsent++;
          continue;
        }
        try {
          batch.add(json.readTree(line));
        } catch (JsonProcessingException e) {
          count("json.syntax");
          progress.accept(1);
          continue;
        }
        if (batch.size() == batchSize) {
          unsent += sendBatch(batch);
          progress.accept(batch.size());
          batch = new ArrayList<>(batchSize);
        }
      }
    }
    if (!batch.isEmpty()) {
      unsent += sendBatch(batch);
      progress.accept(batch.size());
    }
    return new SendSummary(read, accepted, Map.copyOf(rejected), unsent, stopReason);
  }

  /** Returns how many statements of the batch were left unsent. */
  private long sendBatch(List<JsonNode> batch) {
    if (stopReason != null) {
      return batch.size();
    }
    Outcome outcome;
    try {
      outcome = Failsafe.with(retry).get(() -> target.send(batch));
    } catch (FailsafeException e) {
      outcome = new Outcome.Fatal(String.valueOf(e.getCause()));
    }
    if (outcome instanceof Outcome.Accepted a) {
      accepted += a.statements();
      return 0;
    }
    if (outcome instanceof Outcome.Unavailable u) {
      stopReason = "the target stayed unavailable: " + u.reason();
      return batch.size();
    }
    if (outcome instanceof Outcome.Fatal f) {
      stopReason = f.reason();
      return batch.size();
    }
    Outcome.Refused refused = (Outcome.Refused) outcome;
    if (refused.status() == 413 && batch.size() > 1) {
      int half = batch.size() / 2;
      return sendBatch(new ArrayList<>(batch.subList(0, half)))
          + sendBatch(new ArrayList<>(batch.subList(half, batch.size())));
    }
    Map<Integer, String> badIndexes = new HashMap<>();
    for (Violation v : refused.violations()) {
      Matcher m = INDEX.matcher(v.path());
      if (m.find()) {
        badIndexes.putIfAbsent(Integer.parseInt(m.group(1)), v.rule());
      }
    }
    if (badIndexes.isEmpty() || batch.size() == 1) {
      // the refusal names no single statement (or there is only one): the whole batch is refused
      String rule = refused.violations().isEmpty() ? "http." + refused.status() : refused.violations().get(0).rule();
      rejected.merge(rule, (long) batch.size(), Long::sum);
      return 0;
    }
    List<JsonNode> rest = new ArrayList<>();
    Set<Integer> bad = new HashSet<>(badIndexes.keySet());
    for (int i = 0; i < batch.size(); i++) {
      if (bad.contains(i)) {
        count(badIndexes.get(i));
      } else {
        rest.add(batch.get(i));
      }
    }
    return rest.isEmpty() ? 0 : sendBatch(rest);
  }

  private void count(String rule) {
    rejected.merge(rule, 1L, Long::sum);
  }
}
