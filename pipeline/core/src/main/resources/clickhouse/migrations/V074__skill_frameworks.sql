-- Skill frameworks imported from 1EdTech CASE JSON (learnstream skills import): the skill catalog's skills with their
-- codes, names and hierarchy. Every import of a framework (keyed by its CFDocument identifier) is a new version and
-- the earlier ones stay; readers take the newest version recorded in framework_imports, which the import writes
-- last, so an import that fails half-way is never read.
CREATE TABLE IF NOT EXISTS ${database}.framework_imports
(
    framework   String,
    version     UInt32,
    title       String,
    uri         String,
    source      String,
    items       UInt32,
    imported_at DateTime('UTC')
)
ENGINE = MergeTree()
ORDER BY (framework, version);

-- One row per item and version. skill is the item's CASE URI; rules and statements may name the item by it or by
-- its identifier.
CREATE TABLE IF NOT EXISTS ${database}.framework_skills
(
    framework  String,
    version    UInt32,
    skill      String,
    identifier String,
    code       String,
    name       String,
    item_type  String,
    parents    Array(String)
)
ENGINE = MergeTree()
ORDER BY (framework, version, skill);

-- The ancestor closure, computed at import because 18.16 has no recursive queries: one row per item and each item
-- at or above it (depth 0: the item itself, 1: its parent...). skill_identifier and skill_code let a mastery row
-- whose skill is the item's identifier or code find its item.
CREATE TABLE IF NOT EXISTS ${database}.skill_ancestors
(
    framework        String,
    version          UInt32,
    skill            String,
    skill_identifier String,
    skill_code       String,
    ancestor         String,
    depth            UInt16
)
ENGINE = MergeTree()
ORDER BY (framework, version, ancestor, skill);

-- What a data team decided about a skill that the unmapped-activities report suggested for an activity
-- (learnstream skills accept / reject): a decided pair is not suggested again. The newest decision wins.
CREATE TABLE IF NOT EXISTS ${database}.skill_suggestion_decisions
(
    tenant     String,
    activity   String,
    skill      String,
    decision   Enum8('accepted' = 1, 'rejected' = 2),
    decided_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree(decided_at)
ORDER BY (tenant, activity, skill);
