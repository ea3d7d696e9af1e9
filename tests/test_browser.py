"""What a reader sees and does in the browser (real headless Chromium via Playwright)."""
from __future__ import annotations

from kb import loader
from conftest import ROOT


def test_a_dimension_page_shows_its_entries(page, real_url):
    cat, _ = loader.load(ROOT)
    expected = cat.issues_of("study")
    page.goto(f"{real_url}/dimensions/study/")
    cards = page.locator(".kb-entry.kb-issue")
    assert cards.count() == len(expected)
    first = expected[0]
    assert page.locator(f"h3#{first.id}").inner_text().startswith(first.headline)
    assert first.body in page.locator(f'.kb-entry[data-id="{first.id}"] .kb-body').inner_text()
    assert page.locator(f'.kb-entry[data-id="{first.id}"] .kb-level').first.inner_text() in ("班子", "支部", "个人")
    edit = page.locator(f'.kb-entry[data-id="{first.id}"] a.kb-edit').get_attribute("href")
    assert edit.endswith(f"/edit/main/{first.path}")


def test_copy_button_puts_exactly_the_entry_text_on_the_clipboard(page, real_url):
    cat, _ = loader.load(ROOT)
    issue = next(i for i in cat.issues.values() if i.example)  # one with all three parts
    page.goto(f"{real_url}/dimensions/{issue.dimension}/")
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(f'.kb-entry[data-id="{issue.id}"] button.kb-copy').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == issue.headline + "。" + issue.body + issue.example


def test_header_search_finds_the_page_holding_a_term(page, real_url):
    cat, _ = loader.load(ROOT)
    holders = {f"/dimensions/{i.dimension}/" for i in cat.issues.values() if "上热下冷" in i.text}
    assert holders
    page.goto(f"{real_url}/")
    box = page.locator("input.md-search__input")
    box.click()
    # Chinese arrives through the IME as text input; Material reads the box on keydown, as it
    # does when a reader confirms the IME candidate, so end with a key that changes nothing.
    page.keyboard.insert_text("上热下冷")
    box.press("End")
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(n).get_attribute("href") for n in range(results.count())]
    assert any(h.split("?")[0].endswith(tuple(holders)) for h in hrefs), hrefs


def test_a_report_item_link_lands_on_the_entry_anchor(page, real_url):
    cat, _ = loader.load(ROOT)
    report = cat.reports["2021-branch-culture"]
    issue = cat.issues[next(ref for ref in report.refs() if ref in cat.issues)]
    page.goto(f"{real_url}/reports/{report.id}/")
    page.locator(f"#{issue.id} a.kb-ref").click()
    page.wait_for_url(f"**/dimensions/{issue.dimension}/#{issue.id}")
    heading = page.locator(f"h3#{issue.id}")
    assert heading.is_visible()
    assert abs(heading.bounding_box()["y"]) < 200  # scrolled to the entry, under the sticky header


def test_a_report_page_shows_the_errata_and_every_item(page, real_url):
    cat, _ = loader.load(ROOT)
    report = cat.reports["2023-branch-finance"]
    page.goto(f"{real_url}/reports/{report.id}/")
    assert page.locator(".kb-errata tbody tr").count() == len(report.errata)
    assert page.locator(".kb-report-item").count() == sum(
        len(s.all_items()) + len(s.paragraphs) for s in report.sections)
    assert "（5350字）" not in page.title()
