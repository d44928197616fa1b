-- 006: marts for BI, and time travel. Replaces the views of 002 (same names) and comes after 005 because it
-- partitions by snapshots.source_no. Column reference: docs/warehouse.md.
--
-- Every mart is defined once, as a table macro over a point in the warehouse's history:
--   max_snapshot_id  only snapshots with snapshot_id <= this (default: all)
--   at_time          only snapshots loaded at or before this UTC timestamp (snapshots.loaded_at; default: all)
-- and the view of the same name without `_at` is that macro with the defaults (the present).
-- Failed snapshots (an error-level check failed) are stored but kept out of every mart.
-- Status is the one column ever updated in place (re-validation); marts read it as it is now.

-- Latest non-failed snapshot of each bulletin (source) as of the given point. Columns: those of `snapshots`.
-- The partition is source_no (an integer per source, set by the loader; migration 005) rather than the URL: faster.
CREATE OR REPLACE MACRO snapshots_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT *
FROM snapshots
WHERE snapshot_id <= max_snapshot_id
  AND loaded_at <= at_time
  AND status <> 'failed'
QUALIFY row_number() OVER (PARTITION BY source_no ORDER BY snapshot_id DESC) = 1;  -- source_no: one per source (005)

-- Every figure of those snapshots: programme keys, as_of and lineage (run, extractor, bytes), then the figure.
CREATE OR REPLACE MACRO figures_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT s.region,                                -- 临江市
       s.program,                               -- 市办实事
       s.program_year,                          -- 2025
       s.as_of,                                 -- date the bulletin reports on (截至10月底 -> 2025-10-31)
       s.source,                                -- bulletin identity: URL or file URI
       s.status AS snapshot_status,             -- passed | warned
       s.flow_run_id,                           -- Prefect flow run that loaded it
       s.extractor_version,
       s.document_sha256,                       -- the bytes it was read from (documents.sha256)
       s.loaded_at,                             -- UTC
       f.*                                      -- figures.* (snapshot_id, metric_key, then FIGURE_SCHEMA)
FROM figures AS f
JOIN snapshots_at(max_snapshot_id := max_snapshot_id, at_time := at_time) AS s USING (snapshot_id);

-- Monthly trend: one point per metric_key per calendar month of as_of (the latest as_of of the month wins,
-- then the latest snapshot, then the first figure in text order), with the change since the previous point.
CREATE OR REPLACE MACRO figure_trend_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
WITH points AS (
    SELECT metric_key,                                   -- region/program/year/item/normalised label/base unit
           region, program, program_year, item, category, label,
           date_trunc('month', as_of)::DATE AS month,    -- first day of the month the point stands for
           as_of,
           value, unit,                                  -- as written (10.56 万人)
           base_value, base_unit,                        -- prefix scaled away (105600 人)
           pct_of_plan,                                  -- percent as reported (88 = 88 %), null if none
           target, target_unit,                          -- stated annual target, null if not stated
           implied_target,                               -- value * 100 / pct_of_plan, in `unit`; never stated
           qualifier, kind, part_of,
           snapshot_id, source, id AS figure_id,
           "start", "end"                                -- evidence: documents.text[start:end]
    FROM figures_at(max_snapshot_id := max_snapshot_id, at_time := at_time)
    QUALIFY row_number() OVER (PARTITION BY metric_key, date_trunc('month', as_of)
                               ORDER BY as_of DESC, snapshot_id DESC, id) = 1
)
SELECT *,
       lag(as_of) OVER by_key AS previous_as_of,                            -- null for the first point
       base_value - lag(base_value) OVER by_key AS change_since_previous,   -- in base_unit
       pct_of_plan - lag(pct_of_plan) OVER by_key AS pct_points_since_previous  -- percentage points
FROM points
WINDOW by_key AS (PARTITION BY metric_key ORDER BY month);

-- Progress per item per bulletin: its headline figures (not 其中 parts) and how far along the plan they are.
CREATE OR REPLACE MACRO item_progress_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT s.region, s.program, s.program_year, s.as_of, s.snapshot_id, s.source,
       i.category_no,                                                         -- 一 -> 1
       i.item_no,                                                             -- as written: '1'
       i.name AS item_name,                                                   -- 就业
       count(f.id) AS figures,                                                -- all figures of the item
       count(f.pct_of_plan) FILTER (WHERE f.part_of IS NULL) AS figures_with_pct,
       min(f.pct_of_plan) FILTER (WHERE f.part_of IS NULL) AS min_pct_of_plan,  -- the laggard, percent
       max(f.pct_of_plan) FILTER (WHERE f.part_of IS NULL) AS max_pct_of_plan,  -- percent
       coalesce(min(f.pct_of_plan) FILTER (WHERE f.part_of IS NULL) >= 100, false) AS reached_plan
FROM snapshots_at(max_snapshot_id := max_snapshot_id, at_time := at_time) AS s
JOIN items AS i USING (snapshot_id)
LEFT JOIN figures AS f ON f.snapshot_id = i.snapshot_id AND f.item = i.item_no
GROUP BY ALL;

-- Progress per category (件) per bulletin, rolled up from item_progress.
CREATE OR REPLACE MACRO category_progress_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT p.region, p.program, p.program_year, p.as_of, p.snapshot_id, p.source,
       p.category_no,
       c.title AS category_title,                                   -- heading text with its stated targets
       count(*) AS items,
       count(*) FILTER (WHERE p.figures_with_pct > 0) AS items_with_pct,
       count(*) FILTER (WHERE p.reached_plan) AS items_reached_plan,
       min(p.min_pct_of_plan) AS min_pct_of_plan                    -- the category's laggard, percent
FROM item_progress_at(max_snapshot_id := max_snapshot_id, at_time := at_time) AS p
LEFT JOIN categories AS c ON c.snapshot_id = p.snapshot_id AND c.category_no = p.category_no
GROUP BY ALL;

-- The present: each mart with the defaults.
CREATE OR REPLACE VIEW current_snapshots AS SELECT * FROM snapshots_at();

CREATE OR REPLACE VIEW current_figures AS SELECT * FROM figures_at();

CREATE OR REPLACE VIEW figure_trend AS SELECT * FROM figure_trend_at();

CREATE OR REPLACE VIEW item_progress AS SELECT * FROM item_progress_at();

CREATE OR REPLACE VIEW category_progress AS SELECT * FROM category_progress_at();

-- Time travel by one argument, for BI tools that cannot pass named macro arguments.
CREATE OR REPLACE MACRO snapshots_as_of(max_snapshot_id, at_time) AS TABLE
SELECT * FROM snapshots_at(max_snapshot_id := max_snapshot_id, at_time := at_time);

CREATE OR REPLACE MACRO figures_as_of_snapshot(max_snapshot_id) AS TABLE
SELECT * FROM figures_at(max_snapshot_id := max_snapshot_id);

CREATE OR REPLACE MACRO figures_as_of_time(at_time) AS TABLE
SELECT * FROM figures_at(at_time := at_time);

CREATE OR REPLACE MACRO figure_trend_as_of_snapshot(max_snapshot_id) AS TABLE
SELECT * FROM figure_trend_at(max_snapshot_id := max_snapshot_id);

CREATE OR REPLACE MACRO figure_trend_as_of_time(at_time) AS TABLE
SELECT * FROM figure_trend_at(at_time := at_time);

-- Pass/fail counts per snapshot (all snapshots, failed ones included: this is where failures show).
CREATE OR REPLACE VIEW validation_summary AS
SELECT s.snapshot_id, s.source, s.region, s.program, s.program_year, s.as_of, s.loaded_at,
       s.status,                                                                  -- passed | warned | failed
       s.supersedes,
       count(v.rule) FILTER (WHERE v.passed) AS checks_passed,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'error') AS errors,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'warning') AS warnings,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'info') AS infos
FROM snapshots AS s
LEFT JOIN validation_results AS v USING (snapshot_id)
GROUP BY ALL;

-- Metric keys that name more than one figure in the same snapshot: reported, never merged.
CREATE OR REPLACE VIEW ambiguous_metric_keys AS
SELECT f.snapshot_id, s.source, s.as_of, f.metric_key,
       count(*) AS figures,                          -- figures sharing the key (>= 2)
       list(f.id ORDER BY f.id) AS figure_ids,       -- e.g. [F003, F007]
       list(f.value_text || f.unit ORDER BY f.id) AS values_as_written
FROM figures AS f
JOIN snapshots AS s USING (snapshot_id)
GROUP BY ALL
HAVING count(*) > 1;
