package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.records.JdbcRecordTransactions;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.pipeline.records.RecordTransactions;

/**
 * The embedded documents database when a process that has it open is killed: what that process committed is kept
 * (the endpoint seals statements under a learner record it has just created, and answers 200, before any later
 * write), and the other processes, which it served the file to (AUTO_SERVER), go on through a new owner.
 */
class EmbeddedDatabaseKillTest {

  static final String TENANT = LearnerRecordStoreContract.TENANT;
  static final String LEARNER = LearnerRecordStoreContract.ANA;

  @TempDir
  Path databaseDir;

  @Test
  void aLearnerRecordCommittedJustBeforeItsProcessIsKilledIsFoundAfterwards() throws Exception {
    Process child = start("halt");
    String recordId = recordIdPrintedBy(child);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the child halted itself").isEqualTo(ResolveThenHalt.HALTED);

    try (DocumentDatabase reopened = DocumentDatabase.embedded(databaseDir, 1)) {
      assertThat(store(reopened).find(TENANT, LEARNER)).map(LearnerRecord::id).contains(UUID.fromString(recordId));
    }
  }

  @Test
  void theEndpointsPoolAndTheJobsConnectionGoOnWhenTheProcessServingThemTheFileIsKilled() throws Exception {
    Process owner = start("serve");
    String recordId = recordIdPrintedBy(owner);
    try (DocumentDatabase endpoint = DocumentDatabase.embedded(databaseDir, 2);
        JdbcRecordTransactions job = new JdbcRecordTransactions(JdbcRecordTransactions.embeddedH2Url(databaseDir),
            new Properties())) {
      LearnerRecordStore endpointRecords = uncached(new DocumentRecordTransactions(endpoint));
      LearnerRecordStore jobRecords = uncached(job);
      assertThat(endpointRecords.find(TENANT, LEARNER)).map(LearnerRecord::id).contains(UUID.fromString(recordId));
      assertThat(jobRecords.find(TENANT, LEARNER)).map(LearnerRecord::id).contains(UUID.fromString(recordId));

      owner.destroyForcibly(); // SIGKILL: every connection it served breaks
      assertThat(owner.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(jobRecords.find(TENANT, LEARNER)).map(LearnerRecord::id).contains(UUID.fromString(recordId));
      for (int i = 0; i < 3; i++) { // every connection of the pool, each broken, is replaced on its next loan
        assertThat(endpointRecords.find(TENANT, LEARNER)).map(LearnerRecord::id)
            .contains(UUID.fromString(recordId));
      }
    } finally {
      owner.destroyForcibly();
    }
  }

  private Process start(String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ResolveThenHalt.class.getName(),
        databaseDir.toString(), mode).redirectErrorStream(true).start();
  }

  /** Reads the child's output up to the line naming the record it created. */
  private static String recordIdPrintedBy(Process child) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder output = new StringBuilder();
    for (String line; (line = out.readLine()) != null;) {
      output.append(line).append('\n');
      if (line.startsWith("RECORD ")) {
        return line.substring("RECORD ".length()).strip();
      }
    }
    throw new AssertionError("the child JVM printed no record id; its output:\n" + output);
  }

  /** Every lookup a query: a cached record would hide the connection it came through. */
  private static LearnerRecordStore uncached(RecordTransactions transactions) {
    return new LearnerRecordStore(transactions, LearnerRecordStoreContract.KEY, new SecureRandom(), Clock.systemUTC(),
        0, Duration.ZERO);
  }

  static LearnerRecordStore store(DocumentDatabase database) {
    return new LearnerRecordStore(new DocumentRecordTransactions(database), LearnerRecordStoreContract.KEY);
  }

  /**
   * Creates one learner record in the embedded database and prints its id; then halts the JVM as SIGKILL would
   * ({@code halt}) or keeps the database open, serving it to other processes, until killed ({@code serve}).
   */
  static final class ResolveThenHalt {
    static final int HALTED = 137;

    public static void main(String[] args) throws Exception {
      DocumentDatabase database = DocumentDatabase.embedded(Path.of(args[0]), 1);
      LearnerRecord record = store(database).resolve(TENANT, LEARNER);
      System.out.println("RECORD " + record.id());
      System.out.flush();
      if (args[1].equals("halt")) {
        Runtime.getRuntime().halt(HALTED); // no shutdown hook runs: H2 gets no chance to write on close
      }
      System.in.read(); // until killed
    }
  }
}
