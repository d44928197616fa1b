-- 003: fetch log. Grain: one row per request of one URL in one run (listing page or bulletin), failures included.
-- Append-only. The latest successful row of a URL holds the validators for the next run's conditional GET.

CREATE SEQUENCE fetch_id_seq START 1;

CREATE TABLE fetch_log (
    fetch_id        BIGINT PRIMARY KEY DEFAULT nextval('fetch_id_seq'),
    url             VARCHAR NOT NULL,   -- as requested: http(s) URL, or file path for folder sources
    source          VARCHAR NOT NULL,   -- name of the source in sources.toml (or the ad hoc URL/path)
    kind            VARCHAR NOT NULL,   -- listing | bulletin
    flow_run_id     VARCHAR,            -- Prefect flow run (null outside Prefect)
    outcome         VARCHAR NOT NULL,   -- fetched (new bytes) | unchanged (304, or same bytes as last time) | failed
    status          INTEGER,            -- HTTP status of the last answer; null for files and for no answer at all
    bytes           BIGINT,             -- body size as received; null when no body was kept
    sha256          VARCHAR,            -- archive address of the body (for 304: of the unchanged body)
    content_type    VARCHAR,
    encoding        VARCHAR,            -- codec used to decode the body
    encoding_source VARCHAR,            -- how it was chosen: bom, override, http-header, meta, utf-8, detected,
                                        -- detected-over-http-header
    etag            VARCHAR,            -- ETag to send as If-None-Match next time
    last_modified   VARCHAR,            -- Last-Modified to send as If-Modified-Since next time (HTTP date, as sent)
    conditional     BOOLEAN NOT NULL,   -- the request carried If-None-Match / If-Modified-Since
    attempts        INTEGER,            -- requests made, urllib3 retries included
    final_url       VARCHAR,            -- after redirects
    fetched_at      TIMESTAMP NOT NULL, -- UTC
    elapsed_ms      INTEGER,
    error           VARCHAR             -- reason of a failure, null otherwise
);
