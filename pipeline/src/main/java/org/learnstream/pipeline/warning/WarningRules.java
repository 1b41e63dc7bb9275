package org.learnstream.pipeline.warning;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The thresholds and severities of every rule for one tenant. {@link #defaults()} are the built-in values;
 * {@link RulesConfig} overlays a tenant's YAML on them.
 *
 * @param cooldown    a condition that cleared does not alert again until this long after its last alert
 * @param forgetAfter a learner without any event for this long has left: their state and timers are dropped
 */
public record WarningRules(Inactivity inactivity, WheelSpinning wheelSpinning, MasteryDecline masteryDecline,
                           FailureStreak failureStreak, RapidGuessing rapidGuessing, Duration cooldown,
                           Duration forgetAfter) implements Serializable {

    public WarningRules {
        require(cooldown != null && !cooldown.isNegative(), "cooldown", "must be a duration >= 0, e.g. 1d");
        require(forgetAfter != null && forgetAfter.toMillis() > 0, "forget_after", "must be a positive duration, e.g. 30d");
    }

    /**
     * No activity for {@code days} days. With {@code schoolDaysOnly} only Monday-Friday in {@code zone} count,
     * so a weekend is not inactivity.
     */
    public record Inactivity(boolean enabled, Severity severity, int days, boolean schoolDaysOnly, String zone)
            implements Serializable {
        public Inactivity {
            require(days >= 1 && days <= 365, "inactivity.days", "must be in [1, 365] (was " + days + ")");
            try {
                ZoneId.of(zone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("rule inactivity: zone '" + zone + "' is not a time zone id, e.g. Europe/Paris or UTC");
            }
        }
    }

    /**
     * A skill practised {@code attempts} times without reaching mastery (Beck and Gong): mastery is
     * {@code masteryStreak} correct in a row, or P(L) from knowledge tracing at or above {@code masteryPKnown}.
     */
    public record WheelSpinning(boolean enabled, Severity severity, int attempts, int masteryStreak, double masteryPKnown)
            implements Serializable {
        public WheelSpinning {
            require(masteryPKnown > 0 && masteryPKnown <= 1, "wheel_spinning.mastery_p_known",
                    "must be in (0, 1] (was " + masteryPKnown + "); 1 means only the correct streak counts");
            require(attempts >= 2 && attempts <= 1000, "wheel_spinning.attempts", "must be in [2, 1000] (was " + attempts + ")");
            require(masteryStreak >= 1 && masteryStreak <= attempts, "wheel_spinning.mastery_streak",
                    "must be in [1, attempts] (was " + masteryStreak + ")");
        }
    }

    /**
     * A skill that was mastered is lost: P(L) had reached {@code masteredPKnown} within the {@code window} updates
     * before the last {@code sustain} ones, and each of those last {@code sustain} updates lies more than {@code drop}
     * below that peak. Requiring a mastered peak and a sustained fall keeps a single slip, or a lucky guess early on,
     * from counting as a decline.
     */
    public record MasteryDecline(boolean enabled, Severity severity, double drop, int window, double masteredPKnown,
                                 int sustain) implements Serializable {
        public MasteryDecline {
            require(drop > 0 && drop < 1, "mastery_decline.drop", "must be in (0, 1) (was " + drop + ")");
            require(window >= 1 && window <= 1000, "mastery_decline.window", "must be in [1, 1000] updates (was " + window + ")");
            require(masteredPKnown > drop && masteredPKnown <= 1, "mastery_decline.mastered_p_known",
                    "must be in (drop, 1] (was " + masteredPKnown + ")");
            require(sustain >= 1 && sustain <= 100, "mastery_decline.sustain", "must be in [1, 100] updates (was " + sustain + ")");
        }
    }

    /** {@code failures} consecutive incorrect answers (any skill). */
    public record FailureStreak(boolean enabled, Severity severity, int failures) implements Serializable {
        public FailureStreak {
            require(failures >= 2 && failures <= 1000, "failure_streak.failures", "must be in [2, 1000] (was " + failures + ")");
        }
    }

    /**
     * More than {@code share} of the last {@code window} answers took less than the activity's threshold
     * ({@code activityThresholdsMs}, else {@code thresholdMs}).
     */
    public record RapidGuessing(boolean enabled, Severity severity, long thresholdMs, Map<String, Long> activityThresholdsMs,
                                double share, int window) implements Serializable {
        public RapidGuessing {
            require(thresholdMs > 0, "rapid_guessing.threshold_ms", "must be > 0 (was " + thresholdMs + ")");
            activityThresholdsMs = Map.copyOf(activityThresholdsMs == null ? Map.of() : activityThresholdsMs);
            require(share > 0 && share < 1, "rapid_guessing.share", "must be in (0, 1) (was " + share + ")");
            require(window >= 2 && window <= 1000, "rapid_guessing.window", "must be in [2, 1000] answers (was " + window + ")");
        }

        public long thresholdFor(String activity) {
            Long t = activity == null ? null : activityThresholdsMs.get(activity);
            return t == null ? thresholdMs : t;
        }
    }

    public static WarningRules defaults() {
        return new WarningRules(
                new Inactivity(true, Severity.WARNING, 4, true, "UTC"),
                new WheelSpinning(true, Severity.WARNING, 10, 3, 0.95),
                new MasteryDecline(true, Severity.WARNING, 0.5, 20, 0.95, 3),
                new FailureStreak(true, Severity.INFO, 12),
                new RapidGuessing(true, Severity.WARNING, 4000, Map.of(), 0.5, 10),
                Duration.ofDays(1), Duration.ofDays(30));
    }

    public boolean enabled(Rule rule) {
        return switch (rule) {
            case INACTIVITY -> inactivity.enabled();
            case WHEEL_SPINNING -> wheelSpinning.enabled();
            case MASTERY_DECLINE -> masteryDecline.enabled();
            case FAILURE_STREAK -> failureStreak.enabled();
            case RAPID_GUESSING -> rapidGuessing.enabled();
        };
    }

    public Severity severity(Rule rule) {
        return switch (rule) {
            case INACTIVITY -> inactivity.severity();
            case WHEEL_SPINNING -> wheelSpinning.severity();
            case MASTERY_DECLINE -> masteryDecline.severity();
            case FAILURE_STREAK -> failureStreak.severity();
            case RAPID_GUESSING -> rapidGuessing.severity();
        };
    }

    static void require(boolean ok, String setting, String what) {
        if (!ok) {
            throw new IllegalArgumentException("warning rules: " + setting + " " + what);
        }
    }
}
