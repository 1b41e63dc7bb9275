package org.learnstream.jobs.devtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.learnstream.jobs.warning.RulesFile;
import org.learnstream.pipeline.evaluation.AlertCohorts;
import org.learnstream.pipeline.evaluation.AlertEvaluation;
import org.learnstream.pipeline.evaluation.ClassEvent;
import org.learnstream.pipeline.evaluation.AlertTargets;
import org.learnstream.pipeline.simulate.Behaviour;
import org.learnstream.pipeline.simulate.CohortSimulator;
import org.learnstream.pipeline.simulate.CohortSpec;
import org.learnstream.pipeline.warning.RulesConfig;
import org.learnstream.pipeline.warning.WarningRuleRegistry;
import org.learnstream.pipeline.warning.WarningRules;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.WarningRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Scores the early-warning rules on a seeded simulated cohort with known at-risk learners: the same rule classes as
 * the streaming job, run in event-time order in this process.
 */
@Command(name = "evaluate-alerts", mixinStandardHelpOptions = true)
public final class EvaluateAlertsCommand implements Callable<Integer> {

  CommandSpec spec;

  /** The description names the registered rules and their behaviours, so it is set once the spec exists. */
  @Spec
  void spec(CommandSpec commandSpec) {
    this.spec = commandSpec;
    commandSpec.usageMessage().description(description());
  }

  static String[] description() {
    String behaviours = WarningRuleRegistry.all().stream()
        .filter(r -> Behaviour.forRule(r.id()) != null)
        .map(EvaluateAlertsCommand::behaviourFor)
        .collect(Collectors.joining(", "));
    return new String[] {"Run the early-warning rules over a seeded simulated cohort and print, per rule, recall and "
        + "precision against the simulator's hidden truth and the median lead time from the behaviour's onset "
        + "to the alert.",
        "Each rule has an injected behaviour: " + behaviours + ". recall: learners with the behaviour alerted at or "
            + "after its onset. precision: raised alerts pointing at a learner (x skill) at risk when raised (any "
            + "injected behaviour past its onset that affects the skill, or a learner x skill stuck unlearned in the "
            + "hidden truth); own_precision counts only the rule's own behaviour (and stuck skills for "
            + WheelSpinningRule.RULE.id() + ").",
        "Every alert is raised as caution and escalated to act when its condition persists; tier lines count learners "
            + "per rule and tier: the weekly share of ordinary learners alerted and the share of alerted learners "
            + "with the rule's own behaviour. target lines check the figures against the targets (recall >= 0.9, "
            + "act own-behaviour learner precision >= 0.8, at most 10 percent of ordinary learners with an act alert "
            + "in a week)."};
  }

  @Option(names = "--seed", defaultValue = "20260401", paramLabel = "SEED", description = "Seed of the cohort.")
  long seed;

  @Option(names = "--learners", defaultValue = "400", paramLabel = "N", description = "Learners in the cohort.")
  int learners;

  @Option(names = "--days", defaultValue = "28", paramLabel = "DAYS", description = "Calendar days simulated.")
  int days;

  @Option(names = "--rules", paramLabel = "RULES.yaml",
      description = "Rules file (as warning.rules-file); default: the built-in rules.")
  Path rulesFile;

  @Option(names = "--tenant", defaultValue = "eval", paramLabel = "TENANT",
      description = "Tenant of the cohort; its rules come from the rules file.")
  String tenant;

  /** {@code wheel-spin -> wheel_spinning (the skills it affects)}: the behaviour as the README names it, and its rule. */
  public static String behaviourFor(WarningRule<?, ?> rule) {
    String behaviour = Behaviour.forRule(rule.id()).name().toLowerCase(Locale.ROOT).replace('_', '-');
    return behaviour + " -> " + rule.id() + (rule.perSkill() ? " (the skills it affects)" : "");
  }

  /** Section 1 away for ten calendar days from the second Monday (eight school days: inactivity reaches act). */
  static final ClassEvent HOLIDAY = new ClassEvent(1, 7, 10);

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      WarningRules rules = (rulesFile == null ? RulesConfig.builtIn() : RulesFile.load(rulesFile)).rulesFor(tenant);
      CohortSpec cohort = AlertCohorts.evaluation(seed).withTenant(tenant).withLearners(learners).withDays(days);
      AlertEvaluation.Result result = AlertEvaluation.evaluate(new CohortSimulator(cohort), rules);
      out.printf("cohort seed=%d learners=%d days=%d statements=%d%n", seed, result.learners(), days,
          result.statements());
      result.rules().forEach(r -> out.println(r.line()));
      result.tiers().forEach(t -> out.println(t.line()));
      AlertTargets.check(result).forEach(t -> out.println(t.line()));
      out.println(result.classes().line());
      // The same cohort again with one class away on a holiday: its inactivity is a class-wide pattern.
      AlertEvaluation.Result holiday = AlertEvaluation.evaluate(new CohortSimulator(cohort), rules, HOLIDAY);
      out.println(holiday.classes().line());
      AlertTargets.check(holiday).forEach(t -> out.println("class_event " + t.line()));
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("evaluate-alerts: " + e.getMessage());
      err.flush();
      return 2;
    }
  }
}
