-- title: Skills with a low learning rate
-- answers: Which skills learners improve on slowest: mean gain in P(L) per attempt, accuracy on the first attempt (difficulty), accuracy overall and the share of learner x skill pairs at mastery; slowest first, skills with too few attempts left out.
-- param tenant String: the school (tenant id)
-- param min_attempts UInt32: leave out skills with fewer attempts than this, e.g. 30
SELECT
    skill,
    uniqExact(learner) AS learners,
    count() AS attempt_count,
    round(avg(p_known_after - p_known_before), 4) AS mean_gain_per_attempt,
    round(avgIf(correct, attempts = 1), 3) AS first_attempt_accuracy,
    round(avg(correct), 3) AS accuracy,
    round(uniqExactIf(learner, mastered = 1) / uniqExact(learner), 3) AS mastered_share
FROM ${database}.mastery_updates FINAL
WHERE tenant = ${tenant} AND voided = 0
GROUP BY skill
HAVING attempt_count >= ${min_attempts}
ORDER BY mean_gain_per_attempt ASC, skill;
