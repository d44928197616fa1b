-- 007: validation runs. Every validation of a snapshot (at load, or later by `progress-warehouse revalidate`)
-- is one row here; its result rows in validation_results carry the same validation_run id. Rows loaded before
-- this migration have a null validation_run.

-- The UUID of the GX checkpoint runs that produced a result row (expectations.runner.RESULT_SCHEMA).
ALTER TABLE validation_results ADD COLUMN validation_run VARCHAR;

CREATE TABLE validation_runs (
    validation_run  VARCHAR NOT NULL,   -- UUID shared by every snapshot validated in one batch
    snapshot_id     INTEGER NOT NULL,
    kind            VARCHAR NOT NULL,   -- load | revalidate
    validated_at    TIMESTAMP NOT NULL,
    status          VARCHAR NOT NULL,   -- passed | warned | failed, as this run decided
    flow_run_id     VARCHAR,            -- Prefect flow run, null for the revalidate command
    gx_result_path  VARCHAR             -- the archived GX validation result JSON of this run
);

-- The result rows of each snapshot's latest validation run (all rows for snapshots validated before 007).
CREATE OR REPLACE VIEW latest_validation_results AS
WITH latest AS (
    SELECT snapshot_id, validation_run
    FROM validation_runs
    QUALIFY row_number() OVER (PARTITION BY snapshot_id ORDER BY validated_at DESC) = 1
)
SELECT v.*
FROM validation_results AS v
LEFT JOIN latest AS l USING (snapshot_id)
WHERE l.validation_run IS NULL OR v.validation_run = l.validation_run;

-- Same columns as in 006; now counts only each snapshot's latest validation run (revalidation adds rows).
CREATE OR REPLACE VIEW validation_summary AS
SELECT s.snapshot_id, s.source, s.region, s.program, s.program_year, s.as_of, s.loaded_at,
       s.status,                                                                  -- passed | warned | failed
       s.supersedes,
       count(v.rule) FILTER (WHERE v.passed) AS checks_passed,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'error') AS errors,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'warning') AS warnings,
       count(v.rule) FILTER (WHERE NOT v.passed AND v.severity = 'info') AS infos
FROM snapshots AS s
LEFT JOIN latest_validation_results AS v USING (snapshot_id)
GROUP BY ALL;
