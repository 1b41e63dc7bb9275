-- Daily aggregates for dashboards and data teams, kept by materialized views as rows arrive.
-- Counts are uniqExact over statement ids, so a replay or an at-least-once retry that inserts the same rows again
-- does not inflate attempts, correct answers or events. Means (P(L)) are plain averages over inserted rows: a partial
-- re-insert weighs the repeated rows twice. Read each column with the -Merge of the function in its type, e.g.
-- uniqExactIfMerge(correct) / uniqExactMerge(attempts), grouping by the part of the key you need.

CREATE TABLE IF NOT EXISTS ${database}.skill_daily
(
    tenant            String,
    course            String,
    section           String,
    skill             String,
    day               Date,
    learners_active   AggregateFunction(uniqExact, String),
    mean_p_known      AggregateFunction(avg, Float64),
    learners_mastered AggregateFunction(uniqExactIf, String, UInt8),
    newly_mastered    AggregateFunction(uniqExactIf, String, UInt8),
    attempts          AggregateFunction(uniqExact, String),
    correct           AggregateFunction(uniqExactIf, String, UInt8)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, course, section, skill, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.skill_daily_mv TO ${database}.skill_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    skill,
    toDate(event_time) AS day,
    uniqExactState(learner) AS learners_active,
    avgState(p_known_after) AS mean_p_known,
    uniqExactIfState(learner, mastered = 1) AS learners_mastered,
    uniqExactIfState(learner, isNotNull(first_mastered_at) AND toDate(assumeNotNull(first_mastered_at)) = toDate(event_time)) AS newly_mastered,
    uniqExactState(statement_id) AS attempts,
    uniqExactIfState(statement_id, correct = 1) AS correct
FROM ${database}.mastery_updates
GROUP BY tenant, course, section, skill, day;

CREATE TABLE IF NOT EXISTS ${database}.learner_daily
(
    tenant          String,
    learner         String,
    course          String,
    section         String,
    day             Date,
    events          AggregateFunction(uniqExact, String),
    responses       AggregateFunction(uniqExactIf, String, UInt8),
    correct         AggregateFunction(uniqExactIf, String, UInt8),
    skills_practised AggregateFunction(uniqExactArray, Array(String)),
    first_seen      AggregateFunction(min, DateTime('UTC')),
    last_seen       AggregateFunction(max, DateTime('UTC'))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, learner, course, section, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.learner_daily_mv TO ${database}.learner_daily
AS SELECT
    tenant,
    learner,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    toDate(timestamp) AS day,
    uniqExactState(statement_id) AS events,
    uniqExactIfState(statement_id, kind = 'RESPONSE') AS responses,
    uniqExactIfState(statement_id, kind = 'RESPONSE' AND ifNull(success, 0) = 1) AS correct,
    uniqExactArrayState(skills) AS skills_practised,
    minState(timestamp) AS first_seen,
    maxState(timestamp) AS last_seen
FROM ${database}.learning_events
WHERE kind != 'VOIDING'
GROUP BY tenant, learner, course, section, day;
