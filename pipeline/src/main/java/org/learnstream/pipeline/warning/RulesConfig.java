package org.learnstream.pipeline.warning;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules per tenant: {@code default} overlays the built-in {@link WarningRules#defaults()}, each entry of
 * {@code tenants} overlays {@code default}. Built from the parsed YAML/JSON tree, e.g.
 * <pre>
 * default:
 *   cooldown: 1d
 *   inactivity: {days: 4, school_days_only: true, zone: Europe/Paris, severity: warning}
 *   mastery_decline: {drop: 0.5, window: 20, mastered_p_known: 0.95, sustain: 3}
 * tenants:
 *   district7:
 *     failure_streak: {failures: 8, severity: info}
 *     rapid_guessing: {activity_thresholds_ms: {"https://example.org/items/1": 2500}}
 * </pre>
 */
public record RulesConfig(WarningRules defaults, Map<String, WarningRules> tenants) implements Serializable {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    public RulesConfig {
        tenants = Map.copyOf(tenants);
    }

    public static RulesConfig builtIn() {
        return new RulesConfig(WarningRules.defaults(), Map.of());
    }

    public WarningRules rulesFor(String tenant) {
        return tenants.getOrDefault(tenant, defaults);
    }

    @SuppressWarnings("unchecked")
    public static RulesConfig fromTree(Map<String, Object> tree, String origin) {
        Map<String, Object> root = tree == null ? Map.of() : tree;
        for (String k : root.keySet()) {
            if (!k.equals("default") && !k.equals("tenants")) {
                throw new IllegalArgumentException(origin + ": unknown top-level key '" + k + "'; use default and tenants");
            }
        }
        Map<String, Object> base = section(root.get("default"), origin + ": default");
        WarningRules defaults = build(base, origin + ": default");
        Map<String, WarningRules> tenants = new HashMap<>();
        Map<String, Object> tenantTree = section(root.get("tenants"), origin + ": tenants");
        for (Map.Entry<String, Object> t : tenantTree.entrySet()) {
            String where = origin + ": tenants." + t.getKey();
            tenants.put(t.getKey(), build(merge(base, section(t.getValue(), where)), where));
        }
        return new RulesConfig(defaults, tenants);
    }

    private static WarningRules build(Map<String, Object> tree, String where) {
        WarningRules d = WarningRules.defaults();
        try {
            Map<String, Object> in = section(tree.get("inactivity"), where + ".inactivity");
            Map<String, Object> ws = section(tree.get("wheel_spinning"), where + ".wheel_spinning");
            Map<String, Object> md = section(tree.get("mastery_decline"), where + ".mastery_decline");
            Map<String, Object> fs = section(tree.get("failure_streak"), where + ".failure_streak");
            Map<String, Object> rg = section(tree.get("rapid_guessing"), where + ".rapid_guessing");
            Map<String, Long> perActivity = new HashMap<>();
            section(rg.get("activity_thresholds_ms"), where + ".rapid_guessing.activity_thresholds_ms")
                    .forEach((k, v) -> perActivity.put(k, ((Number) v).longValue()));
            return new WarningRules(
                    new WarningRules.Inactivity(bool(in, "enabled", d.inactivity().enabled()),
                            severity(in, d.inactivity().severity()), integer(in, "days", d.inactivity().days()),
                            bool(in, "school_days_only", d.inactivity().schoolDaysOnly()),
                            String.valueOf(in.getOrDefault("zone", d.inactivity().zone()))),
                    new WarningRules.WheelSpinning(bool(ws, "enabled", true), severity(ws, d.wheelSpinning().severity()),
                            integer(ws, "attempts", d.wheelSpinning().attempts()),
                            integer(ws, "mastery_streak", d.wheelSpinning().masteryStreak()),
                            number(ws, "mastery_p_known", d.wheelSpinning().masteryPKnown())),
                    new WarningRules.MasteryDecline(bool(md, "enabled", true), severity(md, d.masteryDecline().severity()),
                            number(md, "drop", d.masteryDecline().drop()), integer(md, "window", d.masteryDecline().window()),
                            number(md, "mastered_p_known", d.masteryDecline().masteredPKnown()),
                            integer(md, "sustain", d.masteryDecline().sustain())),
                    new WarningRules.FailureStreak(bool(fs, "enabled", true), severity(fs, d.failureStreak().severity()),
                            integer(fs, "failures", d.failureStreak().failures())),
                    new WarningRules.RapidGuessing(bool(rg, "enabled", true), severity(rg, d.rapidGuessing().severity()),
                            integer(rg, "threshold_ms", (int) d.rapidGuessing().thresholdMs()), perActivity,
                            number(rg, "share", d.rapidGuessing().share()), integer(rg, "window", d.rapidGuessing().window())),
                    duration(tree.get("cooldown"), d.cooldown(), where + ".cooldown"),
                    duration(tree.get("forget_after"), d.forgetAfter(), where + ".forget_after"));
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(where + ": a setting has the wrong type (" + e.getMessage()
                    + "); numbers for thresholds, true/false for enabled, text for severity and zone");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " must be a mapping (key: value lines), was " + value);
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> out.merge(k, v, (a, b) -> a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
                ? merge((Map<String, Object>) am, (Map<String, Object>) bm) : b));
        return out;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        return v == null ? fallback : (Boolean) v;
    }

    private static int integer(Map<String, Object> m, String key, int fallback) {
        Object v = m.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    private static double number(Map<String, Object> m, String key, double fallback) {
        Object v = m.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    private static Severity severity(Map<String, Object> m, Severity fallback) {
        Object v = m.get("severity");
        return v == null ? fallback : Severity.of(String.valueOf(v));
    }

    static Duration duration(Object value, Duration fallback, String where) {
        if (value == null) {
            return fallback;
        }
        String text = String.valueOf(value).trim();
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text.toUpperCase(java.util.Locale.ROOT));
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + " '" + text + "' is not a duration; write e.g. 90s, 30m, 12h, 1d or P1D");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
