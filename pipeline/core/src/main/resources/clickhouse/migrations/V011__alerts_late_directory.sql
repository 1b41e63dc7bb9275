-- Early-warning alerts and their webhook deliveries, events that arrived after the allowed lateness, and the
-- restricted pseudonym -> display name directory.

-- One row per alert version: raising inserts version 1, resolving inserts the same alert_id with a higher version.
CREATE TABLE IF NOT EXISTS ${database}.alerts
(
    alert_id    String,
    tenant      String,
    learner     String,
    course      Nullable(String),
    section     Nullable(String),
    skill       Nullable(String),
    rule        String,
    severity    String,
    status      Enum8('raised' = 1, 'resolved' = 2),
    evidence    String,
    raised_at   DateTime('UTC'),
    resolved_at Nullable(DateTime('UTC')),
    version     UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(raised_at)
ORDER BY (tenant, alert_id);

-- Every webhook delivery attempt; re-recording the same attempt collapses on (alert_id, subscription_id, attempt).
CREATE TABLE IF NOT EXISTS ${database}.alert_deliveries
(
    alert_id        String,
    subscription_id String,
    attempt         UInt32,
    status          Enum8('delivered' = 1, 'failed' = 2, 'dead_lettered' = 3),
    http_status     Nullable(UInt16),
    error           Nullable(String),
    at              DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, subscription_id, attempt);

-- Events that reached the mastery job behind its watermark plus the allowed lateness: stored, counted, not applied.
CREATE TABLE IF NOT EXISTS ${database}.late_events
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
    statement_json      Nullable(String),
    arrived_at          DateTime('UTC')
)
ENGINE = ReplacingMergeTree(stored_ms)
PARTITION BY toYYYYMM(arrived_at)
ORDER BY (tenant, learner, statement_id);

-- Restricted: the only place a pseudonym meets a name. Never grant it to the dashboards' datasource user.
CREATE TABLE IF NOT EXISTS ${database}.learner_directory
(
    tenant       String,
    learner      String,
    display_name String,
    updated_at   DateTime('UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (tenant, learner);
