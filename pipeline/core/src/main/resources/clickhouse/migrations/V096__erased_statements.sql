-- The ids of other actors' statements that an erasure deleted because they named the learner (as an agent of theirs,
-- or only in their text). The job drops these ids for good (the erasure ledger names them), so the xAPI endpoint
-- refuses such an id sent again instead of answering 200 for a statement that would never land. Ids only: no learner,
-- no text. Kept as long as the ledger keeps them.
CREATE TABLE IF NOT EXISTS ${database}.erased_statements
(
    tenant       String,
    statement_id String,
    erasure_id   String,
    erased_at_ms UInt64
)
ENGINE = ReplacingMergeTree()
ORDER BY (tenant, statement_id);
