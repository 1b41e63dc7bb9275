package org.learnstream.pipeline.warning;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.learnstream.pipeline.warning.spi.RuleOption;
import org.learnstream.pipeline.warning.spi.RuleSettings;

/**
 * When alerts that concern most of a class at once are a class-wide pattern (a teaching signal: a quiz the whole
 * section fails, a class away on a holiday) rather than per-learner alerts: the {@code class_patterns} section of the
 * rules file. A class is the course and section that statements carry (context activities grouping, as the class
 * dashboard groups them).
 *
 * @param share        share of the class's learners alerted by one rule (and skill) within the window from which
 *                     the alerts are a class-wide pattern
 * @param minClassSize fewest learners seen in the class within the window for a share to count
 * @param windowDays   days over which the class's learners and their alerts are counted
 * @param openOnly     whether a learner counts only while their alert is open, so that a pattern ends as the class
 *                     gets past it (false: every alert raised within the window counts, resolved or not)
 */
public record ClassPatternSettings(boolean enabled, double share, int minClassSize, int windowDays, boolean openOnly)
    implements
      Serializable {

  public static final String SECTION = "class_patterns";

  private static final RuleOption<Boolean> ENABLED = RuleOption.flag("enabled", true,
      "false raises every per-learner act alert, class-wide or not");
  private static final RuleOption<Double> SHARE = RuleOption.number("share", 0.5,
      "share of the class alerted by one rule (and skill) within the window that makes it a class-wide pattern, "
          + "in (0, 1]");
  private static final RuleOption<Integer> MIN_CLASS_SIZE = RuleOption.integer("min_class_size", 8,
      "fewest learners active in the class within the window for a class-wide pattern, in [2, 100000]");
  private static final RuleOption<Integer> WINDOW_DAYS = RuleOption.integer("window_days", 14,
      "days over which a class's learners and alerts are counted, in [1, 365]");
  private static final RuleOption<Boolean> OPEN_ONLY = RuleOption.flag("open_only", true,
      "count a learner only while their alert is open, so that a learner still stuck once most of the class got past "
          + "it is escalated; false counts every alert raised within the window");

  public ClassPatternSettings {
    RuleSettings.require(share > 0 && share <= 1, SECTION + ".share", "must be in (0, 1] (was " + share + ")");
    RuleSettings.require(minClassSize >= 2 && minClassSize <= 100_000, SECTION + ".min_class_size",
        "must be in [2, 100000] (was " + minClassSize + ")");
    RuleSettings.require(windowDays >= 1 && windowDays <= 365, SECTION + ".window_days",
        "must be in [1, 365] (was " + windowDays + ")");
  }

  public static ClassPatternSettings defaults() {
    return of(Map.of());
  }

  /** The settings of the rules file's {@code class_patterns} section (empty: the defaults). */
  public static ClassPatternSettings of(Map<String, Object> section) {
    return new ClassPatternSettings(ENABLED.read(section, SECTION), SHARE.read(section, SECTION),
        MIN_CLASS_SIZE.read(section, SECTION), WINDOW_DAYS.read(section, SECTION), OPEN_ONLY.read(section, SECTION));
  }

  /** Every setting with its default and description, for help texts. */
  public static List<RuleOption<?>> options() {
    return List.of(ENABLED, SHARE, MIN_CLASS_SIZE, WINDOW_DAYS, OPEN_ONLY);
  }

  long windowMillis() {
    return windowDays * 86_400_000L;
  }
}
