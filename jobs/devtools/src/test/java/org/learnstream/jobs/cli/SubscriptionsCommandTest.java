package org.learnstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.testing.KafkaExtension;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.spi.WarningRule;
import picocli.CommandLine;

class SubscriptionsCommandTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void addListAndRemoveWithoutEverPrintingTheSecret(@TempDir Path dir) throws Exception {
    String topic = "alert.subscriptions-cli-" + System.nanoTime();
    KAFKA.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "very-secret-value\n");
    String[] common = {"subscriptions", "--kafka", KAFKA.bootstrapServers(), "--topic", topic};

    assertThat(run(common, "add", "--id", "s1", "--specialist", "ana@school.example", "--tenant", "t1",
        "--rule", "wheel-spinning", "--min-severity", "warning", "--webhook", "http://127.0.0.1:9/hook",
        "--secret-file", secret.toString()).code).isZero();
    assertThat(run(common, "add", "--id", "s2", "--specialist", "ben@school.example", "--tenant", "t2",
        "--digest", "P1D", "--webhook", "http://127.0.0.1:9/hook", "--secret-file", secret.toString()).code).isZero();

    Result list = run(common, "list", "--tenant", "t1");
    assertThat(list.out).contains("id=s1").contains("rules=[wheel_spinning]").contains("min_severity=warning")
        .contains("digest=none").doesNotContain("id=s2").doesNotContain("very-secret-value");
    assertThat(run(common, "list", "--tenant", "t2").out).contains("id=s2").contains("digest=P1D");

    assertThat(run(common, "remove", "--id", "s1").code).isZero();
    assertThat(run(common, "list").out).doesNotContain("id=s1").contains("id=s2");
    assertThat(run(common, "remove", "--id", "s1").code).isEqualTo(2);
  }

  @Test
  void anUnknownRuleIsABadUsage(@TempDir Path dir) throws Exception {
    Result r = add(dir, "--rule", "sleepy");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("unknown rule 'sleepy'");
  }

  @Test
  void aDigestPeriodThatIsNoDurationIsABadUsageNamingTheFormat(@TempDir Path dir) throws Exception {
    Result r = add(dir, "--digest", "daily");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("--digest daily is not an ISO-8601 duration; use e.g. P1D or PT12H");
  }

  /** {@code subscriptions add} of tenant t1 with a secret file and {@code extra}. */
  private static Result add(Path dir, String... extra) throws Exception {
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "x");
    List<String> args = new ArrayList<>(List.of("add", "--specialist", "a", "--tenant", "t1", "--webhook",
        "http://127.0.0.1:9/", "--secret-file", secret.toString()));
    args.addAll(List.of(extra));
    return run(new String[] {"subscriptions", "--kafka", KAFKA.bootstrapServers()}, args.toArray(String[]::new));
  }

  @Test
  void theRuleOptionsHelpListsEveryRegisteredRule() {
    Result help = run(new String[] {"subscriptions"}, "add", "--help");

    assertThat(help.code).isZero();
    String text = help.out.replaceAll("\\s+", " ");
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      assertThat(text).contains(rule.id());
    }
    assertThat(text).contains("Rule to match (repeatable; none = all): " + WarningRuleRegistry.ids() + ".");
  }

  private record Result(int code, String out, String err) {
  }

  private static Result run(String[] common, String... args) {
    String[] all = new String[common.length + args.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(args, 0, all, common.length, args.length);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(all);
    return new Result(code, out.toString(), err.toString());
  }
}
