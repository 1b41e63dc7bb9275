-- The audit trail: one row per administrative action and per read of identifying data (who, when, which tenant,
-- what). Append-only: a plain MergeTree, so no merge folds a row away, and no writer updates or deletes one.
-- Created here rather than on first use, so that the first audited action never races the table's creation.
CREATE TABLE IF NOT EXISTS ${database}.audit_log
(
    at     DateTime('UTC'),
    at_ms  UInt64,
    who    String,
    tenant String,
    action String,
    target String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (tenant, at_ms);
