package org.learnstream.pipeline.warning;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.learnstream.pipeline.warning.rules.FailureStreakRule;
import org.learnstream.pipeline.warning.rules.InactivityRule;
import org.learnstream.pipeline.warning.rules.MasteryDeclineRule;
import org.learnstream.pipeline.warning.rules.RapidGuessingRule;
import org.learnstream.pipeline.warning.rules.WheelSpinningRule;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.WarningRule;

/**
 * The early-warning rules the job runs, in the order they are reported. Adding a rule is adding it here; the rules
 * file, state, help texts and evaluation all read this list.
 */
public final class WarningRuleRegistry {

  private static final List<WarningRule<?, ?>> RULES = List.of(InactivityRule.RULE, WheelSpinningRule.RULE,
      MasteryDeclineRule.RULE, FailureStreakRule.RULE, RapidGuessingRule.RULE);

  /** Learner-wide rules first, then per-skill ones: the order in which the alerts of one event come out. */
  private static final List<WarningRule<?, ?>> EVENT_ORDER = Stream.concat(
      RULES.stream().filter(r -> !r.perSkill()), RULES.stream().filter(WarningRule::perSkill)).toList();

  private WarningRuleRegistry() {
  }

  public static List<WarningRule<?, ?>> all() {
    return RULES;
  }

  /** The registered rules in the order each event is handed to them. */
  public static List<WarningRule<?, ?>> inEventOrder() {
    return EVENT_ORDER;
  }

  /** The registered rule with this id ({@code wheel_spinning}) or its hyphenated form ({@code wheel-spinning}). */
  public static WarningRule<?, ?> of(String id) {
    WarningRule<?, ?> rule = find(id == null ? "" : id.trim().toLowerCase(Locale.ROOT).replace('-', '_'));
    if (rule == null) {
      throw new IllegalArgumentException("unknown rule '" + id + "'; use one of " + ids());
    }
    return rule;
  }

  /** The registered rule with exactly this id, or null. */
  public static WarningRule<?, ?> find(String id) {
    return RULES.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }

  /** {@code inactivity, wheel_spinning, ...}, for help texts and messages. */
  public static String ids() {
    return RULES.stream().map(WarningRule::id).collect(Collectors.joining(", "));
  }

  /**
   * The README's list of rules: each rule's default severity, summary and own settings with their defaults, then the
   * settings every rule has.
   */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    for (WarningRule<?, ?> rule : RULES) {
      String severity = rule.settings(Map.of()).severity().id();
      out.append("- `").append(rule.id()).append("` (").append(severity).append("): ").append(rule.summary())
          .append(". ");
      out.append(rule.options().stream().filter(o -> !o.common()).map(RuleOption::line)
          .collect(Collectors.joining("; "))).append('\n');
    }
    out.append("\nEvery rule also has ").append(RULES.get(0).options().stream().filter(RuleOption::common)
        .map(o -> "`" + o.key() + "` (" + o.description() + ")").collect(Collectors.joining(" and ")))
        .append(".\n");
    return out.toString();
  }
}
