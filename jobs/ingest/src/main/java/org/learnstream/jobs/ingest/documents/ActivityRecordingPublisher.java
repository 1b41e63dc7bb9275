package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Activities resource current: once statements are written, the activity definitions they carry are
 * merged into {@link ActivityDefinitions}, before the statements' answer is sent, so a client that reads the
 * activity after its 200 sees what it sent. Definitions already merged recently are skipped, so repeated
 * statements about the same activities cost no database write. A failed merge never fails the statements: they
 * are already in the log, and the definition is merged again by the next statement that carries it.
 */
public final class ActivityRecordingPublisher implements StatementPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ActivityRecordingPublisher.class);
  private static final int RECENT = 10_000;

  private final StatementPublisher inner;
  private final ActivityDefinitions definitions;
  private final ExecutorService recorder = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "activity-definitions");
    t.setDaemon(true);
    return t;
  });
  /** tenant and activity id -> the definition last merged for it, as the statement's bytes spelled it. */
  private final Cache<String, byte[]> lastMerged = Caffeine.newBuilder().maximumSize(RECENT).build();

  public ActivityRecordingPublisher(StatementPublisher inner, ActivityDefinitions definitions) {
    this.inner = inner;
    this.definitions = definitions;
  }

  @Override
  public void publish(List<PreparedStatement> statements) throws UnavailableException {
    inner.publish(statements);
    record(statements);
  }

  @Override
  public CompletableFuture<Void> publishAsync(List<PreparedStatement> statements) {
    CompletableFuture<Void> written = inner.publishAsync(statements);
    if (statements.stream().noneMatch(s -> DefinedActivities.mayDefine(s.json()))) {
      return written;
    }
    // off the producer's threads, which must not wait on a database
    return written.thenRunAsync(() -> record(statements), recorder);
  }

  private void record(List<PreparedStatement> statements) {
    for (PreparedStatement s : statements) {
      if (!DefinedActivities.mayDefine(s.json())) {
        continue;
      }
      String tenant = s.key().substring(0, Math.max(0, s.key().indexOf('|')));
      try {
        byte[] json = s.json();
        for (DefinedActivities.Defined d : DefinedActivities.in(json)) {
          String activity = tenant + "\n" + d.id();
          byte[] last = lastMerged.getIfPresent(activity);
          // the same bytes are the same definition; other bytes may still be, and merging it again changes nothing
          if (last == null || !Arrays.equals(last, 0, last.length, json, d.start(), d.end())) {
            definitions.merge(tenant, d.id(), (ObjectNode) Answers.JSON.readTree(json, d.start(), d.end() - d.start()));
            lastMerged.put(activity, Arrays.copyOfRange(json, d.start(), d.end()));
          }
        }
      } catch (java.sql.SQLException e) {
        LOG.warn("Could not merge the activity definitions of an accepted statement: {}", e.getMessage());
      } catch (java.io.IOException | RuntimeException e) {
        // the message could quote the statement, which holds student data
        LOG.warn("Could not merge the activity definitions of an accepted statement: {}", e.getClass().getName());
      }
    }
  }

  @Override
  public void close() {
    recorder.shutdown();
    inner.close();
  }
}
