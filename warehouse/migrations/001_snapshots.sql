-- 001: append-only snapshot model. Grain of `figures`: one reported figure per snapshot.
-- Nothing is updated in place except snapshots.status (re-validation).

CREATE SEQUENCE snapshot_id_seq START 1;

-- One row per distinct body we read (content-addressed): the same bytes at two URLs are one document.
CREATE TABLE documents (
    sha256          VARCHAR PRIMARY KEY,   -- SHA-256 of the raw bytes as fetched
    first_url       VARCHAR NOT NULL,      -- where these bytes were first read (URL or file URI)
    content_type    VARCHAR,
    encoding        VARCHAR,               -- codec used to decode the bytes
    encoding_source VARCHAR,               -- how it was chosen: http-header, meta, detected, utf-8
    bytes           BIGINT NOT NULL,
    text            VARCHAR NOT NULL,      -- normalised main text; evidence offsets index this
    archived_at     TIMESTAMP NOT NULL
);

-- One immutable load of one bulletin's extraction.
CREATE TABLE snapshots (
    snapshot_id        INTEGER PRIMARY KEY,
    document_sha256    VARCHAR NOT NULL,
    source             VARCHAR NOT NULL,   -- the bulletin's identity: its URL or file URI
    flow_run_id        VARCHAR,            -- Prefect flow run that loaded it (null outside Prefect)
    extractor_version  VARCHAR NOT NULL,
    loaded_at          TIMESTAMP NOT NULL,
    region             VARCHAR,
    program            VARCHAR,
    program_year       INTEGER,
    as_of              DATE,
    period_text        VARCHAR,
    published          DATE,
    categories_claimed INTEGER,
    items_claimed      INTEGER,
    status             VARCHAR NOT NULL,   -- passed | warned | failed (error-level check failed)
    supersedes         INTEGER,            -- previous snapshot of the same source, if any
    figure_count       INTEGER NOT NULL
);

CREATE TABLE categories (
    snapshot_id INTEGER NOT NULL,
    category_no INTEGER NOT NULL,
    title       VARCHAR
);

-- Targets stated in category headings ("城镇新增就业30万人"), value as written in unit as written.
CREATE TABLE category_targets (
    snapshot_id INTEGER NOT NULL,
    category_no INTEGER NOT NULL,
    label       VARCHAR NOT NULL,
    value       DECIMAL(38, 6) NOT NULL,
    unit        VARCHAR NOT NULL,
    qualifier   VARCHAR
);

CREATE TABLE items (
    snapshot_id INTEGER NOT NULL,
    item_no     VARCHAR NOT NULL,
    category_no INTEGER,
    name        VARCHAR
);

-- Columns after metric_key are transforms.record.FIGURE_SCHEMA, in order (a test keeps them in sync).
CREATE TABLE figures (
    snapshot_id     INTEGER NOT NULL,
    metric_key      VARCHAR NOT NULL,     -- region/program/year/item/normalised label/base unit
    id              VARCHAR NOT NULL,     -- figure id within the snapshot (F001…)
    item            VARCHAR,
    category        INTEGER,
    label           VARCHAR,
    value           DECIMAL(38, 6) NOT NULL,  -- as written, in `unit`
    value_text      VARCHAR NOT NULL,
    unit            VARCHAR NOT NULL,         -- as written, e.g. 万人
    base_value      DECIMAL(38, 6),           -- prefix scaled away, in base_unit (415800 人)
    base_unit       VARCHAR,
    unit_known      BOOLEAN NOT NULL,
    qualifier       VARCHAR,                  -- 约, 余, 累计, 超过, 不少于, 近
    pct_of_plan     DECIMAL(38, 6),           -- percent (138.6 = 138.6 %)
    pct_text        VARCHAR,
    pct_basis       VARCHAR,                  -- 年计划, 任务, 时序进度, 总计划 …
    target          DECIMAL(38, 6),           -- stated target only, in target_unit
    target_unit     VARCHAR,
    target_source   VARCHAR,                  -- heading | table | project_name
    implied_target  DECIMAL(38, 6),           -- value * 100 / pct_of_plan, in unit; never stated
    part_of         VARCHAR,                  -- parent figure id (其中)
    kind            VARCHAR NOT NULL,         -- progress | rate | other
    "start"         INTEGER NOT NULL,         -- evidence: documents.text[start:end]
    "end"           INTEGER NOT NULL,
    sentence        VARCHAR,
    sentence_start  INTEGER
);

-- One row per rule per checked figure (figure_id null for bulletin-level rules).
CREATE TABLE validation_results (
    snapshot_id INTEGER NOT NULL,
    rule        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    passed      BOOLEAN NOT NULL,
    figure_id   VARCHAR,
    reported    VARCHAR,
    expected    VARCHAR,
    message     VARCHAR
);
