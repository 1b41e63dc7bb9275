-- Core projections of the event log. Every table is idempotent under replay: a ReplacingMergeTree keyed by a
-- deterministic key, so re-inserting the same rows (at-least-once sink, replay) collapses under FINAL / merges.
-- Times are DateTime('UTC') (seconds); where millisecond order matters a *_ms UInt64 column sits next to it.

CREATE TABLE IF NOT EXISTS ${database}.learning_events
(
    statement_id        String,
    tenant              String,
    learner             String,
    kind                Enum8('RESPONSE' = 1, 'ACTIVITY' = 2, 'VOIDING' = 3),
    verb                String,
    object_id           String,
    object_type         String,
    activity_type       Nullable(String),
    skills              Array(String),
    success             Nullable(UInt8),
    score_scaled        Nullable(Float64),
    duration_ms         Nullable(Int64),
    registration        Nullable(String),
    course              Nullable(String),
    section             Nullable(String),
    voided_statement_id Nullable(String),
    timestamp           DateTime('UTC'),
    timestamp_ms        UInt64,
    stored              DateTime('UTC'),
    stored_ms           UInt64,
    statement_json      Nullable(String)
)
ENGINE = ReplacingMergeTree(stored_ms)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant, learner, statement_id);

CREATE TABLE IF NOT EXISTS ${database}.mastery_updates
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
    model_version        String
)
ENGINE = ReplacingMergeTree(sequence)
PARTITION BY toYYYYMM(event_time)
ORDER BY (tenant, learner, skill, statement_id);

-- Latest estimate per tenant x learner x skill. The version is the update's sequence, which grows in event-time
-- order within a learner x skill, so the newest estimate survives merges and FINAL whatever the insert order.
CREATE TABLE IF NOT EXISTS ${database}.mastery_current
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
    model_version        String
)
ENGINE = ReplacingMergeTree(sequence)
ORDER BY (tenant, learner, skill);

-- Fed from every insert into mastery_updates: writers only ever write the history.
CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.mastery_current_mv TO ${database}.mastery_current
AS SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend,
    first_mastered_at, first_mastered_at_ms, model_version
FROM ${database}.mastery_updates;

CREATE TABLE IF NOT EXISTS ${database}.dead_letters
(
    id             String,
    origin         String,
    `topic`        Nullable(String),
    `partition`    Nullable(Int32),
    `offset`       Nullable(Int64),
    tenant         Nullable(String),
    field          Nullable(String),
    rule           String,
    reason         String,
    payload        String,
    received_at    DateTime('UTC'),
    received_at_ms UInt64
)
ENGINE = ReplacingMergeTree(received_at_ms)
ORDER BY (origin, id);
