-- The reads of GET /xapi/statements, kept apart from learning_events, whose key (tenant, learner, statement_id) serves
-- the analytics: a statement by id, the statements a voiding statement targets, and pages in stored order. Each
-- table is kept by a materialized view on learning_events (only statements with their JSON: the endpoint's), and
-- rows already there are copied in. A row inserted between a view's creation and the copy is there twice until a
-- merge; every read takes one row per statement_id.

-- By id: which statements a tenant has and when each was stored (the key of its row in statement_timeline).
CREATE TABLE IF NOT EXISTS ${database}.statement_ids
(
    tenant       String,
    statement_id String,
    stored_ms    UInt64
)
ENGINE = ReplacingMergeTree(stored_ms)
ORDER BY (tenant, statement_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_ids_mv TO ${database}.statement_ids AS
SELECT tenant, statement_id, stored_ms
FROM ${database}.learning_events
WHERE isNotNull(statement_json);

INSERT INTO ${database}.statement_ids (tenant, statement_id, stored_ms)
SELECT tenant, statement_id, stored_ms FROM ${database}.learning_events WHERE isNotNull(statement_json);

-- Statements whose object is a StatementRef (voiding statements among them), by the id they refer to: whether a
-- statement is voided, what pages leave out, and which statements match a filter through the one they refer to.
CREATE TABLE IF NOT EXISTS ${database}.statement_refs
(
    tenant       String,
    target_id    String,
    statement_id String,
    stored_ms    UInt64,
    voiding      UInt8
)
ENGINE = ReplacingMergeTree(stored_ms)
ORDER BY (tenant, target_id, statement_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_refs_mv TO ${database}.statement_refs AS
SELECT tenant, object_id AS target_id, statement_id, stored_ms, toUInt8(kind = 'VOIDING') AS voiding
FROM ${database}.learning_events
WHERE object_type = 'StatementRef' AND isNotNull(statement_json);

INSERT INTO ${database}.statement_refs (tenant, target_id, statement_id, stored_ms, voiding)
SELECT tenant, object_id, statement_id, stored_ms, toUInt8(kind = 'VOIDING') FROM ${database}.learning_events
WHERE object_type = 'StatementRef' AND isNotNull(statement_json);

-- Pages in stored order with the columns the filters read; small granules, so that reading the statements of one
-- page, one id or a sparse filter's matches decompresses little JSON besides them.
CREATE TABLE IF NOT EXISTS ${database}.statement_timeline
(
    tenant         String,
    stored_ms      UInt64,
    statement_id   String,
    verb           String,
    object_type    String,
    object_id      String,
    registration   Nullable(String),
    statement_json String
)
ENGINE = ReplacingMergeTree()
PARTITION BY toYYYYMM(toDateTime(intDiv(stored_ms, 1000), 'UTC'))
ORDER BY (tenant, stored_ms, statement_id)
SETTINGS index_granularity = 128;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_timeline_mv TO ${database}.statement_timeline AS
SELECT tenant, stored_ms, statement_id, verb, object_type, object_id, registration,
       assumeNotNull(statement_json) AS statement_json
FROM ${database}.learning_events
WHERE isNotNull(statement_json);

INSERT INTO ${database}.statement_timeline (tenant, stored_ms, statement_id, verb, object_type, object_id,
                                            registration, statement_json)
SELECT tenant, stored_ms, statement_id, verb, object_type, object_id, registration, assumeNotNull(statement_json)
FROM ${database}.learning_events WHERE isNotNull(statement_json);

-- The statements of each value of the filters on the statement's own columns ('verb <iri>', 'activity <iri>' for an
-- Activity object, 'registration <uuid>'), in stored order: where a page of a filtered query lies, without reading
-- the filter's column for every statement of the tenant.
CREATE TABLE IF NOT EXISTS ${database}.statement_keys
(
    tenant       String,
    key          String,
    stored_ms    UInt64,
    statement_id String
)
ENGINE = ReplacingMergeTree()
ORDER BY (tenant, key, stored_ms, statement_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_keys_mv TO ${database}.statement_keys AS
SELECT tenant, key, stored_ms, statement_id
FROM ${database}.learning_events
ARRAY JOIN [concat('verb ', verb), if(object_type = 'Activity', concat('activity ', object_id), ''),
            concat('registration ', ifNull(registration, ''))] AS key
WHERE isNotNull(statement_json) AND key NOT IN ('', 'registration ');

INSERT INTO ${database}.statement_keys (tenant, key, stored_ms, statement_id)
SELECT tenant, key, stored_ms, statement_id
FROM ${database}.learning_events
ARRAY JOIN [concat('verb ', verb), if(object_type = 'Activity', concat('activity ', object_id), ''),
            concat('registration ', ifNull(registration, ''))] AS key
WHERE isNotNull(statement_json) AND key NOT IN ('', 'registration ');
