-- 010: snapshots_at (migration 006) picks each source's latest snapshot with max(snapshot_id) per source_no instead
-- of a window. Same rows: snapshot_id is unique, so the latest by snapshot_id is the row the window's
-- row_number() = 1 ORDER BY snapshot_id DESC picked. The window materialised every column of every snapshot; the
-- aggregate reads two, and a mart query's filter (region, program_year …) then applies to the outer scan.
-- benchmarks/bench_warehouse.py, 50 million figures in 520,834 snapshots: current_figures of one programme year
-- 111 ms -> 34 ms median (benchmarks/README.md). Every mart reads snapshots_at, so all of them use it.
CREATE OR REPLACE MACRO snapshots_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT *
FROM snapshots
WHERE snapshot_id IN (
    SELECT max(snapshot_id)
    FROM snapshots
    WHERE snapshot_id <= max_snapshot_id
      AND loaded_at <= at_time
      AND status <> 'failed'
    GROUP BY source_no  -- one per source (005)
);
