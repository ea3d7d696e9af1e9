"""What a reader sees and does in the browser (real headless Chromium via Playwright)."""
from __future__ import annotations

import re

from kb import listings, loader
from kb.fold import fold
from conftest import ROOT
from test_search import expected, records


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


# ---- the header search box: the phrase engine on every page --------------------------------

def header_search(page, query: str) -> list[str]:
    """Type into the header box as a reader does; the ids listed in its dropdown."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.insert_text(query)
    page.wait_for_function("q => document.querySelector('.kb-search-status').textContent !== '正在查找……'"
                           " && document.getElementById('kb-search-list').getAttribute('aria-busy') === 'false'"
                           " && document.querySelector('input.md-search__input').value === q", arg=query)
    return page.locator("#kb-search-list li").evaluate_all("els => els.map(e => e.dataset.id)")


def test_header_search_lists_an_entry_containing_the_query_first(page, real_url):
    _, recs = records()
    text = {r.rid: r.text for r in recs}
    page.goto(f"{real_url}/dimensions/study/")
    for query in ("上热下冷", "三会一课", "重部署轻落实"):
        ids = header_search(page, query)
        assert ids and ids == expected(recs, query)[:len(ids)], query
        assert fold(query) in fold(text[ids[0]]), (query, text[ids[0]][:40])
        mark = page.locator("#kb-search-list li").first.locator("mark").first.inner_text()
        assert fold(mark) == fold(query), mark
    assert page.dialogs == []


def test_header_search_with_several_words_lists_only_entries_with_all(page, real_url):
    _, recs = records()
    both = expected(recs, "三会一课 支部")
    page.goto(f"{real_url}/dimensions/organization/")
    ids = header_search(page, "三会一课 支部")
    assert len(ids) == min(8, len(both)) and ids == both[:len(ids)]
    assert all("三会一课" in fold(r.text) and "支部" in fold(r.text) for r in recs if r.rid in ids)
    more = page.locator("a.kb-search-all")
    assert more.is_visible()
    more.click()
    page.wait_for_url(re.compile(r"/phrases/\?q="))
    assert page.locator(".kb-phrase-input").input_value() == "三会一课 支部"


def test_header_search_finds_a_section_of_a_hand_written_page(page, real_url):
    _, recs = records()
    guide = [r for r in recs if r.page == "guide.md"]
    query, rid = next((run, r.rid) for r in guide for run in re.findall(r"[\u4e00-\u9fff]{6}", r.text)
                      if expected(recs, run) == [r.rid])
    page.goto(f"{real_url}/dimensions/study/")
    assert header_search(page, query) == [rid]
    page.locator("#kb-search-list li a").first.click()
    page.wait_for_url(f"**/guide/#{rid.split('#')[1]}")


def test_header_search_keyboard(page, real_url):
    _, recs = records()
    want = expected(recs, "上热下冷")
    page.goto(f"{real_url}/causes/")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    ids = header_search(page, "上热下冷")
    box = page.locator("input.md-search__input")
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    active = page.locator("#kb-search-list li.kb-active")
    assert active.count() == 1 and active.get_attribute("data-id") == ids[0]
    assert box.get_attribute("aria-activedescendant") == active.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(re.compile(rf"#{ids[0]}$"))
    # the result's page has loaded its scripts (the header search among them) before a key is pressed
    page.wait_for_function("document.readyState === 'complete' && !!document.querySelector('form.kb-search-form')")
    # Esc closes; `s` opens again; Enter without a chosen result opens the phrase finder
    page.locator("body").press("s")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')", timeout=10000)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert not page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.locator("body").press("s")
    header_search(page, "上热下冷")
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(re.compile(r"/phrases/\?q="))
    page.wait_for_selector("ol.kb-phrase-results[aria-busy=false]", state="attached")
    assert page.locator(".kb-phrase-result").evaluate_all("els => els.map(e => e.dataset.id)") == want[:30]


def test_header_search_loads_little_before_its_first_result(page, real_url):
    """The index comes in small files, a few per query: nothing like a whole-site index."""
    page.goto(f"{real_url}/guide/")
    header_search(page, "上热下冷")
    loaded = page.evaluate("""() => {
      const first = performance.getEntriesByName('kb-header-first-result')[0].startTime;
      return performance.getEntriesByType('resource')
        .filter(r => r.responseEnd <= first && /\\/(phrase-index|assets\\/js)\\//.test(r.name))
        .map(r => [r.name, r.encodedBodySize]);
    }""")
    assert any("/phrase-index/t/" in name for name, _ in loaded)  # a text shard, verified
    assert sum(size for _, size in loaded) <= 128 * 1024, loaded


def test_hostile_text_in_header_results_stays_text(page, mini_url):
    page.goto(f"{mini_url}/")
    assert header_search(page, "onerror=alert(1)")
    texts = page.locator("#kb-search-list li").all_inner_texts()
    assert any("<img src=x onerror=alert(1)>" in t for t in texts), texts
    assert header_search(page, '"<script>alert(1)</script>"')
    assert page.locator(".kb-search img, .kb-search script, .kb-search a[href^=javascript]").count() == 0
    assert page.dialogs == []


def test_a_report_item_link_lands_on_the_entry_anchor(page, real_url):
    cat, _ = loader.load(ROOT)
    report = cat.reports["2021-branch-culture"]
    issue = cat.issues[next(ref for ref in report.refs() if ref in cat.issues)]
    page.goto(f"{real_url}/reports/{report.id}/")
    page.locator(f"#{issue.id} a.kb-ref").click()
    page.wait_for_url(f"**/{listings.placement(cat)[issue.id].removesuffix('.md')}/#{issue.id}")  # its page of the dimension
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
