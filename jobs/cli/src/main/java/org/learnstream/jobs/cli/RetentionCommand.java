package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.ingest.documents.DocumentDatabase;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Removes what has outlived its retention window from Kafka, ClickHouse and the documents ({@link RetentionPass}). */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = {"Remove learners' data past its retention window (retention.* settings) from the Kafka topics "
        + "of kafka.bootstrap-servers and the ClickHouse of clickhouse.url, including the schools' databases, and "
        + "the learners' xAPI State and Agent Profile documents not written within the events' window from the "
        + "documents database (documents.url, or the embedded one under runtime.data-dir).",
        "Each step is printed as it is done and recorded in the table retention_runs; --dry-run only lists them."})
final class RetentionCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Spec
  CommandSpec spec;

  @Option(names = "--dry-run", description = "List what would be removed (per topic partition, table partition "
      + "and tenant, with records and rows) and change nothing.")
  boolean dryRun;

  @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "PT1H",
      description = "How long to wait for each ClickHouse deletion to finish (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() {
    Configuration settings = config.load();
    ClickHouseEndpoint endpoint = ConfiguredClickHouse.endpoint(settings, "retention");
    String bootstrap = settings.get(PipelineOptions.KAFKA_BOOTSTRAP);
    if (bootstrap == null) {
      throw new ConfigException("retention needs the Kafka of the event log: set kafka.bootstrap-servers in --config"
          + " or LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS=host:9092");
    }
    Reachability.requireServicesOf(settings);
    PrintWriter out = spec.commandLine().getOut();
    RetentionPass pass = new RetentionPass(settings, endpoint, bootstrap, dryRun, wait, line -> {
      out.println(line);
      out.flush();
    });
    if (!LearnerDocuments.named(settings)) {
      pass.run(null, LearnerDocuments.NONE_NAMED);
      return 0;
    }
    try (DocumentDatabase documents = LearnerDocuments.open(settings)) {
      pass.run(documents, null);
    }
    return 0;
  }
}
