"""The auditor report: self-contained HTML (no external URLs, bulletin text inert) and Markdown."""

from __future__ import annotations

import html.parser
import re


from expectations.report import BulletinReport, RunReport, render_html, render_markdown
from tests.corpus import needs_corpus

SHA = "ab" * 32


def _report(batch, *names: str) -> RunReport:
    bulletins = [BulletinReport(source=f"https://www.example.gov.cn/{name}.html", sha256=SHA,
                                status=batch.outcome.status_of(name), snapshot_id=i + 1, created=True,
                                extraction=batch.extractions[name], results=batch.rows(name),
                                figures=len(batch.extractions[name].figures)) for i, name in enumerate(names)]
    return RunReport("flow-run-1", bulletins, "/reports/gx/gx-validation-x.json")


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
            if name in ("href", "src", "action", "srcset", "poster", "data") and value:
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
            '</style></head><body><img src="//cdn/x.png"><a href="http://x">x</a><b onclick="f()">b</b></body></html>')
    assert sorted(external_references(page)) == sorted([
        "<link>", "link[href]=https://cdn.example/x.css", "<img>", "img[src]=//cdn/x.png", "a[href]=http://x",
        "b[onclick]", "url("])


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
    section = page.split("<h2>Failed and warned checks</h2>", 1)[1].split("<h2>", 1)[0]
    first = section.split("<div class=\"check sev-warning\">")[1]
    assert "cumulative_not_falling" in first
    assert re.search(r"<mark>[\d.]+万人</mark>", first)  # the number as written, highlighted in its sentence
    assert "https://www.example.gov.cn/falling-03.html" in first and SHA in first
    assert "<dt>reported</dt>" in first and "<dt>computed</dt>" in first
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
    passed = page.split("<h2>Passed percent checks (stated targets)</h2>", 1)[1]
    assert "16 passed" in passed
    assert passed.count("<div class=\"check sev-passed\">") == 16
    assert "<mark>41.58万人</mark>" in passed and "<mark>138.6%</mark>" in passed
    assert "<p>None.</p>" in page.split("<h2>Failed and warned checks</h2>", 1)[1].split("<h2>", 1)[0] or \
        batch.failed("seed").height > 0
    assert "16 passed" in render_markdown(run)
    (tmp_path / "seed-report.html").write_text(page, encoding="utf-8")
