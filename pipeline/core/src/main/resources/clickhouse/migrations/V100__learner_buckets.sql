-- Erasing a learner deletes their rows with ALTER TABLE ... DELETE, which rewrites every part that holds one of them:
-- with monthly partitions alone a learner's rows are in every part of every month, so one erasure rewrote the whole
-- history (at 10 million events, 3 minutes of rewriting over the 8 largest per-learner tables). Those tables are now
-- also partitioned by a learner bucket (cityHash64(learner) % 8), so an erasure rewrites the parts of one bucket, an
-- eighth, and ClickHouse links the other parts unchanged. The statement-read tables have no learner column: they get
-- learner_bucket, which their views compute from learning_events.
--
-- A partition key is fixed when a table is created, so the steps are those of V021 and V050: drop the views reading
-- the rebuilt tables, copy each into a new table, swap the names with RENAME, recreate the views (their queries are
-- unchanged, the statement-read views add learner_bucket). The statement-read tables are filled again from
-- learning_events by their views' queries, as V072 and V080 filled them. On a large store this migration copies
-- every statement twice (about as long as V080 took); the copies of statement text read one stream in small blocks,
-- which keeps them within the server's memory per query.

DROP TABLE IF EXISTS ${database}.mastery_current_mv;

DROP TABLE IF EXISTS ${database}.skill_daily_mv;

DROP TABLE IF EXISTS ${database}.learner_daily_mv;

DROP TABLE IF EXISTS ${database}.learner_skill_progress_mv;

DROP TABLE IF EXISTS ${database}.class_daily_mv;

DROP TABLE IF EXISTS ${database}.skill_attempt_daily_mv;

DROP TABLE IF EXISTS ${database}.statement_ids_mv;

DROP TABLE IF EXISTS ${database}.statement_refs_mv;

DROP TABLE IF EXISTS ${database}.statement_timeline_mv;

DROP TABLE IF EXISTS ${database}.statement_keys_mv;

DROP TABLE IF EXISTS ${database}.statement_agents_mv;

DROP TABLE IF EXISTS ${database}.statement_first_mv;

CREATE TABLE IF NOT EXISTS ${database}.learning_events_buckets AS ${database}.learning_events
ENGINE = ReplacingMergeTree(stored_ms)
PARTITION BY (toYYYYMM(timestamp), cityHash64(learner) % 8)
ORDER BY (tenant, learner, statement_id);

INSERT INTO ${database}.learning_events_buckets SELECT * FROM ${database}.learning_events
SETTINGS max_threads = 1, max_block_size = 8192;

RENAME TABLE ${database}.learning_events TO ${database}.learning_events_before_buckets,
    ${database}.learning_events_buckets TO ${database}.learning_events;

DROP TABLE IF EXISTS ${database}.learning_events_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.mastery_updates_buckets AS ${database}.mastery_updates
ENGINE = ReplacingMergeTree(revision)
PARTITION BY (toYYYYMM(event_time), cityHash64(learner) % 8)
ORDER BY (tenant, learner, skill, statement_id);

INSERT INTO ${database}.mastery_updates_buckets SELECT * FROM ${database}.mastery_updates;

RENAME TABLE ${database}.mastery_updates TO ${database}.mastery_updates_before_buckets,
    ${database}.mastery_updates_buckets TO ${database}.mastery_updates;

DROP TABLE IF EXISTS ${database}.mastery_updates_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.learner_daily_buckets AS ${database}.learner_daily
ENGINE = AggregatingMergeTree()
PARTITION BY (toYYYYMM(day), cityHash64(learner) % 8)
ORDER BY (tenant, learner, course, section, day);

INSERT INTO ${database}.learner_daily_buckets SELECT * FROM ${database}.learner_daily;

RENAME TABLE ${database}.learner_daily TO ${database}.learner_daily_before_buckets,
    ${database}.learner_daily_buckets TO ${database}.learner_daily;

DROP TABLE IF EXISTS ${database}.learner_daily_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.learner_skill_progress_buckets AS ${database}.learner_skill_progress
ENGINE = AggregatingMergeTree()
PARTITION BY (toYYYYMM(day), cityHash64(learner) % 8)
ORDER BY (tenant, course, skill, learner, day);

INSERT INTO ${database}.learner_skill_progress_buckets SELECT * FROM ${database}.learner_skill_progress;

RENAME TABLE ${database}.learner_skill_progress TO ${database}.learner_skill_progress_before_buckets,
    ${database}.learner_skill_progress_buckets TO ${database}.learner_skill_progress;

DROP TABLE IF EXISTS ${database}.learner_skill_progress_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.statement_ids_buckets
(
    tenant         String,
    statement_id   String,
    stored_ms      UInt64,
    learner_bucket UInt8
)
ENGINE = ReplacingMergeTree(stored_ms)
PARTITION BY learner_bucket
ORDER BY (tenant, statement_id);

INSERT INTO ${database}.statement_ids_buckets (tenant, statement_id, stored_ms, learner_bucket)
SELECT tenant, statement_id, stored_ms, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
WHERE isNotNull(statement_json);

RENAME TABLE ${database}.statement_ids TO ${database}.statement_ids_before_buckets,
    ${database}.statement_ids_buckets TO ${database}.statement_ids;

DROP TABLE IF EXISTS ${database}.statement_ids_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.statement_timeline_buckets
(
    tenant         String,
    stored_ms      UInt64,
    statement_id   String,
    verb           String,
    object_type    String,
    object_id      String,
    registration   Nullable(String),
    statement_json String,
    learner_bucket UInt8
)
ENGINE = ReplacingMergeTree()
PARTITION BY (toYYYYMM(toDateTime(intDiv(stored_ms, 1000), 'UTC')), learner_bucket)
ORDER BY (tenant, stored_ms, statement_id)
SETTINGS index_granularity = 128;

INSERT INTO ${database}.statement_timeline_buckets (tenant, stored_ms, statement_id, verb, object_type, object_id,
                                                    registration, statement_json, learner_bucket)
SELECT tenant, stored_ms, statement_id, verb, object_type, object_id, registration,
       assumeNotNull(statement_json) AS statement_json, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
WHERE isNotNull(statement_json)
SETTINGS max_threads = 1, max_block_size = 8192;

RENAME TABLE ${database}.statement_timeline TO ${database}.statement_timeline_before_buckets,
    ${database}.statement_timeline_buckets TO ${database}.statement_timeline;

DROP TABLE IF EXISTS ${database}.statement_timeline_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.statement_keys_buckets
(
    tenant         String,
    key            String,
    stored_ms      UInt64,
    statement_id   String,
    learner_bucket UInt8
)
ENGINE = ReplacingMergeTree()
PARTITION BY learner_bucket
ORDER BY (tenant, key, stored_ms, statement_id);

INSERT INTO ${database}.statement_keys_buckets (tenant, key, stored_ms, statement_id, learner_bucket)
SELECT tenant, key, stored_ms, statement_id, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
ARRAY JOIN [concat('verb ', verb), if(object_type = 'Activity', concat('activity ', object_id), ''),
            concat('registration ', ifNull(registration, ''))] AS key
WHERE isNotNull(statement_json) AND key NOT IN ('', 'registration ');

RENAME TABLE ${database}.statement_keys TO ${database}.statement_keys_before_buckets,
    ${database}.statement_keys_buckets TO ${database}.statement_keys;

DROP TABLE IF EXISTS ${database}.statement_keys_before_buckets;

CREATE TABLE IF NOT EXISTS ${database}.statement_agents_buckets
(
    tenant         String,
    agent          String,
    stored_ms      UInt64,
    statement_id   String,
    learner_bucket UInt8
)
ENGINE = ReplacingMergeTree()
PARTITION BY learner_bucket
ORDER BY (tenant, agent, stored_ms, statement_id);

INSERT INTO ${database}.statement_agents_buckets (tenant, agent, stored_ms, statement_id, learner_bucket)
SELECT tenant, agent, stored_ms, statement_id, toUInt8(cityHash64(learner) % 8) AS learner_bucket
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
WHERE isNotNull(statement_json)
SETTINGS max_threads = 1, max_block_size = 8192;

RENAME TABLE ${database}.statement_agents TO ${database}.statement_agents_before_buckets,
    ${database}.statement_agents_buckets TO ${database}.statement_agents;

DROP TABLE IF EXISTS ${database}.statement_agents_before_buckets;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.mastery_current_mv TO ${database}.mastery_current
AS SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend,
    first_mastered_at, first_mastered_at_ms, model_version, revision, best_lr_p_correct_next, best_lr_model_version
FROM ${database}.mastery_updates
WHERE voided = 0;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.skill_daily_mv TO ${database}.skill_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    skill,
    toDate(event_time) AS day,
    uniqExactState(learner) AS learners_active,
    avgState(p_known_after) AS mean_p_known,
    uniqExactIfState(learner, mastered = 1) AS learners_mastered,
    uniqExactIfState(learner, isNotNull(first_mastered_at) AND toDate(assumeNotNull(first_mastered_at)) = toDate(event_time)) AS newly_mastered,
    uniqExactState(statement_id) AS attempts,
    uniqExactIfState(statement_id, correct = 1) AS correct
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, section, skill, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.learner_daily_mv TO ${database}.learner_daily
AS SELECT
    tenant,
    learner,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    toDate(timestamp) AS day,
    uniqExactState(statement_id) AS events,
    uniqExactIfState(statement_id, kind = 'RESPONSE') AS responses,
    uniqExactIfState(statement_id, kind = 'RESPONSE' AND ifNull(success, 0) = 1) AS correct,
    uniqExactArrayState(skills) AS skills_practised,
    minState(timestamp) AS first_seen,
    maxState(timestamp) AS last_seen
FROM ${database}.learning_events
WHERE kind != 'VOIDING'
GROUP BY tenant, learner, course, section, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.learner_skill_progress_mv TO ${database}.learner_skill_progress
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    skill,
    learner,
    toDate(event_time) AS day,
    minState(event_time) AS first_practised,
    maxState(mastered) AS mastered_flag,
    minIfState(event_time, mastered = 1) AS mastered_at,
    minIfState(attempts, mastered = 1) AS mastery_attempts
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, skill, learner, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.class_daily_mv TO ${database}.class_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    toDate(event_time) AS day,
    uniqExactState(learner) AS learner_ids,
    uniqCombinedState(cityHash64(statement_id)) AS answers,
    uniqCombinedIfState(cityHash64(statement_id), correct = 1) AS correct_answers,
    avgState(p_known_after) AS mean_p_known
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, section, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.skill_attempt_daily_mv TO ${database}.skill_attempt_daily
AS SELECT
    tenant,
    ifNull(course, '') AS course,
    ifNull(section, '') AS section,
    skill,
    toDate(event_time) AS day,
    toUInt32(least(attempts, 16)) AS attempt_number,
    uniqExactState(learner) AS learner_ids,
    uniqExactIfState(learner, mastered = 1) AS mastered_learner_ids,
    uniqExactState(cityHash64(statement_id)) AS answers,
    uniqExactIfState(cityHash64(statement_id), correct = 1) AS correct_answers,
    avgState(p_known_after) AS mean_p_known,
    avgState(p_known_after - p_known_before) AS mean_gain
FROM ${database}.mastery_updates
WHERE voided = 0
GROUP BY tenant, course, section, skill, day, attempt_number;

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_ids_mv TO ${database}.statement_ids AS
SELECT tenant, statement_id, stored_ms, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
WHERE isNotNull(statement_json);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_refs_mv TO ${database}.statement_refs AS
SELECT tenant, object_id AS target_id, statement_id, stored_ms, toUInt8(kind = 'VOIDING') AS voiding
FROM ${database}.learning_events
WHERE object_type = 'StatementRef' AND isNotNull(statement_json);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_timeline_mv TO ${database}.statement_timeline AS
SELECT tenant, stored_ms, statement_id, verb, object_type, object_id, registration,
       assumeNotNull(statement_json) AS statement_json, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
WHERE isNotNull(statement_json);

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_keys_mv TO ${database}.statement_keys AS
SELECT tenant, key, stored_ms, statement_id, toUInt8(cityHash64(learner) % 8) AS learner_bucket
FROM ${database}.learning_events
ARRAY JOIN [concat('verb ', verb), if(object_type = 'Activity', concat('activity ', object_id), ''),
            concat('registration ', ifNull(registration, ''))] AS key
WHERE isNotNull(statement_json) AND key NOT IN ('', 'registration ');

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_agents_mv TO ${database}.statement_agents AS
SELECT tenant, agent, stored_ms, statement_id, toUInt8(cityHash64(learner) % 8) AS learner_bucket
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

CREATE MATERIALIZED VIEW IF NOT EXISTS ${database}.statement_first_mv TO ${database}.statement_first AS
SELECT tenant, minState(stored_ms) AS first_stored_ms
FROM ${database}.learning_events
WHERE isNotNull(statement_json)
GROUP BY tenant;
