-- Per tenant x course x section x skill x day x attempt number: the Skill insight's difficulty / learning-rate and
-- learning-curve panels and the cookbook's mastery trend and low-learning-rate queries. Without it they read
-- mastery_updates FINAL for a whole school (900 000 rows per school at 10 million events) or merge skill_daily's
-- sets of statement id strings (12 000 rows of ~20 KB deserialised for one class): seconds each.
-- Answers and learners are sets (uniqExact states; answers as cityHash64 of the statement id), so an update inserted
-- again (an at-least-once retry, a replay) is counted once, as FINAL counts it. The means (P(L) after the answer,
-- gain in P(L)) are plain averages over inserted rows, like mean_p_known in skill_daily: a re-inserted update weighs
-- twice there (see README). Voided rows are left out, as in the other views. Small granules (64 rows), because the
-- states are large and ClickHouse reads whole granules before it filters. Filled from the stored history without
-- FINAL, as in V040.
CREATE TABLE IF NOT EXISTS ${database}.skill_attempt_daily
(
    tenant               String,
    course               String,
    section              String,
    skill                String,
    day                  Date,
    attempt_number       UInt32,
    learner_ids          AggregateFunction(uniqExact, String),
    mastered_learner_ids AggregateFunction(uniqExactIf, String, UInt8),
    answers              AggregateFunction(uniqExact, UInt64),
    correct_answers      AggregateFunction(uniqExactIf, UInt64, UInt8),
    mean_p_known         AggregateFunction(avg, Float64),
    mean_gain            AggregateFunction(avg, Float64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(day)
ORDER BY (tenant, course, section, skill, day, attempt_number)
SETTINGS index_granularity = 64;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.skill_attempt_daily_mv TO ${database}.skill_attempt_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    skill,
    toDate(event_time) AS day,
    toUInt32(least(attempts, 16)) AS attempt_number,
    uniqExactState(learner) AS learner_ids,
    uniqExactIfState(learner, mastered = 1) AS mastered_learner_ids,
    uniqExactState(cityHash64(statement_id)) AS answers,
    uniqExactIfState(cityHash64(statement_id), correct = 1) AS correct_answers,
    avgState(p_known_after) AS mean_p_known,
    avgState(p_known_after - p_known_before) AS mean_gain
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, section, skill, day, attempt_number;

INSERT INTO ${database}.skill_attempt_daily
SELECT
    tenant, ifNull(course, '') AS course, ifNull(section, '') AS section, skill, toDate(event_time) AS day,
    toUInt32(least(attempts, 16)) AS attempt_number,
    uniqExactState(learner), uniqExactIfState(learner, mastered = 1), uniqExactState(cityHash64(statement_id)),
    uniqExactIfState(cityHash64(statement_id), correct = 1), avgState(p_known_after),
    avgState(p_known_after - p_known_before)
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, section, skill, day, attempt_number;
