-- Resolutions are delivered too: a delivery is one alert change (raised or resolved) to one subscription, so the
-- change joins the sorting key. ClickHouse 18.16 cannot change a sorting key in place (no MODIFY ORDER BY, no
-- EXCHANGE TABLES): copy into a new table and swap the names with RENAME. Earlier rows were all deliveries of raises.
CREATE TABLE IF NOT EXISTS ${database}.alert_deliveries_v060
(
    alert_id        String,
    change          Enum8('raised' = 1, 'resolved' = 2),
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

INSERT INTO ${database}.alert_deliveries_v060 (alert_id, change, subscription_id, attempt, status, http_status, error, at)
SELECT alert_id, CAST('raised' AS Enum8('raised' = 1, 'resolved' = 2)), subscription_id, attempt, status, http_status, error, at
FROM ${database}.alert_deliveries;

RENAME TABLE ${database}.alert_deliveries TO ${database}.alert_deliveries_before_v060,
             ${database}.alert_deliveries_v060 TO ${database}.alert_deliveries;

DROP TABLE ${database}.alert_deliveries_before_v060;
