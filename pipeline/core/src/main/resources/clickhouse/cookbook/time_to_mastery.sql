-- title: Time to mastery per skill
-- answers: For each skill of a course: how many learners practised it, how many reached mastery, and for those the median and 90th percentile of attempts and of hours from first attempt to mastery.
-- param tenant String: the school (tenant id)
-- param course String: course id
SELECT
    skill,
    count() AS learners,
    countIf(reached = 1) AS learners_mastered,
    floor(countIf(reached = 1) / count() * 1000 + 0.5) / 1000 AS mastered_share,
    quantileIf(0.5)(toFloat64(attempts_to_mastery), reached = 1) AS median_attempts_to_mastery,
    quantileIf(0.9)(toFloat64(attempts_to_mastery), reached = 1) AS p90_attempts_to_mastery,
    floor(quantileIf(0.5)(hours_to_mastery, reached = 1) * 10 + 0.5) / 10 AS median_hours_to_mastery,
    floor(quantileIf(0.9)(hours_to_mastery, reached = 1) * 10 + 0.5) / 10 AS p90_hours_to_mastery
FROM
(
    SELECT
        learner,
        skill,
        maxMerge(mastered_flag) AS reached,
        minIfMerge(mastery_attempts) AS attempts_to_mastery,
        (toUInt32(minIfMerge(mastered_at)) - toUInt32(minMerge(first_practised))) / 3600 AS hours_to_mastery
    FROM ${database}.learner_skill_progress
    WHERE tenant = ${tenant} AND course = ${course}
    GROUP BY learner, skill
)
GROUP BY skill
ORDER BY median_attempts_to_mastery DESC, skill;
