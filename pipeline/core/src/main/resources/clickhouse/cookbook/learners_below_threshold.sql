-- title: Learners below a mastery threshold
-- answers: Which learners of a class are below the threshold on which skills right now, with their latest estimate, attempts, recent accuracy and when they last practised; weakest first.
-- param tenant String: the school (tenant id)
-- param course String: course id
-- param section String: section (class) id
-- param threshold Float64: P(L) below which a learner counts as not yet there, e.g. 0.6 (mastery itself is 0.95)
SELECT
    learner,
    skill,
    floor(p_known_after * 10000 + 0.5) / 10000 AS p_known,
    attempts,
    correct_count,
    floor(recent_accuracy * 1000 + 0.5) / 1000 AS recent_accuracy,
    event_time AS last_practised
FROM ${database}.mastery_current FINAL
WHERE tenant = ${tenant} AND course = ${course} AND section = ${section}
  AND p_known_after < ${threshold}
ORDER BY p_known ASC, learner, skill;
