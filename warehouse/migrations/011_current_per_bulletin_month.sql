-- 011: one current snapshot per bulletin month. Until 010, `snapshots_at` kept the latest snapshot of each source
-- (URL or file URI), so a correction published at another URL (临江 2025-10 and 2025-10-corrected) left both
-- bulletins current: `current_figures`, `item_progress` and `category_progress` counted that month twice.
--
-- Two snapshots are the same bulletin month of the same programme when they come from the same feed and report on
-- the same as_of date for the same region, programme and programme_year (a NULL region or programme equals NULL:
-- a feed is one programme's list). The feed is the name in sources.toml of the source that fetched the bytes
-- (fetch_log.source of the first bulletin fetch of document_sha256). Set once by the loader, like source_no:
--   feed         that name; NULL when the bytes were loaded without a fetch-log row
--   bulletin_no  an integer per bulletin month (feed, region, program, program_year, as_of); NULL when the feed,
--                the as_of or the programme_year is unknown: such a snapshot stands alone, one per source as before
-- `snapshots_at` keeps each source's latest non-failed snapshot (as in 010), then of those the latest per
-- bulletin month: load order is as_of, then publication date, so a correction loads after what it corrects and
-- wins. The others stay in `snapshots`, in time travel to before the correction, and `restatements` lists what
-- changed. An integer key keeps the marts fast (benchmarks/README.md).
ALTER TABLE snapshots ADD COLUMN feed VARCHAR;

ALTER TABLE snapshots ADD COLUMN bulletin_no INTEGER;

-- Backfill for warehouses loaded before 011 (derived columns, set once).
UPDATE snapshots
SET feed = feeds.feed
FROM (
    SELECT sha256, arg_min(source, fetch_id) AS feed
    FROM fetch_log
    WHERE kind = 'bulletin' AND sha256 IS NOT NULL
    GROUP BY sha256
) AS feeds
WHERE snapshots.document_sha256 = feeds.sha256;

UPDATE snapshots
SET bulletin_no = numbered.bulletin_no
FROM (
    SELECT feed, region, program, program_year, as_of,
           row_number() OVER (ORDER BY min(snapshot_id))::INTEGER AS bulletin_no
    FROM snapshots
    WHERE feed IS NOT NULL AND as_of IS NOT NULL AND program_year IS NOT NULL
    GROUP BY feed, region, program, program_year, as_of
) AS numbered
WHERE snapshots.feed = numbered.feed
  AND snapshots.region IS NOT DISTINCT FROM numbered.region
  AND snapshots.program IS NOT DISTINCT FROM numbered.program
  AND snapshots.program_year = numbered.program_year
  AND snapshots.as_of = numbered.as_of;

-- Same arguments and columns as before (those of `snapshots`); every mart reads it.
CREATE OR REPLACE MACRO snapshots_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT *
FROM snapshots
WHERE snapshot_id IN (
    SELECT max(latest)
    FROM (
        SELECT max(snapshot_id) AS latest,
               -- the bulletin month of the source's latest snapshot; a snapshot without one: -source_no (alone)
               arg_max(coalesce(bulletin_no, -source_no), snapshot_id) AS bulletin
        FROM snapshots
        WHERE snapshot_id <= max_snapshot_id
          AND loaded_at <= at_time
          AND status <> 'failed'
        GROUP BY source_no  -- one per source (005, 010)
    )
    GROUP BY bulletin      -- one per bulletin month
);
