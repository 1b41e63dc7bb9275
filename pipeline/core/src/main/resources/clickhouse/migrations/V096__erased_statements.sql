-- The ids of the statements an erasure deleted: the learner's own, and other actors' that named the learner (as an
-- agent of theirs, or only in their text). The job drops them for good (the learner's by their erasure, the others'
-- by id, named in the erasure ledger), so the xAPI endpoint refuses such an id sent again instead of answering 200 for
-- a statement that would never land. Ids only: no learner, no text. Kept as long as the ledger keeps its entries.
CREATE TABLE IF NOT EXISTS ${database}.erased_statements
(
    tenant       String,
    statement_id String,
    erasure_id   String,
    erased_at_ms UInt64
)
ENGINE = ReplacingMergeTree()
ORDER BY (tenant, statement_id);
