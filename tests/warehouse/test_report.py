"""The trend page: self-contained HTML, one chart per item, every point linked to its evidence."""

import re

from typer.testing import CliRunner

from flows.cli.app import app
from samples.generate import write_samples
from tests.warehouse.loading import load_files
from warehouse.publish import publish


def test_report_command_writes_one_self_contained_page_per_programme_year(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, write_samples(tmp_path / "b", range(1, 13)))
    publish(warehouse)

    done = CliRunner().invoke(app, ["report", "--warehouse", str(warehouse), "--out-dir", str(tmp_path / "out")])

    assert done.exit_code == 0, done.output
    (page,) = (tmp_path / "out").glob("*.html")
    assert page.name == "trend-临江市-市办实事-2025.html" and str(page) in done.output
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"""(src|href)=["']https?:""", html)
    assert html.count('<figure class="panel">') == 8      # 4件8项: one panel per item
    assert html.count("<svg") == 6                          # items 2 and 8 report no percent of plan
    assert html.count("100% 年计划") == 6
    assert "1. 就业" in html and "城镇新增就业" in html and "<mark>10.56万人</mark>" in html
    points = re.findall(r'<a href="#(ev-\d+-F\d+)"><circle', html)
    assert len(points) == 9 * 12                            # 9 figures report a percent, in twelve months
    ids = set(re.findall(r'<tr id="(ev-\d+-F\d+)"', html))
    assert set(points) <= ids


def test_report_without_a_warehouse_names_the_file(tmp_path):
    done = CliRunner().invoke(app, ["report", "--warehouse", str(tmp_path / "absent.duckdb"),
                                    "--out-dir", str(tmp_path / "out")])
    assert done.exit_code == 1
    assert "absent.duckdb does not exist" in done.output


def test_report_pages_for_two_programme_years_and_an_undated_bulletin(tmp_path):
    paths = write_samples(tmp_path / "b", range(1, 3))
    earlier = tmp_path / "b" / "linjiang-2024-02.html"
    earlier.write_text(paths[1].read_text(encoding="utf-8").replace("2025", "2024"), encoding="utf-8")
    undated = tmp_path / "b" / "linjiang-2025-undated.html"  # no 截至…月底 and no date: as_of unknown
    undated.write_text(paths[1].read_text(encoding="utf-8").replace("截至2月底(2025年2月28日),", "")
                       .replace("截至2月底,", ""), encoding="utf-8")
    warehouse = tmp_path / "wh.duckdb"
    load_files(warehouse, [*paths, earlier, undated])

    done = CliRunner().invoke(app, ["report", "--warehouse", str(warehouse), "--out-dir", str(tmp_path / "out")])

    assert done.exit_code == 0, done.output
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "out").glob("*.html")}
    assert sorted(pages) == ["trend-临江市-市办实事-2024.html", "trend-临江市-市办实事-2025.html"]
    page = pages["trend-临江市-市办实事-2025.html"]
    assert "(undated)" in page  # in the evidence table, not on the month axis
    assert len(re.findall(r'<a href="#(ev-\d+-F\d+)"><circle', page)) == 9 * 2  # January and February only
