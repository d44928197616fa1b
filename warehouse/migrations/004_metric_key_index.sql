-- 004: an ART index on figures.metric_key. A trend query asks for one key (figure_trend WHERE metric_key = ?);
-- with the index DuckDB reads that key's rows instead of scanning every figure (benchmarks/bench_warehouse.py:
-- the figures lookup fell from ~10 ms to ~2 ms per million figures on 2 cores). Kept in step by every insert.
CREATE INDEX figures_metric_key ON figures (metric_key);
