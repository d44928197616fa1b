-- 012: freshness judged inside a window of months. A backfill over a past window (--since/--until) loads only the
-- bulletins whose as-of month lies in it; judged over the whole calendar, it called the months before the window
-- missing and those after it late, and ended Failed. `expected_bulletins_at` and `freshness_at` (008) take two
-- optional named arguments, the first days of the first and last month of the window (DATE, NULL: unbounded):
--   expected_bulletins_at(today, since := …, until := …)   only the expected months inside the window
--   freshness_at(today, since := …, until := …)            latest_as_of and snapshots count bulletins of the window;
--                                                          late, missing, next expected, status: months of the window
-- Whether a month is missing still compares it with every month that arrived (a later month outside the window
-- also shows that it will not come). Without the arguments both are what 008 defined; so are the views.
-- Two new columns at the end of freshness_at: since_month, until_month (the window; NULL when unbounded).

-- One row per source per expected period (a month whose end a bulletin should report on), from the start of the
-- source's scope to the end of the year after `today`, with its due date and what became of it:
--   arrived  a bulletin with an as_of in that month reached the warehouse (any status: a failed one arrived)
--   missing  not arrived, and a later month did
--   late     not arrived, no later month did either, and today is past its due date
--   pending  not arrived and not yet due
CREATE OR REPLACE MACRO expected_bulletins_at(today, since := NULL, until := NULL) AS TABLE
WITH arrived AS (
    SELECT DISTINCT l.source, date_trunc('month', s.as_of)::DATE AS month
    FROM fetch_log AS l
    JOIN snapshots AS s ON s.document_sha256 = l.sha256
    WHERE l.kind = 'bulletin' AND s.as_of IS NOT NULL
),
bounds AS (
    SELECT source, min(month) AS first_month, max(month) AS latest_month
    FROM arrived
    GROUP BY source
),
span AS (
    SELECT c.source, c.months, c.lag_days, c.years, c.last_year,
           coalesce(make_date(c.first_year, 1, 1), b.first_month) AS scope_start,  -- default: first bulletin
           b.latest_month
    FROM source_calendar AS c
    LEFT JOIN bounds AS b USING (source)
),
years AS (
    SELECT source, months, lag_days, years, scope_start, latest_month,
           unnest(range(year(scope_start), least(coalesce(last_year, 9999), year(today::DATE) + 1) + 1)) AS y
    FROM span
    WHERE scope_start IS NOT NULL
),
periods AS (
    SELECT source, scope_start, latest_month, lag_days, y, unnest(months) AS m
    FROM years
    WHERE years IS NULL OR list_contains(years, y)
)
SELECT p.source,
       make_date(p.y, p.m, 1) AS month,                                   -- first day of the expected month
       (last_day(make_date(p.y, p.m, 1)) + p.lag_days)::DATE AS due,      -- published by this date, usually
       CASE WHEN a.month IS NOT NULL THEN 'arrived'
            WHEN make_date(p.y, p.m, 1) < p.latest_month THEN 'missing'
            WHEN last_day(make_date(p.y, p.m, 1)) + p.lag_days < today::DATE THEN 'late'
            ELSE 'pending' END AS state,
       CASE WHEN a.month IS NULL AND make_date(p.y, p.m, 1) > coalesce(p.latest_month, DATE '0001-01-01')
                 AND last_day(make_date(p.y, p.m, 1)) + p.lag_days < today::DATE
            THEN (today::DATE - (last_day(make_date(p.y, p.m, 1)) + p.lag_days))::INTEGER END AS days_late
FROM periods AS p
LEFT JOIN arrived AS a ON a.source = p.source AND a.month = make_date(p.y, p.m, 1)
WHERE make_date(p.y, p.m, 1) >= p.scope_start
  AND make_date(p.y, p.m, 1) BETWEEN coalesce(since::DATE, DATE '0001-01-01')       -- the window (012)
                                 AND coalesce(until::DATE, DATE '9999-12-01');

-- One row per source of source_calendar: what arrived last, what comes next, and whether anything is late or
-- missing, judged on `today` (a DATE; the view below: today in Asia/Shanghai, where the bulletins are published).
CREATE OR REPLACE MACRO freshness_at(today, since := NULL, until := NULL) AS TABLE
WITH loaded AS (
    SELECT l.source, max(s.as_of) AS latest_as_of, count(DISTINCT s.snapshot_id) AS snapshots
    FROM fetch_log AS l
    JOIN snapshots AS s ON s.document_sha256 = l.sha256
    WHERE l.kind = 'bulletin'
      AND (since IS NULL OR s.as_of >= since::DATE)                                  -- the window (012)
      AND (until IS NULL OR s.as_of < (until::DATE + INTERVAL 1 MONTH)::DATE)
    GROUP BY ALL
),
expected AS (
    SELECT source,
           min(month) FILTER (WHERE state IN ('late', 'pending')) AS next_expected_month,
           min(due) FILTER (WHERE state IN ('late', 'pending')) AS next_due,
           list(month ORDER BY month) FILTER (WHERE state = 'late') AS late_months,
           max(days_late) AS days_late,
           list(month ORDER BY month) FILTER (WHERE state = 'missing') AS missing_months
    FROM expected_bulletins_at(today, since := since, until := until)
    GROUP BY ALL
)
SELECT c.source,                                              -- name in sources.toml
       c.calendar,                                            -- the calendar in words
       c.lag_days,
       l.latest_as_of,                                        -- as_of of the latest bulletin loaded (any status)
       date_trunc('month', l.latest_as_of)::DATE AS latest_month,
       e.next_expected_month,                                 -- the first expected month after the latest one
       e.next_due,                                            -- its due date
       CASE WHEN len(coalesce(e.late_months, [])) > 0 THEN 'late'
            WHEN l.latest_as_of IS NULL AND e.next_expected_month IS NULL THEN 'no bulletins'
            WHEN e.next_expected_month IS NULL THEN 'complete'  -- the years in scope are over and all arrived
            ELSE 'on time' END AS status,
       coalesce(e.late_months, []) AS late_months,            -- due, not arrived, nothing later arrived either
       coalesce(e.days_late, 0) AS days_late,                 -- days past the due date of the oldest late month
       coalesce(e.missing_months, []) AS missing_months,      -- never arrived although a later month did
       coalesce(l.snapshots, 0) AS snapshots,
       today::DATE AS checked_on,
       since::DATE AS since_month,                            -- the window judged (012); null: from the start
       until::DATE AS until_month                             -- null: up to today
FROM source_calendar AS c
LEFT JOIN loaded AS l USING (source)
LEFT JOIN expected AS e USING (source);

CREATE OR REPLACE VIEW expected_bulletins AS
SELECT * FROM expected_bulletins_at((now() AT TIME ZONE 'Asia/Shanghai')::DATE);

CREATE OR REPLACE VIEW freshness AS
SELECT * FROM freshness_at((now() AT TIME ZONE 'Asia/Shanghai')::DATE);
