package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.learnstream.jobs.ingest.ClickHouseStatementStore;
import org.learnstream.jobs.ingest.IngestLimits;
import org.learnstream.jobs.ingest.IngestServer;
import org.learnstream.jobs.ingest.IngestServerSettings;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.StatementStore;
import org.learnstream.jobs.ingest.TenantCredentials;
import org.learnstream.pipeline.clickhouse.ClickHouseClients;
import org.learnstream.pipeline.clickhouse.ClickHouseEndpoint;
import org.learnstream.pipeline.kafka.TopicAdmin;
import org.learnstream.pipeline.kafka.Topics;
import org.learnstream.pipeline.local.LocalKafka;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnstream serve}: the xAPI endpoint, writing to Kafka and reading landed statements from ClickHouse. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serves the xAPI statements endpoint (POST/PUT/GET /xapi/statements, GET /xapi/about, /metrics).",
        "Without --kafka an embedded broker is started. Without --credentials the development tenant 'demo'"
            + " accepts Basic demo:demo."})
public final class ServeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", defaultValue = "${env:LEARNSTREAM_INGEST_PORT:-8080}",
      description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--host", defaultValue = "${env:LEARNSTREAM_INGEST_HOST:-127.0.0.1}",
      description = "Interface to listen on. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--kafka", defaultValue = "${env:LEARNSTREAM_KAFKA_BOOTSTRAP}",
      description = "Kafka bootstrap servers, e.g. 127.0.0.1:9092. Default: an embedded broker")
  String kafka;

  @Option(names = "--topic", defaultValue = Topics.XAPI_STATEMENTS, description = "Statements topic. Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--instance-id", defaultValue = "${env:LEARNSTREAM_INGEST_INSTANCE:-0}",
      description = "Unique per running server; keeps its Kafka transactional ids stable across restarts")
  String instanceId;

  @Option(names = "--clickhouse-url", defaultValue = "${env:LEARNSTREAM_CLICKHOUSE_URL}",
      description = "ClickHouse HTTP URL for GET /statements and duplicate checks, e.g. http://127.0.0.1:8123")
  String clickhouseUrl;

  @Option(names = "--clickhouse-database", defaultValue = "${env:LEARNSTREAM_CLICKHOUSE_DATABASE:-learnstream}")
  String clickhouseDatabase;

  @Option(names = "--clickhouse-user", defaultValue = "${env:LEARNSTREAM_CLICKHOUSE_USER:-default}",
      description = "ClickHouse user; its password is read from LEARNSTREAM_CLICKHOUSE_PASSWORD")
  String clickhouseUser;

  @Option(names = "--credentials", defaultValue = "${env:LEARNSTREAM_INGEST_CREDENTIALS}",
      description = "YAML/JSON file: tenants -> list of {key, secretSha256 | secretEnv}")
  Path credentials;

  @Option(names = "--max-body-bytes", defaultValue = "8388608", description = "Largest request body. Default: ${DEFAULT-VALUE}")
  int maxBodyBytes;

  @Option(names = "--max-batch", defaultValue = "1000", description = "Most statements per POST. Default: ${DEFAULT-VALUE}")
  int maxBatch;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    TenantCredentials tenants = credentials == null ? TenantCredentials.developmentDefault()
        : TenantCredentials.load(credentials);
    LocalKafka embedded = null;
    String bootstrap = kafka;
    if (bootstrap == null || bootstrap.isBlank()) {
      out.println("Starting an embedded Kafka broker ...");
      out.flush();
      embedded = LocalKafka.start();
      bootstrap = embedded.bootstrapServers();
    }
    TopicAdmin.ensure(bootstrap, Topics.defaults(3));
    StatementStore store = StatementStore.NONE;
    if (clickhouseUrl != null && !clickhouseUrl.isBlank()) {
      ClickHouseEndpoint endpoint = ClickHouseEndpoint.withPasswordFromEnv(clickhouseUrl, clickhouseUser,
          "LEARNSTREAM_CLICKHOUSE_PASSWORD", clickhouseDatabase);
      store = new ClickHouseStatementStore(ClickHouseClients.create(endpoint), endpoint.database());
    }
    KafkaPublisherSettings publisher = new KafkaPublisherSettings(bootstrap, topic, "learnstream-ingest-" + instanceId,
        8, Duration.ofSeconds(5), Duration.ofSeconds(15), Map.of());
    IngestServerSettings settings = new IngestServerSettings(host, port, new IngestLimits(maxBodyBytes, maxBatch),
        tenants, publisher, 200_000);
    IngestServer server = IngestServer.start(settings, store);
    CountDownLatch stopped = new CountDownLatch(1);
    LocalKafka broker = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (broker != null) {
        broker.close();
      }
      stopped.countDown();
    }, "learnstream-serve-shutdown"));

    out.println("xAPI endpoint: " + server.baseUrl());
    out.println("metrics:       http://" + host + ":" + server.port() + "/metrics");
    out.println("kafka:         " + bootstrap + (embedded != null ? " (embedded)" : "") + ", topic " + topic);
    out.println("clickhouse:    " + (clickhouseUrl == null ? "none (GET /statements answers 404 until configured)"
        : clickhouseUrl + " database " + clickhouseDatabase));
    if (credentials == null) {
      out.println("credentials:   development default, tenant 'demo' with Basic demo:demo"
          + " (use --credentials FILE for real tenants)");
    } else {
      out.println("credentials:   " + credentials + ", tenants " + tenants.tenants());
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
