"""The sources file: the repository's own file, validation messages that point at the bad entry, resolution of
`--source` values."""

from __future__ import annotations

import pytest

from flows import SAMPLES_DIR
from flows.ingest.sources import DEFAULT_SOURCES_FILE, SourcesError, load_sources, resolve_sources


def test_repository_sources_file_is_valid_and_lists_the_samples():
    catalogue = load_sources(DEFAULT_SOURCES_FILE)
    samples = catalogue.sources["linjiang-samples"]
    assert samples.kind == "folder" and samples.folder == SAMPLES_DIR.resolve()
    assert catalogue.limits.max_body_bytes == 10 * 1024 * 1024


def _write(tmp_path, text: str):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = '''
[[source]]
name = "qingdao"
region = "青岛市"
programme = "市办实事"
listing = ["http://127.0.0.1:8000/list.html"]
link_title = "市办实事.*进展"
'''


def test_every_bad_entry_is_named_with_its_reason(tmp_path):
    path = _write(tmp_path, GOOD + '''
[[source]]
name = "qingdao"
region = "青岛市"
programme = "市办实事"
listing = ["htp://www.example.gov.cn/list.html", "http://exa mple.cn/", "http://host:port/x"]
link_title = "市办实事("
concurrency = 0
colour = "blue"

[[source]]
name = "Bad Name"
programme = "民生实事"
folder = "nowhere"
encoding = "klingon"

[[source]]
name = "nolinks"
region = "某县"
programme = "民生实事"
listing = "http://127.0.0.1/list.html"
''')
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    lines = str(error.value).splitlines()
    second = [line for line in lines if '[[source]] #2 "qingdao"' in line]
    assert any("listing[0] 'htp://www.example.gov.cn/list.html' is not an http(s) URL" in line for line in second)
    assert any("listing[1]" in line and "white space" in line for line in second)
    assert any("listing[2]" in line and "invalid port" in line for line in second)
    assert any("link_title '市办实事(' is not a valid regular expression" in line for line in second)
    assert any("concurrency must be at least 1" in line for line in second)
    assert any("unknown setting(s) colour" in line for line in second)
    assert any("name 'qingdao' is used by an earlier source" in line for line in second)
    third = [line for line in lines if '[[source]] #3 "Bad Name"' in line]
    assert any("name 'Bad Name' must be lowercase" in line for line in third)
    assert any("region is required" in line for line in third)
    assert any("folder 'nowhere' is not a folder" in line for line in third)
    assert any("encoding 'klingon' is not a codec" in line for line in third)
    assert any('#4 "nolinks": a listing source needs link_title and/or link_href' in line for line in lines)
    assert all(line.startswith(str(path)) for line in lines)
    assert not any("#1" in line for line in lines)


def test_toml_syntax_error_and_fetch_table(tmp_path):
    with pytest.raises(SourcesError, match=r"sources.toml: not valid TOML: .*line 2"):
        load_sources(_write(tmp_path, '[[source]]\nname = "x\n'))
    with pytest.raises(SourcesError, match=r"\[fetch\]: read_timeout_s must be a number, not 'slow'"):
        load_sources(_write(tmp_path, '[fetch]\nread_timeout_s = "slow"\n' + GOOD))
    catalogue = load_sources(_write(tmp_path, '[fetch]\nread_timeout_s = 2\ntask_retries = 0\n' + GOOD))
    assert catalogue.limits.read_timeout_s == 2.0 and catalogue.task_retries.retries == 0


def test_source_values_resolve_to_names_urls_files_and_folders(tmp_path):
    catalogue = load_sources(_write(tmp_path, GOOD))
    assert [s.name for s in resolve_sources(None, catalogue)] == ["qingdao"]
    named, url, folder, file = resolve_sources(
        ["qingdao", "http://127.0.0.1:9/b.html", str(SAMPLES_DIR), str(tmp_path / "x.html")], catalogue)
    assert named.kind == "listing" and named.allowed_hosts == {"127.0.0.1"}
    assert (url.kind, url.bulletins) == ("direct", ("http://127.0.0.1:9/b.html",))
    assert folder.kind == "folder" and file.bulletins == (str(tmp_path / "x.html"),)
    with pytest.raises(SourcesError, match="unknown source 'qingdoa'.*known: qingdao"):
        resolve_sources(["qingdoa"], catalogue)


def test_cli_rejects_a_bad_sources_file_before_starting_prefect(tmp_path):
    import os
    import subprocess
    import sys

    path = _write(tmp_path, GOOD.replace("http://127.0.0.1:8000/list.html", "ftp://x/list"))
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--sources-file", str(path)], cwd=tmp_path,
                          env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert '[[source]] #1 "qingdao": listing[0] \'ftp://x/list\' is not an http(s) URL' in done.stderr
    elsewhere = tmp_path / "elsewhere"  # no sources.toml here: the bundled one is read
    elsewhere.mkdir()
    unknown = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--source", "nosuch"], cwd=elsewhere,
                             env=dict(os.environ), capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "unknown source 'nosuch'" in unknown.stderr
    assert "[red]" not in done.stderr + unknown.stderr  # markup rendered, not printed
    for bounds, reason in ((["--since", "2020-13"], "--since must be YYYY-MM, got '2020-13'"),
                           (["--since", "2021-01", "--until", "2020-01"], "--since 2021-01 is after --until 2020-01")):
        bad = subprocess.run([sys.executable, "-m", "flows.cli", "backfill", "--source", ".", *bounds], cwd=tmp_path,
                             env=dict(os.environ), capture_output=True, text=True, timeout=60)
        assert bad.returncode == 2 and reason in bad.stderr and "Traceback" not in bad.stderr


def test_publication_calendar_defaults_need_no_configuration(tmp_path):
    source = load_sources(_write(tmp_path, GOOD)).sources["qingdao"]
    assert (source.calendar.expected_months, source.calendar.lag_days, source.calendar.year_bounds) == \
           (tuple(range(1, 13)), 30, (None, None, None))
    samples = load_sources(DEFAULT_SOURCES_FILE).sources["linjiang-samples"].calendar
    assert samples.describe() == "monthly, 20 days after the month end, years 2025"


def test_publication_calendar_forms(tmp_path):
    text = GOOD + '''
[source.calendar]
months = [12, 3, 6, 9, 10]
lag_days = 20
years = "2021-"
'''
    calendar = load_sources(_write(tmp_path, text)).sources["qingdao"].calendar
    assert (calendar.expected_months, calendar.year_bounds) == ((3, 6, 9, 10, 12), (2021, None, None))
    quarterly = load_sources(_write(tmp_path, GOOD + 'calendar = { cadence = "quarterly", years = [2025, 2024] }\n')
                             ).sources["qingdao"].calendar
    assert (quarterly.expected_months, quarterly.year_bounds) == ((3, 6, 9, 12), (2024, 2025, (2024, 2025)))


def test_a_bad_publication_calendar_is_named_with_its_reasons(tmp_path):
    path = _write(tmp_path, GOOD + '''
[source.calendar]
cadence = "weekly"
months = [3, 13]
lag_days = "20"
years = "2025-2020"
colour = 1
''' + GOOD.replace('"qingdao"', '"both"') + 'calendar = { cadence = "monthly", months = [3, 3] }\n'
        + GOOD.replace('"qingdao"', '"both2"') + 'calendar = { cadence = "monthly", months = [3] }\n')
    with pytest.raises(SourcesError) as error:
        load_sources(path)
    assert str(error.value).splitlines() == [
        f'{path}: [[source]] #1 "qingdao": calendar.cadence: Input should be \'monthly\' or \'quarterly\' '
        "(got 'weekly')",
        f'{path}: [[source]] #1 "qingdao": calendar.months[1]: Input should be less than or equal to 12 (got 13)',
        f'{path}: [[source]] #1 "qingdao": calendar.lag_days: Input should be a valid integer (got \'20\')',
        f'{path}: [[source]] #1 "qingdao": calendar.years: \'2025-2020\' is not a year range such as "2021-2025" '
        'or "2021-" (open)',
        f'{path}: [[source]] #1 "qingdao": calendar.colour: unknown setting; known: cadence, months, lag_days, years',
        f'{path}: [[source]] #2 "both": calendar.months: a month is listed twice in [3, 3]',
        f'{path}: [[source]] #3 "both2": calendar: give cadence (monthly, quarterly) or months ([3, 6, 9, 12]), '
        "not both",
    ]
