"""Catalogue text is plain text: markup and script in data/ show literally and never run."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

PAGES = ["", "dimensions/alpha/", "dimensions/", "frameworks/", "frameworks/fw-test/", "causes/",
         "remedies/", "reports/", "reports/report-x/", "criticisms/", "passages/"]


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html") if "assets" not in p.parts}


class Injected(HTMLParser):
    """Collects elements and attributes that could only have come from the hostile fixture text."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or (value or "").startswith("javascript:alert"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in ("img", "b") and dict(attrs).get("src", "") in ("x", ""):
            self.found.append(f"<{tag}>")

    def handle_data(self, data):
        if self.in_script and "alert(1)" in data:
            self.found.append("<script>alert(1)")

    def handle_endtag(self, tag):
        self.in_script = False


def test_no_hostile_markup_reaches_the_html(mini_site):
    for name, html in html_files(mini_site).items():
        parser = Injected()
        parser.feed(html)
        assert parser.found == [], name


def test_hostile_text_is_kept_escaped_not_dropped(mini_site):
    html = (mini_site / "dimensions/alpha/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    framework = (mini_site / "frameworks/fw-test/index.html").read_text(encoding="utf-8")
    assert "2023年&lt;b&gt;度&lt;/b&gt;" in framework, "the year label lost its text or became markup"
    assert "组&lt;script&gt;alert(1)&lt;/script&gt;" in framework, "the heading group lost its text or became markup"
    criticisms = (mini_site / "criticisms/index.html").read_text(encoding="utf-8")
    assert "批评&lt;script&gt;alert(1)&lt;/script&gt;" in criticisms, "a criticism's headline became markup"
    assert "〔×××〕同志，&lt;img src=x onerror=alert(1)&gt;" in criticisms, "a criticism's text became markup"
    passages = (mini_site / "passages/index.html").read_text(encoding="utf-8")
    assert "对照查摆&lt;b onclick=alert(1)&gt;差距&lt;/b&gt;" in passages, "a case analysis half became markup"


@pytest.mark.parametrize("path", PAGES)
def test_pages_show_the_text_literally_and_no_script_runs(page, mini_url, path):
    page.goto(f"{mini_url}/{path}")
    page.wait_for_load_state("load")
    assert page.dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("article a[href^='javascript']").count() == 0
    body = page.locator("article").inner_text()
    assert "<script>" in body or "<img src=x" in body, body[:200]  # shown as text


def test_markdown_in_data_is_not_interpreted(page, mini_url):
    page.goto(f"{mini_url}/dimensions/alpha/")
    card = page.locator('.kb-entry[data-id="alpha-001"]')
    assert "**粗体**" in card.inner_text() and "[点我](javascript:alert(1))" in card.inner_text()
    heading = page.locator("h3#alpha-002").inner_text()
    assert heading.startswith("# 标题 & 1. 列表 > 引用")
    report = page.goto(f"{mini_url}/reports/report-x/")
    assert report.ok
    assert "**二是# 标题" not in page.locator("article").inner_text()
    assert page.locator("#alpha-001").inner_text().startswith("一是<script>alert(1)</script>。")
    assert page.dialogs == []


def test_copy_text_of_a_hostile_entry_is_the_plain_text(page, mini_url):
    page.goto(f"{mini_url}/dimensions/alpha/")
    page.locator('.kb-entry[data-id="alpha-002"] button.kb-copy').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == (
        '# 标题 & 1. 列表 > 引用。存在上热下冷的问题，<a href="javascript:alert(1)">链接</a>。')
    assert page.dialogs == []
