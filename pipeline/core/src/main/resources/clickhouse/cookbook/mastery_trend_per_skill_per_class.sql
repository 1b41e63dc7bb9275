-- title: Mastery trend per skill per class
-- answers: Day by day, for each skill practised in one class (course x section): how many learners were active, their mean P(L) after each attempt that day, how many were at mastery, attempts and accuracy.
-- param tenant String: the school (tenant id)
-- param course String: course id as sent in the statements' context
-- param section String: section (class) id within the course
-- param from Date: first day, inclusive (UTC)
-- param to Date: last day, inclusive (UTC)
SELECT
    day,
    skill,
    uniqExactMerge(learner_ids) AS learners_active,
    floor(avgMerge(mean_p_known) * 10000 + 0.5) / 10000 AS mean_p_known,
    uniqExactIfMerge(mastered_learner_ids) AS learners_mastered,
    uniqExactMerge(answers) AS attempt_count,
    floor(uniqExactIfMerge(correct_answers) / uniqExactMerge(answers) * 10000 + 0.5) / 10000 AS accuracy
FROM ${database}.skill_attempt_daily
WHERE tenant = ${tenant} AND course = ${course} AND section = ${section}
  AND day >= ${from} AND day <= ${to}
GROUP BY day, skill
ORDER BY skill, day;
