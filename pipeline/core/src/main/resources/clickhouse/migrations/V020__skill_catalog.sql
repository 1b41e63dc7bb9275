-- The content catalog the mastery job applies: activity -> skills, each skill with its name and the standards it
-- aligns to (e.g. Common Core codes), so mastery can be read by standard. One row per activity; a newer entry for
-- the same activity replaces the older (no version column: the job writes entries in the order of the compacted
-- topic, and ReplacingMergeTree without a version keeps the last inserted). An entry with no skills marks an
-- activity removed from the catalog.
CREATE TABLE IF NOT EXISTS ${database}.skill_catalog
(
    activity_id     String,
    catalog_version String,
    skills          Array(String),
    skill_names     Array(String),
    skill_standards Array(Array(String))
)
ENGINE = ReplacingMergeTree()
ORDER BY activity_id;
