-- title: Learner activity per day
-- answers: For one learner (pseudonym), day by day and per course: statements sent, answers given, correct answers, distinct skills practised, and the first and last activity of the day.
-- param tenant String: the school (tenant id)
-- param learner String: the learner's pseudonym as stored in the tables
-- param from Date: first day, inclusive (UTC)
-- param to Date: last day, inclusive (UTC)
SELECT
    toDate(timestamp) AS day,
    ifNull(course, '') AS course,
    uniqExact(statement_id) AS events,
    uniqExactIf(statement_id, kind = 'RESPONSE') AS responses,
    uniqExactIf(statement_id, kind = 'RESPONSE' AND ifNull(success, 0) = 1) AS correct,
    uniqExactArray(skills) AS skills_practised,
    min(timestamp) AS first_seen,
    max(timestamp) AS last_seen
FROM ${database}.learning_events
WHERE tenant = ${tenant} AND learner = ${learner} AND kind != 'VOIDING'
  AND toDate(timestamp) >= ${from} AND toDate(timestamp) <= ${to}
GROUP BY day, course
ORDER BY day, course;
