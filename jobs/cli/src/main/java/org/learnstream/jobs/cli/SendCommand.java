package org.learnstream.jobs.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.learnstream.jobs.ingest.KafkaPublisherSettings;
import org.learnstream.jobs.ingest.send.BatchTarget;
import org.learnstream.jobs.ingest.send.HttpBatchTarget;
import org.learnstream.jobs.ingest.send.KafkaBatchTarget;
import org.learnstream.jobs.ingest.send.SendSummary;
import org.learnstream.jobs.ingest.send.StatementSender;
import org.learnstream.jobs.settings.ClientVariables;
import org.learnstream.pipeline.xapi.XapiVersion;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code learnstream send FILE.ndjson --to URL}: bulk loads and replays of xAPI statements. */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = {"Sends an NDJSON file of xAPI statements (one per line) in batches, with retries.",
        "The password for --user is read from the environment variable LEARNSTREAM_XAPI_PASSWORD.",
        "Exit codes: 0 all accepted, 1 some statements rejected, 2 stopped early (unreachable, 401)."})
public final class SendCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE.ndjson", description = "Statements, one JSON object per line")
  Path file;

  static final class Target {
    @Option(names = "--to", paramLabel = "URL",
        description = "xAPI base URL, e.g. http://127.0.0.1:8080/xapi/ (its statements URL works too)")
    URI url;

    @Option(names = "--kafka", paramLabel = "HOST:PORT",
        description = "Write straight to Kafka, e.g. 127.0.0.1:9092 (the address of setting kafka.bootstrap-servers).")
    String kafka;

    @Option(names = "--to-kafka", paramLabel = "HOST:PORT", hidden = true, description = "Deprecated name of --kafka.")
    String formerKafka;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Option(names = "--user", paramLabel = "USER",
      description = "Basic user (credential key). Default: $LEARNSTREAM_XAPI_USER, else demo.")
  String user;

  @Option(names = "--tenant", defaultValue = "demo", description = "Tenant for --kafka. Default: ${DEFAULT-VALUE}")
  String tenant;

  @Option(names = "--topic", defaultValue = "xapi.statements",
      description = "Topic for --kafka. Default: ${DEFAULT-VALUE}")
  String topic;

  @Option(names = "--batch", defaultValue = "100", description = "Statements per request. Default: ${DEFAULT-VALUE}")
  int batch;

  @Option(names = "--xapi-version", defaultValue = "1.0.3",
      description = "X-Experience-API-Version. Default: ${DEFAULT-VALUE}")
  String version;

  @Option(names = "--retry-for", defaultValue = "PT2M",
      description = "How long one batch is retried while the target is unavailable (ISO-8601). Default: ${DEFAULT-VALUE}")
  Duration retryFor;

  /** The Kafka address given by --kafka or its former name, else null (then --to is given). */
  private String kafka;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isReadable(file)) {
      err.println("Cannot read " + file + ": give an NDJSON file of statements");
      return 2;
    }
    XapiVersion xapiVersion = XapiVersion.fromHeader(version).orElse(null);
    if (xapiVersion == null) {
      err.println("--xapi-version " + version + " is not supported; use 1.0.0-1.0.3 or 2.0.0");
      return 2;
    }
    kafka = DeprecatedNames.flag(spec, "--kafka", target.kafka, "--to-kafka", target.formerKafka);
    try {
      requireTargetListening();
    } catch (Unreachable e) {
      err.println("learnstream send: " + e.getMessage());
      err.flush();
      return 2;
    }
    long total = StatementSender.countStatements(file);
    SendSummary summary;
    try (BatchTarget to = openTarget(err);
        ProgressBar bar = Progress.bar("send", total)) {
      if (to == null) {
        return 2;
      }
      BatchTarget reporting = new RetryReporting(to, retryFor, line -> {
        // on a terminal the bar holds the current line; end it first
        err.println((Progress.onTerminal() ? System.lineSeparator() : "") + "learnstream send: " + line);
        err.flush();
      });
      summary = new StatementSender(reporting, batch, retryFor).send(file, bar::stepBy);
    }
    out.println(summary.describe());
    out.flush();
    if (!summary.complete()) {
      return 2;
    }
    return summary.rejected() > 0 ? 1 : 0;
  }

  /** Nothing listening at the start is a wrong address, not an outage to wait out as retries do later. */
  private void requireTargetListening() {
    if (kafka != null) {
      Reachability.requireKafka(kafka, "start the broker or correct --kafka");
    } else {
      Reachability.requireHttp(target.url, "xAPI endpoint", "start it (learnstream serve) or correct --to");
    }
  }

  private BatchTarget openTarget(PrintWriter err) {
    if (kafka != null) {
      KafkaPublisherSettings settings = new KafkaPublisherSettings(kafka, topic,
          "learnstream-send-" + java.util.UUID.randomUUID(), 1, Duration.ofSeconds(10), Duration.ofSeconds(30),
          java.util.Map.of());
      return new KafkaBatchTarget(settings, tenant, XapiVersion.fromHeader(version).orElseThrow());
    }
    // the environment is read only when --user is not given, so a former variable warns only when it is used
    String user = this.user != null
        ? this.user
        : Objects.requireNonNullElse(
            DeprecatedNames.variable(spec, ClientVariables.XAPI_USER.name(), ClientVariables.USER), "demo");
    String secret = DeprecatedNames.variable(spec, ClientVariables.XAPI_PASSWORD.name(), ClientVariables.PASSWORD);
    if (secret == null) {
      if (!user.equals("demo")) {
        err.println("Set " + ClientVariables.XAPI_PASSWORD.name() + " to the secret of --user " + user
            + " (secrets are never taken from the command line)");
        return null;
      }
      secret = "demo"; // the development default tenant
    }
    return new HttpBatchTarget(xapiBase(target.url), user, secret, version);
  }

  /** The xAPI base of a URL given as the base or as its statements resource (which the target appends). */
  static URI xapiBase(URI url) {
    return URI.create(url.toString().replaceFirst("/statements/?$", "/"));
  }
}
