-- The reads of GET /xapi/statements by agent (V072 has the other filters): the statements in which an agent's
-- identifier occurs, in stored order, so that a page of one learner's statements reads the granules holding them and
-- not every statement of the tenant. learning_events has no columns for a statement's agents, so the view takes the
-- identifiers from the statement's JSON text: every mbox, mbox_sha1sum, openid and account name in it, wherever it
-- occurs (actor, object, authority, context, SubStatement). That is a superset of the statements a filter matches;
-- the endpoint decides on the JSON which of them do (agent: actor or object; related_agents: any of them). Values are
-- kept as the JSON text spells them (escapes and all), mbox and mbox_sha1sum in lower case, as the filter compares
-- them.
CREATE TABLE IF NOT EXISTS ${database}.statement_agents
(
    tenant       String,
    agent        String,
    stored_ms    UInt64,
    statement_id String
)
ENGINE = ReplacingMergeTree()
ORDER BY (tenant, agent, stored_ms, statement_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_agents_mv TO ${database}.statement_agents AS
SELECT tenant, agent, stored_ms, statement_id
FROM ${database}.learning_events
ARRAY JOIN arrayConcat(
    arrayMap(v -> concat('mbox:', lowerUTF8(v)),
             extractAll(assumeNotNull(statement_json), '"mbox":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('mbox_sha1sum:', lowerUTF8(v)),
             extractAll(assumeNotNull(statement_json), '"mbox_sha1sum":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('openid:', v),
             extractAll(assumeNotNull(statement_json), '"openid":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('account:', v),
             extractAll(assumeNotNull(statement_json),
                        '"account":\\{(?:"homePage":"(?:[^"\\\\]|\\\\.)*",)?"name":"((?:[^"\\\\]|\\\\.)*)"'))) AS agent
WHERE isNotNull(statement_json);

INSERT INTO ${database}.statement_agents (tenant, agent, stored_ms, statement_id)
SELECT tenant, agent, stored_ms, statement_id
FROM ${database}.learning_events
ARRAY JOIN arrayConcat(
    arrayMap(v -> concat('mbox:', lowerUTF8(v)),
             extractAll(assumeNotNull(statement_json), '"mbox":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('mbox_sha1sum:', lowerUTF8(v)),
             extractAll(assumeNotNull(statement_json), '"mbox_sha1sum":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('openid:', v),
             extractAll(assumeNotNull(statement_json), '"openid":"((?:[^"\\\\]|\\\\.)*)"')),
    arrayMap(v -> concat('account:', v),
             extractAll(assumeNotNull(statement_json),
                        '"account":\\{(?:"homePage":"(?:[^"\\\\]|\\\\.)*",)?"name":"((?:[^"\\\\]|\\\\.)*)"'))) AS agent
WHERE isNotNull(statement_json);

-- The stored time of each tenant's first statement: where an ascending page without since starts looking, instead of
-- reading the stored times of all of the tenant's statements (ClickHouse 18.16 reads every row a WHERE lets through).
CREATE TABLE IF NOT EXISTS ${database}.statement_first
(
    tenant          String,
    first_stored_ms AggregateFunction(min, UInt64)
)
ENGINE = AggregatingMergeTree()
ORDER BY tenant;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_first_mv TO ${database}.statement_first AS
SELECT tenant, minState(stored_ms) AS first_stored_ms
FROM ${database}.learning_events
WHERE isNotNull(statement_json)
GROUP BY tenant;

INSERT INTO ${database}.statement_first (tenant, first_stored_ms)
SELECT tenant, minState(stored_ms) FROM ${database}.learning_events WHERE isNotNull(statement_json) GROUP BY tenant;
