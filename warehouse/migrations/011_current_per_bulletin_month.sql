-- 011: one current snapshot per bulletin month. Until 010, `snapshots_at` kept the latest snapshot of each source
-- (URL or file URI), so a correction published at another URL (临江 2025-10 and 2025-10-corrected) left both
-- bulletins current: `current_figures`, `item_progress` and `category_progress` counted that month twice.
--
-- Two snapshots are the same bulletin month of the same programme when they come from the same feed and report on
-- the same as_of date for the same region, programme and programme_year (a NULL region or programme equals NULL:
-- a feed is one programme's list). The feed is the name in sources.toml of the source that fetched the bytes
-- (fetch_log.source of the first bulletin fetch of document_sha256). Set once by the loader, like source_no:
--   feed               that name; NULL when the bytes were loaded without a fetch-log row
--   bulletin_no        an integer per bulletin month (feed, region, program, program_year, as_of); NULL when the
--                      feed, the as_of or the programme_year is unknown: such a snapshot stands alone, one per
--                      source as before
--   month_shared_with  the smallest source_no of another source that already had a snapshot of the same bulletin
--                      month when this one was loaded (a correction at another URL); NULL otherwise
-- `snapshots_at` keeps each source's latest non-failed snapshot (as in 010), then, where two sources' latest
-- snapshots report the same bulletin month, only the later one: load order is as_of, then publication date, so a
-- correction loads after what it corrects and wins. The others stay in `snapshots`, in time travel to before the
-- correction, and `restatements` lists what changed. Only the sources named by month_shared_with rows are
-- compared (few), so the marts cost about one aggregate per source as in 010 (benchmarks/README.md).
ALTER TABLE snapshots ADD COLUMN feed VARCHAR;

ALTER TABLE snapshots ADD COLUMN bulletin_no INTEGER;

ALTER TABLE snapshots ADD COLUMN month_shared_with INTEGER;

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

UPDATE snapshots
SET month_shared_with = earlier.source_no
FROM (
    SELECT later.snapshot_id, min(before.source_no) AS source_no
    FROM snapshots AS later
    JOIN snapshots AS before
      ON before.bulletin_no = later.bulletin_no AND before.snapshot_id < later.snapshot_id
         AND before.source_no <> later.source_no
    GROUP BY later.snapshot_id
) AS earlier
WHERE snapshots.snapshot_id = earlier.snapshot_id;

-- Same arguments and columns as before (those of `snapshots`); every mart reads it.
CREATE OR REPLACE MACRO snapshots_at(max_snapshot_id := 2147483647, at_time := TIMESTAMP '9999-12-31') AS TABLE
SELECT *
FROM snapshots
WHERE snapshot_id IN (
    SELECT max(snapshot_id)
    FROM snapshots
    WHERE snapshot_id <= max_snapshot_id
      AND loaded_at <= at_time
      AND status <> 'failed'
    GROUP BY source_no  -- one per source (005, 010)
)
AND snapshot_id NOT IN (
    -- The sources that ever shared a bulletin month with another (few: corrections at another URL): each one's
    -- latest snapshot (as above), and of those all but the latest of each bulletin month. Every source of such a
    -- month is here: each one after the first has a month_shared_with, and the second points to the first.
    SELECT latest
    FROM (
        SELECT max(snapshot_id) AS latest,
               arg_max(coalesce(bulletin_no, -source_no), snapshot_id) AS bulletin  -- unknown month: alone
        FROM snapshots
        WHERE source_no IN (
                SELECT source_no FROM snapshots WHERE month_shared_with IS NOT NULL
                UNION ALL
                SELECT month_shared_with FROM snapshots WHERE month_shared_with IS NOT NULL
            )
          AND snapshot_id <= max_snapshot_id
          AND loaded_at <= at_time
          AND status <> 'failed'
        GROUP BY source_no
    )
    QUALIFY latest < max(latest) OVER (PARTITION BY bulletin)
);
