-- What each retention run removed, one row per step: a monthly partition dropped, the rows of some tenants deleted
-- by a mutation, records deleted from a Kafka partition, or a topic's retention.ms set. Append-only (a plain
-- MergeTree, so no merge folds a row away): the evidence a district gets. Rows name tables, topics, partitions and
-- tenants, never a learner.
CREATE TABLE IF NOT EXISTS ${database}.retention_runs
(
    run_id     String,
    at         DateTime('UTC'),
    at_ms      UInt64,
    store      String,
    target     String,
    scope      String,
    action     String,
    rows       UInt64,
    cutoff     DateTime('UTC'),
    who        String
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(at)
ORDER BY (at_ms, run_id, store, target);
