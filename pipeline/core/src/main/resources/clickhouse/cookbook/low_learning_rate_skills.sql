-- title: Skills with a low learning rate
-- answers: Which skills learners improve on slowest: mean gain in P(L) per attempt, accuracy on the first attempt (difficulty), accuracy overall and the share of learner x skill pairs at mastery; slowest first, skills with too few attempts left out.
-- param tenant String: the school (tenant id)
-- param min_attempts UInt32: leave out skills with fewer attempts than this, e.g. 30
SELECT
    skill,
    uniqExactMerge(learner_ids) AS learners,
    uniqExactMerge(answers) AS attempt_count,
    if(avgMerge(mean_gain) < 0, -floor(-avgMerge(mean_gain) * 10000 + 0.5), floor(avgMerge(mean_gain) * 10000 + 0.5)) / 10000 AS mean_gain_per_attempt,
    floor(uniqExactIfMergeIf(correct_answers, attempt_number = 1) / uniqExactMergeIf(answers, attempt_number = 1) * 1000 + 0.5) / 1000 AS first_attempt_accuracy,
    floor(uniqExactIfMerge(correct_answers) / uniqExactMerge(answers) * 1000 + 0.5) / 1000 AS accuracy,
    floor(uniqExactIfMerge(mastered_learner_ids) / uniqExactMerge(learner_ids) * 1000 + 0.5) / 1000 AS mastered_share
FROM ${database}.skill_attempt_daily
WHERE tenant = ${tenant}
GROUP BY skill
HAVING attempt_count >= ${min_attempts}
ORDER BY mean_gain_per_attempt ASC, skill;
