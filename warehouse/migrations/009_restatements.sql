-- 009: restatements, figure by figure. Column reference: docs/warehouse.md.
--
-- Two kinds of rows:
--   republished      a bulletin re-published with changed figures: a later document reporting on the same as_of
--                    date (changed bytes at the same URL, or a corrected bulletin at another URL) whose figure of
--                    the same metric_key differs from the earlier document's in value, percent of plan or stated
--                    target. Each document counts by its latest non-failed snapshot, so re-extracting the same
--                    bytes with a new extractor version is never a restatement. Versions are ordered by
--                    snapshot_id, as in every mart (the later load wins).
--   cumulative_fall  a cumulative figure lower than in the previous bulletin of the same programme year: the
--                    failed `cumulative_not_falling` check (warning) of a current snapshot, next to the previous
--                    bulletin's figure of the same metric_key (the latest as_of before it) that it fell from.
-- Figures whose metric_key names two figures of one snapshot (ambiguous_metric_keys) are not followed.

CREATE OR REPLACE MACRO restatements_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
WITH versions AS (
    SELECT *
    FROM snapshots
    WHERE status <> 'failed' AND as_of IS NOT NULL AND snapshot_id <= max_snapshot_id AND loaded_at <= at_time
    QUALIFY row_number() OVER (PARTITION BY document_sha256 ORDER BY snapshot_id DESC) = 1
),
observations AS (
    SELECT v.region, v.program, v.program_year, v.as_of, v.source, v.snapshot_id, v.loaded_at,
           f.metric_key, f.id AS figure_id, f.item, f.label, f.value, f.value_text, f.unit, f.base_value,
           f.base_unit, f.pct_of_plan, f.target, f.target_unit, f.sentence,
           row_number() OVER (PARTITION BY f.metric_key, v.as_of ORDER BY v.snapshot_id) AS version
    FROM figures AS f
    JOIN versions AS v USING (snapshot_id)
    QUALIFY count(*) OVER (PARTITION BY f.snapshot_id, f.metric_key) = 1
),
republished AS (
    SELECT 'republished' AS kind, n.region, n.program, n.program_year, n.metric_key, n.item, n.label,
           p.as_of AS previous_as_of, n.as_of,
           p.snapshot_id AS previous_snapshot_id, n.snapshot_id,
           p.source AS previous_source, n.source,
           p.figure_id AS previous_figure_id, n.figure_id,
           p.value AS previous_value, p.value_text AS previous_value_text, p.unit AS previous_unit,
           n.value, n.value_text, n.unit,
           p.base_value AS previous_base_value, n.base_value, n.base_unit,
           p.pct_of_plan AS previous_pct_of_plan, n.pct_of_plan,
           p.target AS previous_target, p.target_unit AS previous_target_unit, n.target, n.target_unit,
           list_filter([CASE WHEN coalesce(n.base_value, n.value) IS DISTINCT FROM coalesce(p.base_value, p.value)
                             THEN 'value' END,
                        CASE WHEN n.pct_of_plan IS DISTINCT FROM p.pct_of_plan THEN 'pct_of_plan' END,
                        CASE WHEN n.target IS DISTINCT FROM p.target OR n.target_unit IS DISTINCT FROM p.target_unit
                             THEN 'target' END], lambda c: c IS NOT NULL) AS changed,
           p.sentence AS previous_sentence, n.sentence,
           p.loaded_at AS previous_loaded_at, n.loaded_at
    FROM observations AS n
    JOIN observations AS p ON p.metric_key = n.metric_key AND p.as_of = n.as_of AND p.version = n.version - 1
),
fallen AS (
    SELECT f.*
    FROM figures_at(max_snapshot_id := max_snapshot_id, at_time := at_time) AS f
    JOIN latest_validation_results AS r ON r.snapshot_id = f.snapshot_id AND r.figure_id = f.id
    WHERE r.rule = 'cumulative_not_falling' AND NOT r.passed
),
fell_from AS (
    SELECT n.snapshot_id AS fallen_snapshot_id, n.id AS fallen_figure_id, p.*
    FROM fallen AS n
    JOIN figures_at(max_snapshot_id := max_snapshot_id, at_time := at_time) AS p
      ON p.metric_key = n.metric_key AND p.as_of < n.as_of
    QUALIFY row_number() OVER (PARTITION BY n.snapshot_id, n.id ORDER BY p.as_of DESC, p.snapshot_id DESC) = 1
),
falls AS (
    SELECT 'cumulative_fall' AS kind, n.region, n.program, n.program_year, n.metric_key, n.item, n.label,
           p.as_of AS previous_as_of, n.as_of,
           p.snapshot_id AS previous_snapshot_id, n.snapshot_id,
           p.source AS previous_source, n.source,
           p.id AS previous_figure_id, n.id AS figure_id,
           p.value AS previous_value, p.value_text AS previous_value_text, p.unit AS previous_unit,
           n.value, n.value_text, n.unit,
           p.base_value AS previous_base_value, n.base_value, n.base_unit,
           p.pct_of_plan AS previous_pct_of_plan, n.pct_of_plan,
           p.target AS previous_target, p.target_unit AS previous_target_unit, n.target, n.target_unit,
           list_filter(['value',
                        CASE WHEN n.pct_of_plan IS DISTINCT FROM p.pct_of_plan THEN 'pct_of_plan' END,
                        CASE WHEN n.target IS DISTINCT FROM p.target OR n.target_unit IS DISTINCT FROM p.target_unit
                             THEN 'target' END], lambda c: c IS NOT NULL) AS changed,
           p.sentence AS previous_sentence, n.sentence,
           p.loaded_at AS previous_loaded_at, n.loaded_at
    FROM fallen AS n
    JOIN fell_from AS p ON p.fallen_snapshot_id = n.snapshot_id AND p.fallen_figure_id = n.id
    WHERE n.base_value < p.base_value
)
SELECT * FROM republished WHERE len(changed) > 0
UNION ALL
SELECT * FROM falls;

CREATE OR REPLACE VIEW restatements AS SELECT * FROM restatements_at();
