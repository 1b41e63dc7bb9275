-- Pre-aggregated mastery history for the Skill insight dashboard: reading mastery_updates FINAL for a whole school
-- takes seconds once it holds millions of updates, these tables answer the same questions from a few thousand rows.
-- Kept by materialized views like the daily aggregates; the INSERT ... SELECT at the end fills them from the history
-- already stored when the migration runs (on an empty database it inserts nothing). The fill reads without FINAL, as
-- the views do: duplicates not yet merged away change no count (uniqExact) and no min/max, only weigh in mean_gain.
-- Statement ids are counted as cityHash64 values: uniqExact over 8-byte hashes merges much faster than over strings,
-- and a collision among one school's statements is vanishingly unlikely.

-- Per tenant x course x skill x day x attempt number (capped at 16: the learning curve shows 1..15).
CREATE TABLE IF NOT EXISTS ${database}.skill_attempts_daily
(
    tenant           String,
    course           String,
    skill            String,
    day              Date,
    attempt_number   UInt32,
    learner_ids      AggregateFunction(uniqExact, String),
    mastered_learner_ids AggregateFunction(uniqExactIf, String, UInt8),
    answers          AggregateFunction(uniqExact, UInt64),
    correct_answers  AggregateFunction(uniqExactIf, UInt64, UInt8),
    mean_gain        AggregateFunction(avg, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, course, skill, day, attempt_number);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.skill_attempts_daily_mv TO ${database}.skill_attempts_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    skill,
    toDate(event_time) AS day,
    least(attempts, 16) AS attempt_number,
    uniqExactState(learner) AS learner_ids,
    uniqExactIfState(learner, mastered = 1) AS mastered_learner_ids,
    uniqExactState(cityHash64(statement_id)) AS answers,
    uniqExactIfState(cityHash64(statement_id), correct = 1) AS correct_answers,
    avgState(p_known_after - p_known_before) AS mean_gain
FROM ${database}.mastery_updates
GROUP BY tenant, course, skill, day, attempt_number;

-- Per tenant x course x skill x learner x day: when the learner started and first reached mastery, in how many
-- attempts. min/max states are idempotent, so re-inserted updates change nothing.
CREATE TABLE IF NOT EXISTS ${database}.learner_skill_progress
(
    tenant              String,
    course              String,
    skill               String,
    learner             String,
    day                 Date,
    first_practised     AggregateFunction(min, DateTime('UTC')),
    mastered_flag       AggregateFunction(max, UInt8),
    mastered_at         AggregateFunction(minIf, DateTime('UTC'), UInt8),
    mastery_attempts    AggregateFunction(minIf, UInt32, UInt8)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, course, skill, learner, day);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.learner_skill_progress_mv TO ${database}.learner_skill_progress
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    skill,
    learner,
    toDate(event_time) AS day,
    minState(event_time) AS first_practised,
    maxState(mastered) AS mastered_flag,
    minIfState(event_time, mastered = 1) AS mastered_at,
    minIfState(attempts, mastered = 1) AS mastery_attempts
FROM ${database}.mastery_updates
GROUP BY tenant, course, skill, learner, day;

INSERT INTO ${database}.skill_attempts_daily
SELECT
    tenant, ifNull(course, '') AS course, skill, toDate(event_time) AS day, least(attempts, 16) AS attempt_number,
    uniqExactState(learner), uniqExactIfState(learner, mastered = 1), uniqExactState(cityHash64(statement_id)),
    uniqExactIfState(cityHash64(statement_id), correct = 1), avgState(p_known_after - p_known_before)
FROM ${database}.mastery_updates
GROUP BY tenant, course, skill, day, attempt_number;

INSERT INTO ${database}.learner_skill_progress
SELECT
    tenant, ifNull(course, '') AS course, skill, learner, toDate(event_time) AS day,
    minState(event_time), maxState(mastered), minIfState(event_time, mastered = 1), minIfState(attempts, mastered = 1)
FROM ${database}.mastery_updates
GROUP BY tenant, course, skill, learner, day;
