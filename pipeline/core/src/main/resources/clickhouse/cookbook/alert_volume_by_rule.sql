-- title: Alert volume by rule
-- answers: Per day and rule: alerts raised, how many of them are resolved by now, how many are still open, and the mean hours they took to resolve.
-- param tenant String: the school (tenant id)
-- param from Date: first day the alerts were raised, inclusive (UTC)
-- param to Date: last day, inclusive (UTC)
SELECT
    toDate(raised_at) AS day,
    rule,
    count() AS raised,
    countIf(status = 'resolved') AS resolved,
    countIf(status = 'raised') AS still_open,
    floor(avgIf((toUInt32(assumeNotNull(resolved_at)) - toUInt32(raised_at)) / 3600, status = 'resolved') * 10 + 0.5) / 10 AS mean_hours_to_resolve
FROM ${database}.alerts FINAL
WHERE tenant = ${tenant} AND toDate(raised_at) >= ${from} AND toDate(raised_at) <= ${to}
GROUP BY day, rule
ORDER BY day, rule;
