-- Best-LR next to BKT: the job run with a Best-LR model (mastery.best-lr-file) writes its predictions and model
-- version on every mastery update; without one, and on rows written before, they are NULL. mastery_current keeps the
-- prediction for the next attempt. One column per ALTER and no IF NOT EXISTS: what ClickHouse 18.16 accepts.
ALTER TABLE ${database}.mastery_updates ADD COLUMN best_lr_p_correct_predicted Nullable(Float64);

ALTER TABLE ${database}.mastery_updates ADD COLUMN best_lr_p_correct_next Nullable(Float64);

ALTER TABLE ${database}.mastery_updates ADD COLUMN best_lr_model_version Nullable(String);

ALTER TABLE ${database}.mastery_current ADD COLUMN best_lr_p_correct_next Nullable(Float64);

ALTER TABLE ${database}.mastery_current ADD COLUMN best_lr_model_version Nullable(String);

-- The view names its columns: recreated to carry the new ones (as in V021, a voided row never becomes current).
DROP TABLE IF EXISTS ${database}.mastery_current_mv;

CREATE MATERIALIZED VIEW ${database}.mastery_current_mv TO ${database}.mastery_current
AS SELECT
    tenant, learner, skill, statement_id, course, section, event_time, event_time_ms, sequence, correct,
    p_known_after, mastered, attempts, correct_count, recent_accuracy, recent_window, trend,
    first_mastered_at, first_mastered_at_ms, model_version, revision, best_lr_p_correct_next, best_lr_model_version
FROM ${database}.mastery_updates
WHERE voided = 0;
