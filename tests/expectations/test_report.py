"""The auditor report: self-contained HTML (no external URLs, bulletin text inert) and Markdown."""

from __future__ import annotations

import html.parser
import re
from dataclasses import replace


import polars as pl

from expectations.report import NOT_KEPT_NOTE, BulletinReport, RunReport, render_html, render_markdown
from tests.corpus import needs_corpus

SHA = "ab" * 32


GX_JSON = "/reports/gx/gx-validation-x.json"


def _report(batch, *names: str) -> RunReport:
    bulletins = [BulletinReport(source=f"https://www.example.gov.cn/{name}.html", sha256=SHA,
                                status=batch.outcome.status_of(name), snapshot_id=i + 1, created=True,
                                extraction=batch.extractions[name], results=batch.rows(name),
                                figures=len(batch.extractions[name].figures), gx_result_path=GX_JSON)
                 for i, name in enumerate(names)]
    return RunReport("flow-run-1", bulletins)


class _Collector(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def external_references(page: str) -> list[str]:
    """What a browser would load or navigate to outside the file: scripts, links, frames, images, objects, any
    attribute holding a URL with a scheme or //, event handlers, CSS url()/@import."""
    parser = _Collector()
    parser.feed(page)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "link", "iframe", "img", "object", "embed", "base", "form", "audio", "video", "source"):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{tag}[{name}]")
            internal = tag == "a" and name == "href" and value.startswith("#")  # a section of the page itself
            if name in ("href", "src", "action", "srcset", "poster", "data") and value and not internal:
                found.append(f"{tag}[{name}]={value}")
    for css in parser.styles:
        found += re.findall(r"url\(|@import", css)
    return found


def test_html_has_no_external_references(batch):
    page = render_html(_report(batch, "falling-03", "part", "drop_item", "script"))
    assert external_references(page) == []
    assert "Content-Security-Policy" in page


def test_the_checker_would_see_external_references():
    page = ('<html><head><link rel="stylesheet" href="https://cdn.example/x.css"><style>a{background:url(x)}'
            '</style></head><body><img src="//cdn/x.png"><a href="http://x">x</a><b onclick="f()">b</b>'
            '<a href="#rules">rules</a><link href="#x"></body></html>')
    assert sorted(external_references(page)) == sorted([
        "<link>", "link[href]=https://cdn.example/x.css", "<img>", "img[src]=//cdn/x.png", "a[href]=http://x",
        "b[onclick]", "url(", "<link>", "link[href]=#x"])


def _links_and_ids(page: str) -> tuple[list[str], list[str]]:
    parser = _Collector()
    parser.feed(page)
    links = [attrs["href"] for tag, attrs in parser.tags if tag == "a" and "href" in attrs]
    return links, [attrs["id"] for _, attrs in parser.tags if "id" in attrs]


def _section(page: str, element_id: str) -> str:
    """The HTML from the element with `element_id` to the next element with an id of the same depth (a section
    up to the next <section>/<details>/<h2> with an id)."""
    start = page.index(f'id="{element_id}"')
    ends = [at for at in (page.find(marker, start + 1) for marker in ('<section ', '<details ', '<h2 '))
            if at > 0]
    return page[start:min(ends) if ends else len(page)]


def test_bulletin_markup_and_script_render_inert(batch):
    assert "<script>alert('x')</script>" in batch.extractions["script"].text  # the text really carries it
    run = _report(batch, "script")
    page = render_html(run)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page  # shown as text, in its sentence
    assert "<b onmouseover" not in page and "<img" not in page
    assert external_references(page) == []
    markdown = render_markdown(run)
    assert "<script" not in markdown and "<b " not in markdown


def test_failed_check_shows_sentence_number_source_and_hash(batch):
    page = render_html(_report(batch, "falling-03"))
    section = _section(page, "failures")  # up to the first bulletin's section
    assert "<div class=\"check" not in section
    first = _section(page, "b1").split("<div class=\"check sev-warning\">")[1]
    assert "cumulative_not_falling" in first
    assert re.search(r"<mark>[\d.]+万人</mark>", first)  # the number as written, highlighted in its sentence
    assert "https://www.example.gov.cn/falling-03.html" in first and SHA in first
    assert "<dt>reported</dt>" in first and "<dt>previous bulletin</dt>" in first  # not "computed"
    markdown = render_markdown(_report(batch, "falling-03"))
    assert "**warning** `cumulative_not_falling`" in markdown
    assert re.search(r"sentence: .*\*\*[\d.]+万人\*\*", markdown)


def test_summary_claim_shows_count_and_share_highlighted(batch):
    markdown = render_markdown(_report(batch, "claims"))
    assert "占比50%;**6项**进展顺利,占比**33%**。" in markdown
    assert "<mark>6项</mark>进展顺利,占比<mark>33%</mark>" in render_html(_report(batch, "claims"))


def test_every_rule_is_listed_per_rule_with_counts(batch):
    from expectations.rules import RULES

    markdown = render_markdown(_report(batch, "part", "drop_item"))
    table = markdown.split("## Checks per rule", 1)[1].split("##", 1)[0]
    for rule in RULES:
        assert f"| {rule.name} | {rule.severity} |" in table
    assert "| part_not_larger_than_whole | error | " in table
    failed_items = re.search(r"\| items_match_summary \| error \| (\d+) \| (\d+) \|", table)
    assert failed_items.group(2) == "1"


@needs_corpus
def test_seed_report_shows_its_16_stated_percent_checks_as_passed(batch, tmp_path):
    run = _report(batch, "seed")
    page = render_html(run)
    passed = _section(page, "b1-passed")
    assert "16 passed" in passed
    assert passed.count("<tr><td>F") == 16
    assert "<mark>41.58万人</mark>" in passed and "<mark>138.6%</mark>" in passed
    # item 20: 20474 人 against a target of 2 万人, recomputed in base units
    assert ("<td>20474 人</td><td>2 万人</td><td>category heading</td><td>100 × 20474 人 / 20000 人</td>"
            "<td class=\"num\">102.4 %</td><td class=\"num\">102.4 %</td>") in passed
    assert _section(page, "failures").count("<p>None.</p>") == 1
    assert "16 passed" in render_markdown(run)
    (tmp_path / "seed-report.html").write_text(page, encoding="utf-8")


@needs_corpus
def test_failed_percent_shows_value_target_and_where_the_target_was_read(batch):
    run = _report(batch, "seed-183.6")
    check = _section(render_html(run), "b1").split("<div class=\"check sev-error\">")[1]
    assert "<code>pct_matches_stated_target</code>" in check
    assert ("<dt>value</dt><dd>41.58 万人</dd><dt>stated target</dt><dd>30 万人 (from the category heading)</dd>"
            "<dt>recompute</dt><dd>100 × 41.58 万人 / 30 万人 = 138.6</dd>") in check
    assert "<dt>reported</dt><dd>183.6</dd><dt>computed</dt><dd>138.6</dd>" in check
    assert "target_source heading" in check  # the stored message names it too
    markdown = render_markdown(run)
    assert "  - value 41.58 万人 · target 30 万人 (from the category heading) · 100 × 41.58 万人 / 30 万人 = 138.6" \
        in markdown


def test_passed_percent_checks_show_value_target_source_and_formula(batch):
    run = _report(batch, "clean-12")
    passed = _section(render_html(run), "b1-passed")
    assert passed.startswith('id="b1-passed"><summary>')  # a collapsed <details>, not <details open>
    rows = passed.split("<tr><td>")[1:]
    assert len(rows) == batch.rows("clean-12").filter(
        pl.col("passed") & (pl.col("rule") == "pct_matches_stated_target")).height == 8
    assert rows[0].startswith("F001</td><td>item 1 城镇新增就业</td><td>12.48 万人</td><td>12 万人</td>"
                              "<td>category heading</td><td>100 × 12.48 万人 / 12 万人</td>"
                              "<td class=\"num\">104 %</td><td class=\"num\">104 %</td>")
    assert rows[1].startswith("F002</td><td>item 1 职业技能培训</td><td>31200 人</td><td>3 万人</td>"
                              "<td>category heading</td><td>100 × 31200 人 / 30000 人</td>")
    markdown = render_markdown(run)
    assert ("- https://www.example.gov.cn/clean-12.html: 8 passed: F001 item 1 城镇新增就业 12.48 万人 / 12 万人 "
            "(category heading) = 104%; F002 item 1 职业技能培训 31200 人 / 3 万人 (category heading) = 104%;") \
        in markdown


def test_contents_ids_and_links_from_each_bulletin_to_its_checks(batch):
    names = ("clean-12", "falling-03", "part", "falling-01")
    page = render_html(_report(batch, *names))
    links, ids = _links_and_ids(page)
    assert len(ids) == len(set(ids))
    assert {link[1:] for link in links} <= set(ids)  # every link lands on this page
    contents = page.split("<nav>", 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="#([\w-]+)"', contents) == ["bulletins", "rules", "failures", "figures",
                                                          "passed-percent", "gx-results"]
    # rows link to the bulletin's failures when it has any, else to its passed percent checks
    for i, name in enumerate(names, 1):
        href = "b2" if name == "falling-03" else "b3" if name == "part" else f"b{i}-passed"
        assert f'<td><a href="#{href}">https://www.example.gov.cn/{name}.html</a></td>' in page
    # failures are grouped under their bulletin's heading, open; passed checks collapsed; every bulletin's figures
    # collapsed unless one of them failed a check
    falling = _section(page, "b2")
    assert "<h3>https://www.example.gov.cn/falling-03.html</h3>" in falling
    assert falling.count("<div class=\"check sev-warning\">") == batch.failed("falling-03").height == 10
    assert "part_not_larger_than_whole" in _section(page, "b3") and "falling-03" not in _section(page, "b3")
    assert re.findall(r'<details id="([\w-]+)" open>', page) == ["b2-figures", "b3-figures"]
    assert page.count("<details id=") == 4 + 4
    markdown = render_markdown(_report(batch, *names))
    failures = markdown.split("## Failures by bulletin", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^### (.*)$", failures, re.M) == ["https://www.example.gov.cn/falling-03.html",
                                                          "https://www.example.gov.cn/part.html"]


def test_each_bulletin_names_its_gx_result_file_by_batch(batch):
    run = _report(batch, "falling-01", "falling-02", "part")
    run.bulletins[2] = replace(run.bulletins[2], gx_result_path="/reports/gx/gx-validation-y.json")
    page = render_html(run)
    assert page.count('<td><a href="#gx-1">batch 1</a></td>') == 2 and page.count('<a href="#gx-2">batch 2</a>') == 2
    gx = _section(page, "gx-results")
    assert ('<tr id="gx-1"><td class="num">1</td><td><code class="hash">/reports/gx/gx-validation-x.json</code>'
            '</td><td class="num">2</td></tr>') in gx
    assert '<tr id="gx-2"><td class="num">2</td><td><code class="hash">/reports/gx/gx-validation-y.json' in gx
    markdown = render_markdown(run)
    assert "- batch 1: `/reports/gx/gx-validation-x.json`, 2 bulletins" in markdown
    assert "- batch 2: `/reports/gx/gx-validation-y.json`, 1 bulletin" in markdown
    assert "GX result batch 2 (gx-validation-y.json)" in markdown  # under part's failures heading


def test_a_backfill_slim_report_counts_what_the_full_report_counts(batch):
    """flows.backfill keeps only the failed rows: the report's counts, as-of dates and failures stay those of the
    full rows, and it says where the passed rows are instead of listing them."""
    from transforms.stages import slim as keep_only_what_the_report_lists

    names = ("clean-12", "falling-01", "falling-03", "part", "claims")
    full, slim = _report(batch, *names), _report(batch, *names)
    slim.bulletins = [keep_only_what_the_report_lists(b) for b in slim.bulletins]
    clean = slim.bulletins[0]
    assert clean.results.height == 0 and clean.extraction is None and clean.as_of.isoformat() == "2025-12-31"
    assert sum(clean.passed_not_kept.values()) == batch.rows("clean-12").height
    assert slim.bulletins[4].extraction.text == batch.extractions["claims"].text  # failed: kept whole

    def table(markdown: str, heading: str) -> str:
        return markdown.split(heading, 1)[1].split("\n## ", 1)[0]

    full_md, slim_md = render_markdown(full), render_markdown(slim)
    for heading in ("## Bulletins", "## Checks per rule", "## Failures by bulletin"):
        assert table(slim_md, heading).strip() == table(full_md, heading).strip()
    passed_section = table(slim_md, "## Passed percent checks (stated targets)")
    assert NOT_KEPT_NOTE in passed_section and "None." not in passed_section  # counted, said where: not "None"
    # all passed (no history: its metric keys are its own); 8 stated-target figures x (percent, magnitude) rules
    assert batch.rows("clean-12").height == 100
    assert "| https://www.example.gov.cn/clean-12.html | 2025-12-31 | passed | 1 | 12 | 100 | 0 | 0 | 0 |" in slim_md
    assert NOT_KEPT_NOTE in slim_md and NOT_KEPT_NOTE not in full_md

    def passed_percent(page: str) -> str:
        return page.split('id="passed-percent"', 1)[1].split('id="gx-results"', 1)[0]

    assert passed_percent(render_html(full)).count("<tr><td>F0") == 4 * 8
    assert passed_percent(render_html(slim)).count("<tr><td>F0") == 0


def test_html_shows_code_not_backticks_cites_the_repo_and_colours_only_failing_severities(batch):
    import datetime as dt

    from expectations.rules import RULES
    from warehouse.freshness import SourceFreshness

    month = dt.date(2025, 9, 1)
    fresh = SourceFreshness("linjiang", "monthly, 20 days after the month", 20, dt.date(2025, 9, 30), month,
                            dt.date(2025, 10, 1), dt.date(2025, 11, 20), "on time", (), 0, (), 9,
                            dt.date(2025, 11, 1))
    run = replace(_report(batch, "part", "clean-12"), freshness=[fresh], restatements=[])
    page = render_html(run)
    text = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    assert "`" not in text
    assert "(<code>[source.calendar]</code> in sources.toml)" in page
    assert "the warehouse view <code>restatements</code>" in page
    # Rule descriptions cite a file of the repository, not the design card outside it.
    assert "DESIGN.md" not in page and all("DESIGN.md" not in rule.description for rule in RULES)
    assert "never an error (docs/validation.md)" in page
    rows = dict(re.findall(r"<tr><td><code>(\w+)</code></td>(<td[^>]*>\w+</td><td class=\"num\">\d+</td>"
                           r"<td class=\"num\">\d+</td>)", page))
    assert len(rows) == len(RULES)
    # part_not_larger_than_whole failed once in "part": red; an error rule with no failure is plain text.
    assert re.match(r'<td class="error">error</td><td class="num">\d+</td><td class="num">1</td>',
                    rows["part_not_larger_than_whole"])
    assert rows["value_positive"].startswith('<td>error</td>') and rows["value_positive"].endswith(">0</td>")
    assert rows["unit_known"].startswith("<td>warning</td>")
    coloured = [name for name, row in rows.items() if row.startswith("<td class=")]
    assert coloured and all(not row.endswith('"num">0</td>') for name, row in rows.items() if name in coloured)


def test_written_files_list_every_figure_and_a_large_artifact_names_them_instead(batch, tmp_path, monkeypatch):
    """write_report streams the files section by section; the Prefect artifact of a run with many figures leaves
    the figure listing out and names the files (the files keep it)."""
    import expectations.report as report

    run = _report(batch, "clean-12", "part")
    md_path, html_path, artifact = report.write_report(run, tmp_path, "small")
    assert md_path.read_text(encoding="utf-8") == render_markdown(run) == artifact
    assert html_path.read_text(encoding="utf-8") == render_html(run)
    figures = len(batch.extractions["clean-12"].figures) + len(batch.extractions["part"].figures)
    assert artifact.count("### Figures: ") == 2 and f"2 bulletins, {figures} figures" in render_html(run)

    monkeypatch.setattr(report, "FIGURES_IN_ARTIFACT_MAX", figures - 1)
    md_path, html_path, artifact = report.write_report(run, tmp_path, "large")
    assert md_path.read_text(encoding="utf-8").count("### Figures: ") == 2
    assert "### Figures: " not in artifact
    assert f"{figures} figures: listed in the report files {md_path} and {html_path}, not in this artifact" in artifact


def test_a_dropped_magnitude_shows_the_prefix_the_value_and_the_target(batch):
    run = _report(batch, "magnitude", "breakdown-rounded")
    page = render_html(run)
    check = _section(page, "b1").split("<div class=\"check sev-error\">")[1]
    assert "<code>magnitude_matches_target</code>" in check
    assert "亿 likely dropped from the value: 45.6亿元 instead of 45.6元 gives the reported 91.2 %" in check
    assert "<dt>value</dt><dd>45.6 元</dd><dt>stated target</dt><dd>50 亿元 (from the bulletin text)</dd>" in check
    rules = _section(page, "rules")
    assert "<code>magnitude_matches_target</code>" in rules and "<code>parts_add_up_as_written</code>" in rules
    markdown = render_markdown(run)
    assert "`magnitude_matches_target`" in markdown
    assert "新建 + 续建: 50.2 + 70.2 = 120.4亿元, the whole 120.5亿元" in markdown
