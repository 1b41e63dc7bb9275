package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.jobs.settings.LearnstreamConfig;
import picocli.CommandLine;

/**
 * Every failure a user can cause answers within 5 s with one line that names what was tried and what to do, and
 * the documented exit code. The 5 s bound is what a person at the terminal waits for, not a benchmark.
 */
class UserMistakesTest {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

  @TempDir
  Path dir;

  /**
   * Loads the command line's and the settings' classes once, so that the bound measures what a command waits for
   * (connections, retries), not the first class loading of this test JVM on a machine shared with other builds.
   */
  @BeforeAll
  static void loadTheCommandLineOnce() {
    LearnstreamConfig.load(null, Map.of());
    run("settings");
  }

  @Test
  void sendToAnUrlWhereNothingListensSaysSoWithTheUrlWithinFiveSeconds() throws IOException {
    String url = "http://127.0.0.1:" + deadPort() + "/xapi/";

    Attempt attempt = run("send", statements().toString(), "--to", url);

    attempt.answeredWith(2, "nothing answers at " + url, "learnstream serve", "--to");
  }

  @Test
  void sendToKafkaWithoutABrokerSaysSoWithTheAddressWithinFiveSeconds() throws IOException {
    String bootstrap = "127.0.0.1:" + deadPort();

    Attempt attempt = run("send", statements().toString(), "--kafka", bootstrap);

    attempt.answeredWith(2, "no Kafka broker answers at " + bootstrap, "--kafka");
  }

  @Test
  void subscriptionsListWithoutKafkaSaysSoWithTheAddressWithinFiveSeconds() throws IOException {
    String bootstrap = "127.0.0.1:" + deadPort();

    Attempt attempt = run("subscriptions", "--kafka", bootstrap, "list");

    attempt.answeredWith(1, "no Kafka broker answers at " + bootstrap, "--kafka");
  }

  @Test
  void aKafkaAddressWithoutAPortIsABadUsageThatShowsTheExpectedForm() {
    Attempt attempt = run("subscriptions", "--kafka", "localhost", "list");

    attempt.answeredWith(2, "Kafka address 'localhost' must be host:port");
  }

  @Test
  void migrateOnAClickHouseUrlWhereNothingListensNamesTheUrlAndTheSettingWithinFiveSeconds() throws IOException {
    String url = "http://127.0.0.1:" + deadPort();
    Path settings = Files.writeString(dir.resolve("settings.yaml"), "clickhouse:\n  url: " + url + "\n");

    Attempt attempt = run("migrate", "--config", settings.toString());

    attempt.answeredWith(1, "nothing answers at " + url, "ClickHouse", "clickhouse.url");
  }

  @Test
  void serveOnATakenPortSaysSoBeforeStartingAnyServiceWithinFiveSeconds() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Attempt attempt = run("serve", "--host", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()));

      attempt.answeredWith(1, "cannot listen on 127.0.0.1:" + taken.getLocalPort(), "--port");
      assertThat(attempt.out()).doesNotContain("Kafka", "ClickHouse");
    }
  }

  @Test
  void aMalformedSettingsFileIsNamedWithTheLineOfTheProblemAndExitCodeTwo() throws IOException {
    Path settings = Files.writeString(dir.resolve("broken.yaml"), "mastery:\n  threshold: [0.9\n");

    Attempt attempt = run("migrate", "--config", settings.toString());

    attempt.answeredWith(2, settings + " is not valid YAML", "line ");
  }

  @Test
  void aMisspeltKeyInTheSettingsFileStopsWithTheKeyItMostLikelyMeant() throws IOException {
    Path settings = Files.writeString(dir.resolve("settings.yaml"), "mastery:\n  treshold: 0.9\n");

    Attempt attempt = run("migrate", "--config", settings.toString());

    attempt.answeredWith(2, "unknown setting 'mastery.treshold' in " + settings, "did you mean mastery.threshold?");
  }

  @Test
  void aSettingsFileThatDoesNotExistIsNamedWithExitCodeTwo() {
    Path missing = dir.resolve("no-such.yaml");

    Attempt attempt = run("migrate", "--config", missing.toString());

    attempt.answeredWith(2, "config file " + missing + " does not exist");
  }

  @Test
  void sendWithAStatementsFileThatDoesNotExistNamesTheFileWithExitCodeTwo() {
    Path missing = dir.resolve("missing.ndjson");

    Attempt attempt = run("send", missing.toString(), "--to", "http://127.0.0.1:8080/xapi/");

    attempt.answeredWith(2, "Cannot read " + missing, "NDJSON file");
  }

  @Test
  void fitWithAResponseFileThatDoesNotExistNamesTheFileWithExitCodeTwo() {
    Path missing = dir.resolve("responses.csv");

    Attempt attempt = run("fit", "--responses", missing.toString(), "--out", dir.resolve("p.json").toString());

    attempt.answeredWith(2, "response file does not exist: " + missing);
  }

  @Test
  void subscriptionsAddWithASecretFileThatDoesNotExistNamesTheOptionAndTheFile() {
    Path missing = dir.resolve("secret");

    Attempt attempt = run("subscriptions", "add", "--specialist", "a@school.example", "--tenant", "t",
        "--webhook", "http://127.0.0.1:9/hook", "--secret-file", missing.toString());

    attempt.answeredWith(2, "--secret-file " + missing + " cannot be read", "webhook secret");
  }

  @Test
  void aMisspeltLearnstreamEnvironmentVariableStopsTheCommandWithTheVariableItMostLikelyMeant() {
    Attempt attempt = run(Map.of("LEARNSTREAM_MASTERY_TRESHOLD", "0.9"), "migrate");

    attempt.answeredWith(2, "unknown environment variable LEARNSTREAM_MASTERY_TRESHOLD",
        "did you mean LEARNSTREAM_MASTERY_THRESHOLD?");
  }

  private Path statements() throws IOException {
    return Files.writeString(dir.resolve("statements.ndjson"), "{\"actor\":{\"mbox\":\"mailto:a@example.org\"},"
        + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},\"object\":{\"id\":\"https://x.example/q1\"}}\n");
  }

  /** A port nothing listens on: bound by the system, then released. */
  private static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  private static Attempt run(String... args) {
    return run(Map.of(), args);
  }

  private static Attempt run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine(environment);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = cli.execute(args);
    return new Attempt(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - start));
  }

  private record Attempt(int code, String out, String err, Duration elapsed) {

    void answeredWith(int expectedCode, String... phrases) {
      assertThat(elapsed).as("time to answer; stderr: %s", err).isLessThan(ANSWER_WITHIN);
      assertThat(code).as("exit code; stderr: %s", err).isEqualTo(expectedCode);
      assertThat(err).contains(phrases);
      assertThat(err.strip().lines()).as("one line").hasSize(1);
    }
  }
}
