package org.learnstream.pipeline.warning;

/** The early-warning rules; {@link #id()} is the value stored in ClickHouse {@code alerts.rule} and on the wire. */
public enum Rule {
    INACTIVITY("inactivity"),
    WHEEL_SPINNING("wheel_spinning"),
    MASTERY_DECLINE("mastery_decline"),
    FAILURE_STREAK("failure_streak"),
    RAPID_GUESSING("rapid_guessing");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Accepts the id ({@code wheel_spinning}) or its hyphenated form ({@code wheel-spinning}). */
    public static Rule of(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        for (Rule r : values()) {
            if (r.id.equals(wanted)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown rule '" + id + "'; use one of inactivity, wheel_spinning, "
                + "mastery_decline, failure_streak, rapid_guessing");
    }
}
