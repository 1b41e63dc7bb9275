-- Voiding: a voided answer's row is marked voided = 1 and the updates after it are re-emitted corrected, with
-- lower sequence numbers. The row that holds is the one with the highest revision, so mastery_updates and
-- mastery_current are rebuilt with ReplacingMergeTree(revision) (the version of an existing table cannot be
-- altered). Steps that work on ClickHouse 18.16 and current releases alike: drop the views reading the history,
-- copy it into a new table, swap the names with RENAME, rebuild mastery_current, recreate the views.
-- Rows written before this migration get revision = sequence (the order they held until now).

DROP TABLE IF EXISTS ${database}.mastery_current_mv;

DROP TABLE IF EXISTS ${database}.skill_daily_mv;

CREATE TABLE ${database}.mastery_updates_revised
(
    tenant               String,
    learner              String,
    skill                String,
    statement_id         String,
    course               Nullable(String),
    section              Nullable(String),
    event_time           DateTime('UTC'),
    event_time_ms        UInt64,
    sequence             UInt32,
    correct              UInt8,
    p_known_before       Float64,
    p_correct_predicted  Float64,
    p_known_after        Float64,
    mastered             UInt8,
    attempts             UInt32,
    correct_count        UInt32,
    recent_accuracy      Float64,
    recent_window        UInt32,
    trend                Float64,
    first_mastered_at    Nullable(DateTime('UTC')),
    first_mastered_at_ms Nullable(UInt64),
    model_version        String,
    revision             UInt64 DEFAULT 0,
    voided               UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY toYYYYMM(event_time)
ORDER BY (tenant, learner, skill, statement_id);

INSERT INTO ${database}.mastery_updates_revised
SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_before, p_correct_predicted, p_known_after, mastered, attempts, correct_count, recent_accuracy,
    recent_window, trend, first_mastered_at, first_mastered_at_ms, model_version,
    toUInt64(sequence) AS revision, toUInt8(0) AS voided
FROM ${database}.mastery_updates;

RENAME TABLE ${database}.mastery_updates TO ${database}.mastery_updates_before_revisions,
    ${database}.mastery_updates_revised TO ${database}.mastery_updates;

DROP TABLE ${database}.mastery_updates_before_revisions;

DROP TABLE IF EXISTS ${database}.mastery_current;

CREATE TABLE ${database}.mastery_current
(
    tenant               String,
    learner              String,
    skill                String,
    statement_id         String,
    course               Nullable(String),
    section              Nullable(String),
    event_time           DateTime('UTC'),
    event_time_ms        UInt64,
    sequence             UInt32,
    correct              UInt8,
    p_known_after        Float64,
    mastered             UInt8,
    attempts             UInt32,
    correct_count        UInt32,
    recent_accuracy      Float64,
    recent_window        UInt32,
    trend                Float64,
    first_mastered_at    Nullable(DateTime('UTC')),
    first_mastered_at_ms Nullable(UInt64),
    model_version        String,
    revision             UInt64
)
ENGINE = ReplacingMergeTree(revision)
ORDER BY (tenant, learner, skill);

-- A voided row never becomes current: voiding the newest answer re-emits the one before it with a higher revision.
CREATE MATERIALIZED VIEW ${database}.mastery_current_mv TO ${database}.mastery_current
AS SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend,
    first_mastered_at, first_mastered_at_ms, model_version, revision
FROM ${database}.mastery_updates
WHERE voided = 0;

INSERT INTO ${database}.mastery_current
SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend,
    first_mastered_at, first_mastered_at_ms, model_version, revision
FROM ${database}.mastery_updates
WHERE voided = 0;

-- Daily aggregates count only rows that are not voided. Aggregate states cannot forget a row: an answer voided
-- after its day was aggregated still counts there (see README, skill_daily).
CREATE MATERIALIZED VIEW ${database}.skill_daily_mv TO ${database}.skill_daily
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
WHERE voided = 0
GROUP BY tenant, course, section, skill, day;
