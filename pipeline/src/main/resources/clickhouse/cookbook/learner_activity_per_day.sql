-- title: Learner activity per day
-- answers: For one learner (pseudonym), day by day and per course: statements sent, answers given, correct answers, distinct skills practised, and the first and last activity of the day.
-- param tenant String: the school (tenant id)
-- param learner String: the learner's pseudonym as stored in the tables
-- param from Date: first day, inclusive (UTC)
-- param to Date: last day, inclusive (UTC)
SELECT
    day,
    course,
    uniqExactMerge(events) AS events,
    uniqExactIfMerge(responses) AS responses,
    uniqExactIfMerge(correct) AS correct,
    uniqExactArrayMerge(skills_practised) AS skills_practised,
    minMerge(first_seen) AS first_seen,
    maxMerge(last_seen) AS last_seen
FROM ${database}.learner_daily
WHERE tenant = ${tenant} AND learner = ${learner} AND day >= ${from} AND day <= ${to}
GROUP BY day, course
ORDER BY day, course;
