-- 002: marts for BI as of the walking skeleton. Superseded by 006_marts.sql (same names, CREATE OR REPLACE); kept
-- because warehouses already migrated to 002 exist. Failed snapshots are kept out of these views.

-- Latest non-failed snapshot of each bulletin (source).
CREATE OR REPLACE VIEW current_snapshots AS
SELECT *
FROM snapshots
WHERE status <> 'failed'
QUALIFY row_number() OVER (PARTITION BY source ORDER BY snapshot_id DESC) = 1;

-- Every figure of the current snapshots, with its programme keys and as-of date.
CREATE OR REPLACE VIEW current_figures AS
SELECT s.region, s.program, s.program_year, s.as_of, s.source, s.status AS snapshot_status, f.*
FROM figures AS f
JOIN current_snapshots AS s USING (snapshot_id);

-- One point per metric_key per as_of date (the latest loaded wins), with the change since the previous point.
-- change_since_previous is in base units (人, 元, 平方米 …).
CREATE OR REPLACE VIEW figure_trend AS
WITH points AS (
    SELECT metric_key, region, program, program_year, item, label, as_of, value, unit, base_value, base_unit,
           pct_of_plan, target, target_unit, snapshot_id, id AS figure_id
    FROM current_figures
    QUALIFY row_number() OVER (PARTITION BY metric_key, as_of ORDER BY snapshot_id DESC) = 1
)
SELECT *,
       base_value - lag(base_value) OVER (PARTITION BY metric_key ORDER BY as_of) AS change_since_previous
FROM points;

-- Pass/fail counts per snapshot and severity.
CREATE OR REPLACE VIEW validation_summary AS
SELECT s.snapshot_id, s.source, s.as_of, s.status,
       count(*) FILTER (WHERE v.passed) AS checks_passed,
       count(*) FILTER (WHERE NOT v.passed AND v.severity = 'error') AS errors,
       count(*) FILTER (WHERE NOT v.passed AND v.severity = 'warning') AS warnings,
       count(*) FILTER (WHERE NOT v.passed AND v.severity = 'info') AS infos
FROM snapshots AS s
LEFT JOIN validation_results AS v USING (snapshot_id)
GROUP BY ALL;

-- Metric keys that name more than one figure in the same snapshot: reported, never merged.
CREATE OR REPLACE VIEW ambiguous_metric_keys AS
SELECT snapshot_id, metric_key, count(*) AS figures, list(id ORDER BY id) AS figure_ids
FROM figures
GROUP BY snapshot_id, metric_key
HAVING count(*) > 1;

-- Time travel: what the warehouse believed at a snapshot id / a moment (loaded_at).
CREATE OR REPLACE MACRO snapshots_as_of(max_snapshot_id, at_time) AS TABLE
SELECT *
FROM snapshots
WHERE snapshot_id <= max_snapshot_id AND loaded_at <= at_time AND status <> 'failed'
QUALIFY row_number() OVER (PARTITION BY source ORDER BY snapshot_id DESC) = 1;

CREATE OR REPLACE MACRO figures_as_of_snapshot(max_snapshot_id) AS TABLE
SELECT s.region, s.program, s.program_year, s.as_of, s.source, f.*
FROM figures AS f
JOIN snapshots_as_of(max_snapshot_id, TIMESTAMP '9999-12-31') AS s USING (snapshot_id);

CREATE OR REPLACE MACRO figures_as_of_time(at_time) AS TABLE
SELECT s.region, s.program, s.program_year, s.as_of, s.source, f.*
FROM figures AS f
JOIN snapshots_as_of(2147483647, at_time) AS s USING (snapshot_id);
