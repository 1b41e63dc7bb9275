-- The receipts of learnstream erase: one row per erasure, never changed or merged away (a plain MergeTree). A row
-- names the learner by pseudonym only, never by an identifier or a name; per store the rows removed, and the result
-- of the verification scan that read every table for the pseudonym and the identifier afterwards.
CREATE TABLE IF NOT EXISTS ${database}.erasure_receipts
(
    receipt_id      String,
    tenant          String,
    learner         String,
    requested_at    DateTime('UTC'),
    requested_at_ms UInt64,
    completed_at    DateTime('UTC'),
    completed_at_ms UInt64,
    requested_by    String,
    stores          Array(String),
    rows_removed    Array(UInt64),
    tables_scanned  UInt32,
    occurrences     UInt64,
    verified        UInt8
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(requested_at)
ORDER BY (tenant, requested_at_ms, receipt_id);
