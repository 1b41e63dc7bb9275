-- Pre-aggregated mastery history for the Skill insight dashboard's time-to-mastery panel: reading mastery_updates
-- FINAL per learner x skill for a whole school takes seconds once it holds millions of updates.
-- Kept by a materialized view like the daily aggregates; the INSERT ... SELECT at the end fills it from the history
-- already stored when the migration runs (on an empty database it inserts nothing). The fill reads without FINAL, as
-- the views do: duplicates not yet merged away change no min or max.

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
WHERE voided = 0
GROUP BY tenant, course, skill, learner, day;

INSERT INTO ${database}.learner_skill_progress
SELECT
    tenant, ifNull(course, '') AS course, skill, learner, toDate(event_time) AS day,
    minState(event_time), maxState(mastered), minIfState(event_time, mastered = 1), minIfState(attempts, mastered = 1)
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, skill, learner, day;
