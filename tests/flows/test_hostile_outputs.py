"""Issue 14: remote text printed and rendered as text (CLI summary, Markdown report); folder sources stay in their
folder; malformed URLs are an input error. Real pages, a real local server, no Prefect."""

from __future__ import annotations

import os

import pytest
import typer
from werkzeug import Response

from expectations.report import BulletinReport, RunReport, render_markdown
from flows.cli.app import _print_summary
from flows.ingest.discovery import discover
from flows.ingest.fetch import FetchError, fetch
from flows.summary import RunSummary
from flows.ingest.sources import SourcesError, load_sources, resolve_sources
from flows import SAMPLES_DIR


def test_cli_summary_prints_a_servers_reason_phrase_and_urls_as_written(httpserver, capsys):
    httpserver.expect_request("/gone.html").respond_with_handler(
        lambda request: Response("gone", status="404 Not Found [/] [link=http://evil.example]\x1b[2J\x07")
    )
    url = httpserver.url_for("/gone.html") + "?a=[/]"
    with pytest.raises(FetchError) as error:
        fetch(url)
    summary = RunSummary(
        "run-1",
        "/data/wh.duckdb",
        "/r/[b].md",
        "/r/v.html",
        [
            BulletinReport(source=url, error=error.value.reason),
            BulletinReport(source="http://x.example/[red]a.html", snapshot_id=3, created=True, status="passed"),
        ],
    )
    with pytest.raises(typer.Exit) as ended:
        _print_summary(summary)
    out = capsys.readouterr().out
    assert ended.value.exit_code == 1
    assert f"  not loaded: {url}: HTTP 404 Not Found [/] [link=http://evil.example][2J" in out  # ESC, BEL dropped
    assert "\x1b" not in out and "\x07" not in out
    assert "snapshot 3 (new, passed) http://x.example/[red]a.html" in out
    assert "report: /r/v.html (Markdown: /r/[b].md)" in out and "warehouse: /data/wh.duckdb" in out


def test_markdown_report_shows_bulletin_and_server_text_without_links_or_markup():
    run = RunReport(
        "run-1",
        [
            BulletinReport(
                source="http://x.example/a_b.html",
                error="见 [p](http://evil.example) **粗体** `代码` <b>x</b> | \x1b[31m",
            )
        ],
    )
    markdown = render_markdown(run)
    assert "见 \\[p\\](http://evil.example) \\*\\*粗体\\*\\* \\`代码\\` &lt;b&gt;x&lt;/b&gt; \\| \\[31m" in markdown
    assert "[p](http" not in markdown and "\x1b" not in markdown


def test_folder_sources_read_only_their_folder(tmp_path):
    folder, outside = tmp_path / "bulletins", tmp_path / "outside"
    folder.mkdir(), outside.mkdir()
    (folder / "a.html").write_bytes((SAMPLES_DIR / "linjiang-2025-01.html").read_bytes())
    (outside / "secret.html").write_text("<p>secret</p>", encoding="utf-8")
    os.symlink(outside / "secret.html", folder / "link.html")
    os.symlink(folder / "a.html", folder / "same.html")  # a link that stays inside is fine
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "x"\nregion = "r"\nprogramme = "p"\nfolder = "bulletins"\nfiles = "../outside/*.html"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourcesError, match="files '../outside/\\*.html' must stay inside the folder"):
        load_sources(sources)
    sources.write_text(
        '[[source]]\nname = "x"\nregion = "r"\nprogramme = "p"\nfolder = "bulletins"\n', encoding="utf-8"
    )
    found = discover(load_sources(sources).sources["x"], lambda url: "")
    assert [os.path.basename(p) for p in found.links] == ["a.html", "same.html"]
    assert found.problems == [
        (
            str(folder / "link.html"),
            f"outside the source's folder {folder} (a symlink or a "
            "'..' pattern); not read: name that folder as a source of its own",
        )
    ]


@pytest.mark.parametrize("value", ["http://[::1", "http://127.0.0.1:99999/a.html"])
def test_a_malformed_url_is_an_input_error_in_one_line(value, tmp_path):
    catalogue = load_sources(SAMPLES_DIR.parent / "sources.toml")
    with pytest.raises(SourcesError, match="--source 'http://"):
        resolve_sources([value], catalogue)
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "x"\nregion = "r"\nprogramme = "p"\nlisting = "{value}"\nlink_title = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(SourcesError, match="listing\\[0\\]"):
        load_sources(sources)


def test_bytes_no_codec_decodes_are_recorded_as_a_lossy_decode():
    from flows.ingest.fetch import decode

    text, codec, how = decode(b"<p>" + bytes(range(0x80, 0x100)) * 3, None)
    assert (codec, how) == ("utf-8", "utf-8-lossy") and "\ufffd" in text
