package org.learnstream.jobs.ingest.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.records.LearnerRecord;
import org.learnstream.pipeline.records.LearnerRecordStore;

/**
 * The embedded documents database keeps what a process committed when that process is killed right after: the
 * endpoint seals statements under a learner record it has just created, and answers 200, before any later write.
 */
class EmbeddedDatabaseKillTest {

  @TempDir
  Path databaseDir;

  @Test
  void aLearnerRecordCommittedJustBeforeItsProcessIsKilledIsFoundAfterwards() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ResolveThenHalt.class.getName(), databaseDir.toString()).redirectErrorStream(true).start();
    String recordId = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null;) {
        output.append(line).append('\n');
        if (line.startsWith("RECORD ")) {
          recordId = line.substring("RECORD ".length()).strip();
        }
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("the child halted itself; its output:\n%s", output)
        .isEqualTo(ResolveThenHalt.HALTED);
    assertThat(recordId).as("record id printed by the child JVM; its output:\n%s", output).isNotNull();

    try (DocumentDatabase reopened = DocumentDatabase.embedded(databaseDir, 1)) {
      LearnerRecordStore store = ResolveThenHalt.store(reopened);
      assertThat(store.find(ResolveThenHalt.TENANT, ResolveThenHalt.LEARNER)).map(LearnerRecord::id)
          .contains(UUID.fromString(recordId));
    }
  }

  /** Creates one learner record in the embedded database, prints its id and halts the JVM as SIGKILL would. */
  static final class ResolveThenHalt {
    static final int HALTED = 137;
    static final String TENANT = LearnerRecordStoreContract.TENANT;
    static final String LEARNER = LearnerRecordStoreContract.ANA;

    static LearnerRecordStore store(DocumentDatabase database) {
      return new LearnerRecordStore(new DocumentRecordTransactions(database), LearnerRecordStoreContract.KEY);
    }

    public static void main(String[] args) throws Exception {
      DocumentDatabase database = DocumentDatabase.embedded(Path.of(args[0]), 1);
      LearnerRecord record = store(database).resolve(TENANT, LEARNER);
      System.out.println("RECORD " + record.id());
      System.out.flush();
      Runtime.getRuntime().halt(HALTED); // no shutdown hook runs: H2 gets no chance to write on close
    }
  }
}
