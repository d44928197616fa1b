"""Ingest, the Extract step: read bulletins from the web or the disk and archive their bytes. No Prefect here.

- `fetch`: one HTTP GET or file read (requests with urllib3's Retry, size and time limits, charset detection);
- `sources`: the sources file (sources.toml): where bulletins come from, politeness, publication calendars;
- `discovery`: bulletin links of a source's listing pages or folder;
- `crawl`: a run's fetcher: conditional requests from the fetch log, per-source pacing, the raw archive;
- `months`: the --since/--until month bounds of a backfill or reprocess;
- `index`: a backfill's fetch phase: fetch, archive and read only the as-of date;
- `rereads`: a reprocess's selection: the archived bulletins whose snapshot an older extractor made;
- `tally`: a monthly run's per-source outcome rows (the `fetch-summary` artifact).

Flows call these as plain functions from their tasks (flows.monthly, flows.backfill, flows.reprocess).
"""
