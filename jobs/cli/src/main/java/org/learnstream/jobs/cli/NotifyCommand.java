package org.learnstream.jobs.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.Configuration;
import org.learnstream.jobs.config.ConfigException;
import org.learnstream.jobs.notify.AlertNotifier;
import org.learnstream.jobs.notify.ClickHouseDeliveryLog;
import org.learnstream.jobs.notify.ClickHouseLearnerDirectory;
import org.learnstream.jobs.notify.DigestDelivery;
import org.learnstream.jobs.notify.NotifierProcess;
import org.learnstream.jobs.settings.NotifyOptions;
import org.learnstream.jobs.notify.WebhookDelivery;
import org.learnstream.jobs.pipeline.PipelineJob;
import org.learnstream.jobs.settings.PipelineOptions;
import org.learnstream.jobs.settings.RuntimeOptions;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The alert notifier as a long-running process: follows the subscriptions, consumes committed alerts, delivers the
 * matching ones as signed webhooks and records every attempt in ClickHouse {@code alert_deliveries}. Its consumer
 * group remembers where it stopped; a restart delivers nothing twice (the delivery log says what is finished).
 */
@Command(name = "notify", mixinStandardHelpOptions = true,
    description = {"Deliver early-warning alerts to the subscribed specialists' webhooks until stopped (Ctrl-C).",
        "Needs kafka.bootstrap-servers and clickhouse.url (or LEARNSTREAM_KAFKA_BOOTSTRAP_SERVERS / "
            + "LEARNSTREAM_CLICKHOUSE_URL); the delivery log and learner directory live in clickhouse.database.",
        "Alerts of a job with learner records name learners by record: the notifier then needs the same documents "
            + "database (documents.url, or runtime.data-dir for the embedded one)."})
final class NotifyCommand implements Callable<Integer> {

  @Mixin
  ConfigMixin config;

  @Option(names = "--group", paramLabel = "GROUP",
      description = "Sets notify.group-id: Kafka consumer group of the alerts topic, one per notifier deployment.")
  String group;

  @Override
  public Integer call() throws Exception {
    Configuration settings = config.load(new SettingOverrides().set(NotifyOptions.GROUP_ID, group));
    String groupId = settings.get(NotifyOptions.GROUP_ID);
    String bootstrap = settings.get(PipelineOptions.KAFKA_BOOTSTRAP);
    String url = settings.get(RuntimeOptions.CLICKHOUSE_URL);
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new ConfigException("notify needs Kafka: set kafka.bootstrap-servers in --config, e.g. localhost:9092");
    }
    if (url == null) {
      throw new ConfigException("notify needs ClickHouse for its delivery log: set clickhouse.url in --config or "
          + "LEARNSTREAM_CLICKHOUSE_URL=http://host:8123 (password from " + RuntimeOptions.CLICKHOUSE_PASSWORD_ENV
          + ")");
    }
    Reachability.requireServicesOf(settings);
    String database = settings.get(RuntimeOptions.CLICKHOUSE_DATABASE);
    ClickHouseEndpoint endpoint = ClickHouseEndpoint.withPasswordFromEnv(
        url, settings.get(RuntimeOptions.CLICKHOUSE_USER), RuntimeOptions.CLICKHOUSE_PASSWORD_ENV, database);
    try (var client = ClickHouseClients.create(endpoint); NotifierRecords records = NotifierRecords.of(settings)) {
      WebhookDelivery delivery = new WebhookDelivery(new ClickHouseDeliveryLog(client, database),
          new ClickHouseLearnerDirectory(client, database), WebhookDelivery.Settings.from(settings), Clock.systemUTC());
      String alerts = PipelineJob.topic(settings, Topics.ALERTS);
      String subscriptions = PipelineJob.topic(settings, Topics.ALERT_SUBSCRIPTIONS);
      NotifierProcess notifier = new NotifierProcess(bootstrap, alerts, subscriptions, groupId, records.learners(),
          new AlertNotifier(delivery),
          new DigestDelivery(client, database, delivery, new ClickHouseLearnerDirectory(client, database)));
      CountDownLatch finished = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        notifier.close();
        try {
          finished.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "learnstream-notify-stop"));
      System.out.println("notifier: delivering alerts of " + alerts + " (subscriptions " + subscriptions + ", group "
          + groupId + ", delivery log " + database + ".alert_deliveries); Ctrl-C stops it");
      try {
        notifier.run();
      } finally {
        finished.countDown();
      }
    }
    return 0;
  }
}
