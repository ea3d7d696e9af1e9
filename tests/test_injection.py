"""Every text field carries an injection payload — entries, vocabularies, frameworks, dimensions,
reports, errata — and the built site shows each payload as text: in real Chromium no dialog opens,
no element or attribute comes from the data, and the payload is on the page character for character.

The catalogue is tests/fixtures/mini with the real vocabularies, every string value (not ids or
references) rewritten to carry one of PAYLOADS, round-robin, so each payload lands in many kinds of
places: Markdown paragraphs, headings, links, table cells, list items, HTML cards, attributes,
navigation titles, the phrase finder's index.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, built_and_served, make_project
from kb import checks
from kb.checks.text import NOT_TEXT
from kb.findings import errors, report

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<a href=javascript:alert(1)>a</a>",
    "*x* _y_ `z`",
    "a|b|c",
    "{{ 7*7 }}",
    "&lt;b&gt;",
    "# h",
    "{: onclick=alert(1) }",
]
REFERENCES = {"dimensions", "framework_heading", "meetings", "part", "target", "sectors", "roles"}
# fields the schema keeps short: they get the short payloads
SHORT = {"name", "short", "year_label", "held", "meeting", "label", "group", "headline", "title",
         "heading", "words", "terms"}
SHORT_PAYLOADS = ["*x*", "a|b", "{{ }}", "&lt;", "<b>", "</script>", "`z`", "# h", "[x](javascript:1)"]
TINY_PAYLOADS = ["*x*", "a|b", "<b>", "`z`"]  # report item labels: at most 10 characters
NAME_PAYLOAD = "[x](javascript:1)"


def poison(data, key=None, counter=None):
    """data with a payload appended to every prose string (ids, references, enums untouched)."""
    if isinstance(data, dict):
        return {k: data[k] if k in NOT_TEXT | REFERENCES else poison(v, k, counter) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(v, key, counter) for v in data]
    if isinstance(data, str):
        if key == "name":  # vocabulary and dimension names: the link that reached 25 pages once
            return "文" + NAME_PAYLOAD
        pool = TINY_PAYLOADS if key == "label" else SHORT_PAYLOADS if key in SHORT else PAYLOADS
        return "文" + pool[next(counter) % len(pool)]
    return data


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("poisoned"), FIXTURES / "mini" / "data")
    counter = itertools.count()
    for path in sorted((project / "data").rglob("*.yml")):
        # a list of corrections, the Word layout's font names and sizes, and the 自查's codes,
        # thresholds and patterns: settings, not text shown on a page (the .docx writers' escaping is
        # tested in test_docx.py, the 起草台's with hostile entries and drafts in test_draft.py)
        if path.name in ("typos.yml", "layout.yml", "selfcheck.yml"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data, None, counter), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    result = checks.run(project, codes={r.code for r in checks.all_rules() if r.severity == "error"})
    assert not errors(result.findings), report(errors(result.findings))
    return project


@pytest.fixture(scope="module")
def poisoned_site(poisoned, tmp_path_factory):
    out = tmp_path_factory.mktemp("poisoned-site") / "site"
    with built_and_served(poisoned, out) as url:
        yield out, url


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html")
                  if "assets" not in p.parts)


def test_every_payload_reaches_the_site(poisoned):
    """The fixture is what it claims: each payload is in the data many times, vocabularies included."""
    text = "".join(p.read_text(encoding="utf-8") for p in (poisoned / "data").rglob("*.yml"))
    for payload in PAYLOADS + SHORT_PAYLOADS:
        assert text.count(payload) >= 1, payload
    levels = yaml.safe_load((poisoned / "data/vocab/levels.yml").read_text(encoding="utf-8"))
    assert all(NAME_PAYLOAD in t["name"] for t in levels)


INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.startsWith('on')) found.push(`${el.tagName} ${a.name}`);
      // the theme's own search-share link is javascript:void(0); anything else is from the data
      if (/^\\s*javascript:/i.test(a.value) && a.value !== 'javascript:void(0)') found.push(`${el.tagName} ${a.name}=${a.value}`);
    }
    if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') found.push('IMG src=x');
    if (el.tagName === 'SCRIPT' && el.textContent.includes('alert(1)')) found.push('SCRIPT alert(1)');
  }
  const article = document.querySelector('article');
  if (article) {
    for (const el of article.querySelectorAll('em, strong, code, h1, h2, h3, h4, h5, h6, td, a')) {
      const t = el.textContent.trim();
      if (['x', 'y', 'z', 'h', 'b'].includes(t)) found.push(`${el.tagName} “${t}” from Markdown in data`);
    }
  }
  return found;
}"""


def test_no_page_runs_or_renders_a_payload(browser, poisoned_site):
    site, url = poisoned_site
    shown = ""
    for path in pages(site):
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("load")
        assert dialogs == [], path
        assert page.evaluate(INJECTED) == [], path
        shown += page.locator("body").inner_text()
        page.close()
    for payload in PAYLOADS + SHORT_PAYLOADS:  # literally, not as markup nor dropped
        assert payload.strip() in shown, payload


def test_tables_keep_their_columns(browser, poisoned_site):
    """A | in a framework or dimension name stays inside its cell."""
    site, url = poisoned_site
    page = browser.new_page()
    page.goto(f"{url}/frameworks/")
    rows = page.locator("article table tbody tr")
    header = page.locator("article table thead th").count()
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert rows.nth(i).locator("td").count() == header
    page.close()
