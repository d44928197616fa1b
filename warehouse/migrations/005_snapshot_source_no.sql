-- 005: snapshots.source_no, a small integer standing for the source (the bulletin's URL or file URI), assigned
-- by the loader: a source keeps its number for all its snapshots. Every mart picks the latest snapshot per source
-- on each query; partitioning 100,000 snapshots by an integer instead of the URL string took that step from
-- ~90 ms to ~40 ms on 2 cores (benchmarks/bench_warehouse.py, 10 million figures).
ALTER TABLE snapshots ADD COLUMN source_no INTEGER;

-- Backfill for warehouses loaded before 005 (a derived column, set once): numbered in order of first load.
UPDATE snapshots
SET source_no = numbered.source_no
FROM (
    SELECT source, row_number() OVER (ORDER BY min(snapshot_id))::INTEGER AS source_no
    FROM snapshots
    GROUP BY source
) AS numbered
WHERE snapshots.source = numbered.source;
