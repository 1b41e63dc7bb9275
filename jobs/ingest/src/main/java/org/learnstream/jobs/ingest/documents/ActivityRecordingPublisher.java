package org.learnstream.jobs.ingest.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.learnstream.jobs.ingest.DefinedActivity;
import org.learnstream.jobs.ingest.PreparedStatement;
import org.learnstream.jobs.ingest.StatementPublisher;
import org.learnstream.pipeline.kafka.RecordKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Activities resource current: once statements are written, the activity definitions they carry are
 * merged into {@link ActivityDefinitions}, before the statements' answer is sent, so a client that reads the
 * activity after its 200 sees what it sent. The definitions come with each statement from the tree it was validated
 * as ({@link DefinedActivity}); one equal to the definition merged last for its activity is skipped, so repeated
 * statements about the same activities cost neither a database write nor a look at their bytes. A failed merge never
 * fails the statements: they are already in the log, and the definition is merged again by the next statement that
 * carries it.
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
  /** tenant and activity id -> the definition last merged for it. */
  private final Cache<String, ObjectNode> lastMerged = Caffeine.newBuilder().maximumSize(RECENT).build();

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
    if (statements.stream().allMatch(s -> s.definitions().isEmpty())) {
      return written;
    }
    // off the producer's threads, which must not wait on a database
    return written.thenRunAsync(() -> record(statements), recorder);
  }

  private void record(List<PreparedStatement> statements) {
    for (PreparedStatement s : statements) {
      if (s.definitions().isEmpty()) {
        continue;
      }
      String tenant = RecordKeys.tenantOf(s.key());
      for (DefinedActivity d : s.definitions()) {
        String activity = tenant + "\n" + d.id();
        if (d.definition().equals(lastMerged.getIfPresent(activity))) {
          continue;
        }
        try {
          definitions.merge(tenant, d.id(), d.definition());
          lastMerged.put(activity, d.definition());
        } catch (SQLException e) {
          LOG.warn("Could not merge the activity definitions of an accepted statement: {}", e.getMessage());
        } catch (RuntimeException e) {
          // the message could quote the statement, which holds student data
          LOG.warn("Could not merge the activity definitions of an accepted statement: {}", e.getClass().getName());
        }
      }
    }
  }

  @Override
  public void close() {
    recorder.shutdown();
    inner.close();
  }
}
