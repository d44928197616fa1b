"""A page that is not a Chinese bulletin, or whose bytes were not decoded in their real charset, is reported by
name and not loaded ("not loaded: <source>: <reason>"), while the others load. Our own fixture pages."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.monthly import monthly_locally
from flows.parallel import read_bulletin
from samples.generate import bulletin_html

FRENCH = (
    "<html><head><title>Bilan</title></head><body><h1>Bilan des travaux de la ville</h1>"
    "<p>Au 31 octobre, la ville a réalisé 45 projets, taux 90 %. Les équipes ont achevé 12 chantiers, soit 80 % "
    "du plan annuel.</p></body></html>"
)
"""Latin-1 bytes with no declared charset: detection reads them as cp1250, and extraction found "taux 90 %"."""


def _question_marks(html: str) -> str:
    """`html` as a server that re-encodes a Big5 page to ASCII with errors="replace" sends it: every Chinese
    character but the numbers' own units and a few words turned into "?"."""
    keep = set("万人个占年计划的%")
    return "".join(c if ord(c) < 128 or c in keep else "?" for c in html)


def test_read_bulletin_refuses_undecoded_and_foreign_text_before_extraction():
    assert read_bulletin(FRENCH).startswith("only 0 of ")
    assert "characters are Chinese: not a Chinese progress bulletin" in read_bulletin(FRENCH)
    refused = read_bulletin(_question_marks(bulletin_html(3)))
    assert isinstance(refused, str) and "replacement characters (U+FFFD or '?')" in refused
    assert read_bulletin(bulletin_html(3)).figures  # a real month still reads


def test_run_reports_the_pages_by_name_and_loads_only_the_bulletin(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "latin.html").write_bytes(FRENCH.encode("latin-1"))
    (folder / "qmarks.html").write_text(_question_marks(bulletin_html(4)), encoding="utf-8")
    (folder / "good.html").write_text(bulletin_html(4), encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"

    summary = monthly_locally(sources=[str(folder)], warehouse=str(warehouse), report_dir=str(tmp_path / "r"))

    reasons = {Path(b.source).name: b.error for b in summary.failures}
    assert set(reasons) == {"latin.html", "qmarks.html"}
    assert reasons["latin.html"].startswith("only 0 of ") and "not a Chinese progress bulletin" in reasons["latin.html"]
    assert "replacement characters" in reasons["qmarks.html"] and "refused" in reasons["qmarks.html"]
    assert not summary.ok
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        loaded = con.execute("SELECT source, status FROM snapshots").fetchall()
        labels = {r[0] for r in con.execute("SELECT label FROM figures").fetchall()}
    finally:
        con.close()
    assert [(Path(s).name, status) for s, status in loaded] == [("good.html", "passed")]
    assert "" not in labels and "taux" not in labels
