-- Class-wide alert patterns: one rule (and skill) alerting at least the configured share of a class's active
-- learners within the window. Counts only, no learner. A pattern is identified by its class, rule, skill and the
-- event time it began (start_ms); it is written again each time it reaches more learners, and the row counting the
-- most learners replaces the others (among equal counts the last written). Not the newest alert's time: the class's
-- alerts come from many learners' operators and reach it out of event-time order. Partitioned by the start, which a
-- pattern keeps, so its rows always meet in one partition.
CREATE TABLE IF NOT EXISTS ${database}.class_patterns
(
    tenant           String,
    course           String,
    section          String,
    rule             String,
    skill            String,
    start            DateTime('UTC'),
    start_ms         UInt64,
    at               DateTime('UTC'),
    at_ms            UInt64,
    alerted_learners UInt32,
    class_learners   UInt32
)
ENGINE = ReplacingMergeTree(alerted_learners)
PARTITION BY toYYYYMM(start)
ORDER BY (tenant, course, section, rule, skill, start_ms);
