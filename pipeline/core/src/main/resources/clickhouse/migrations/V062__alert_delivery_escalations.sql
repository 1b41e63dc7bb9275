-- An alert's escalation to tier act is delivered too, as a change of its own, and digest subscriptions get one
-- message per learner and period (alert_id digest:<learner>:<period end>). The change is in the sorting key, and
-- ClickHouse 18.16 cannot alter a sorting key column in place: copy into a new table with the wider Enum8 and swap
-- the names with RENAME, as V060 did.
CREATE TABLE IF NOT EXISTS ${database}.alert_deliveries_v062
(
    alert_id        String,
    change          Enum8('raised' = 1, 'resolved' = 2, 'escalated' = 3, 'digest' = 4),
    subscription_id String,
    attempt         UInt32,
    status          Enum8('delivered' = 1, 'failed' = 2, 'dead_lettered' = 3),
    http_status     Nullable(UInt16),
    error           Nullable(String),
    at              DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, change, subscription_id, attempt);

INSERT INTO ${database}.alert_deliveries_v062 (alert_id, change, subscription_id, attempt, status, http_status, error, at)
SELECT alert_id, CAST(toString(change) AS Enum8('raised' = 1, 'resolved' = 2, 'escalated' = 3, 'digest' = 4)), subscription_id,
       attempt, status, http_status, error, at
FROM ${database}.alert_deliveries;

RENAME TABLE ${database}.alert_deliveries TO ${database}.alert_deliveries_before_v062,
             ${database}.alert_deliveries_v062 TO ${database}.alert_deliveries;

DROP TABLE ${database}.alert_deliveries_before_v062;
