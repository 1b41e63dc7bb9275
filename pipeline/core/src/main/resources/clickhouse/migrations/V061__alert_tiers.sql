-- Every alert has a tier: caution when raised, act once its rule saw the condition persist (escalation inserts the
-- same alert_id with version 2, resolution with version 3). Rows written before tiers read as caution. ADD COLUMN
-- without IF NOT EXISTS, which ClickHouse 18.16 lacks; the migration table keeps it from running twice.
ALTER TABLE ${database}.alerts ADD COLUMN tier String DEFAULT 'caution' AFTER severity;
