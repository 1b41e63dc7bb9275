package org.learnstream.jobs.cli;

import org.learnstream.jobs.devtools.EvaluateAlertsCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.spi.WarningRule;
import picocli.CommandLine;

class EvaluateAlertsCommandTest {

  private static final Pattern LINE = Pattern.compile(
      "rule=(\\w+) recall=([0-9.]+|n/a) precision=([0-9.]+|n/a) median_lead_time=([0-9.]+h|n/a) .*");

  /** Two simulated weeks, so two weekly shares. */
  private static final Pattern TIER = Pattern
      .compile("tier rule=\\w+ tier=(caution|act) ordinary_weekly_share=[0-9.]+,[0-9.]+ "
          + "max_ordinary_weekly_share=[0-9.]+ alerted_learners=\\d+ own_learner_precision=([0-9.]+|n/a) "
          + "learner_recall=([0-9.]+|n/a)");

  @Test
  void printsOneLinePerRuleAndEveryRuleFindsItsInjectedBehaviour() {
    StringWriter out = new StringWriter();
    int code = run(out, "evaluate-alerts");

    assertThat(code).isZero();
    List<String> lines = Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith("rule=")).toList();
    assertThat(lines).extracting(l -> l.substring(5, l.indexOf(' ')))
        .containsExactly("inactivity", "wheel_spinning", "mastery_decline", "failure_streak", "rapid_guessing");
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(Double.parseDouble(m.group(2))).as(line).isGreaterThanOrEqualTo(0.9);
      assertThat(Double.parseDouble(m.group(3))).as(line).isGreaterThanOrEqualTo(0.8);
      assertThat(m.group(4)).as(line).endsWith("h");
    }
  }

  @Test
  void printsForEachRuleAndForAllRulesTheWeeklyShareOfOrdinaryLearnersAlertedAtEachTier() {
    StringWriter out = new StringWriter();
    assertThat(run(out, "evaluate-alerts", "--learners", "60", "--days", "14")).isZero();

    List<String> tiers = Arrays.stream(out.toString().split("\n")).filter(l -> l.startsWith("tier ")).toList();
    for (String line : tiers) {
      assertThat(line).as(line).matches(TIER);
    }
    assertThat(tiers).extracting(l -> l.split(" ")[1] + " " + l.split(" ")[2]).contains("rule=all tier=caution",
        "rule=wheel_spinning tier=caution");
    assertThat(out.toString())
        .containsPattern("(?m)^target act_max_ordinary_weekly_share<=0.1 value=[0-9.]+ met=(yes|no)$");
  }

  @Test
  void theFiguresAreTheSameForTheSameSeed() {
    StringWriter first = new StringWriter();
    StringWriter second = new StringWriter();
    assertThat(run(first, "evaluate-alerts", "--learners", "60", "--seed", "7")).isZero();
    assertThat(run(second, "evaluate-alerts", "--learners", "60", "--seed", "7")).isZero();
    assertThat(first.toString()).contains("rule=failure_streak").isEqualTo(second.toString());
  }

  @Test
  void aBrokenRulesFileIsABadConfigurationNamingTheSetting(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "default:\n  failure_streak:\n    failures: 1\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("evaluate-alerts", "--learners", "20", "--rules", rules.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("failure_streak.failures").contains("[2, 1000]");
  }

  @Test
  void theHelpNamesEachRuleWithTheBehaviourInjectedForIt() {
    StringWriter out = new StringWriter();

    assertThat(run(out, "evaluate-alerts", "--help")).isZero();
    String text = out.toString().replaceAll("\\s+", " ");
    for (WarningRule<?, ?> rule : WarningRuleRegistry.all()) {
      assertThat(text).contains(EvaluateAlertsCommand.behaviourFor(rule));
    }
    assertThat(text).contains("disengage -> inactivity,")
        .contains("forget -> mastery_decline (the skills it affects)");
  }

  private static int run(StringWriter out, String... args) {
    CommandLine cli = LearnstreamCli.commandLine();
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }
}
