package org.learnstream.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.io.file.PathUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.ingest.documents.DocumentRecordTransactions;
import org.learnstream.jobs.pipeline.LearnerRecordAccess;
import org.learnstream.jobs.pipeline.Pseudonyms;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.records.LearnerRecordStore;
import org.learnstream.schemas.LearningEvent;

/**
 * The learner records the event log's operators meet, per test: an embedded documents database in a fresh data
 * directory, the store that writes records to it, and the job's access to it by that directory ({@code serve} and the
 * job share it so), with the one-element harness the operators are driven through.
 */
public final class EventLogRecords implements BeforeEachCallback, AfterEachCallback {

  private Path dataDir;
  private DocumentDatabase database;
  private LearnerRecordStore records;
  private LearnerRecordAccess access;

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("event-log-records-");
    database = DocumentDatabase.embedded(dataDir.resolve("documents"), 1);
    records = new LearnerRecordStore(new DocumentRecordTransactions(database), Pseudonyms.fromEnvironment());
    Configuration settings = new Configuration();
    settings.set(RuntimeOptions.DATA_DIR, dataDir.toString());
    access = LearnerRecordAccess.from(settings);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    database.close();
    PathUtils.deleteDirectory(dataDir);
  }

  /** The store the test writes and erases records in. */
  public LearnerRecordStore records() {
    return records;
  }

  /** The job's access to the same records. */
  public LearnerRecordAccess access() {
    return access;
  }

  /** What {@code function} emits for {@code event} alone. */
  public static List<LearningEvent> through(ProcessFunction<LearningEvent, LearningEvent> function,
      LearningEvent event) throws Exception {
    try (var harness = harness(function)) {
      harness.processElement(event, 0L);
      return harness.extractOutputValues();
    }
  }

  public static OneInputStreamOperatorTestHarness<LearningEvent, LearningEvent> harness(
      ProcessFunction<LearningEvent, LearningEvent> function) throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(function);
  }

  /** The one event of {@code events}, failing the test when there are none or more. */
  public static LearningEvent only(List<LearningEvent> events) {
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
