"""What the pages load, and in what order (real headless Chromium): the first search results come
before Material's bundle, Material still starts on every page, and the 起草台 loads the Word writer
and the 照搬照抄 index only when they are needed."""
from __future__ import annotations

from urllib.parse import quote

from kb import loader
from kb.draft import id_runs
from conftest import ROOT

# Material's bundle ends by setting window.component$: note when that happens.
MATERIAL_MARK = """Object.defineProperty(window, 'component$', {configurable: true, set(v) {
  performance.mark('material-started');
  Object.defineProperty(window, 'component$', {value: v, writable: true, configurable: true});
}});"""


def mark(page, name: str) -> float:
    return page.evaluate(f"performance.getEntriesByName('{name}')[0].startTime")


def test_the_finder_shows_its_first_results_before_material_starts_and_material_still_works(browser, real_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.add_init_script(MATERIAL_MARK)
    page.goto(f"{real_url}/phrases/?q={quote('上热下冷')}")
    page.wait_for_function("performance.getEntriesByName('material-started').length > 0", timeout=10000)
    assert mark(page, "kb-phrase-first-result") < mark(page, "material-started")
    # Material ran its start-up (it swaps no-js for js on DOMContentLoaded's work) and its copy works
    assert page.evaluate("document.documentElement.classList.contains('js')")
    page.evaluate("navigator.clipboard.writeText('')")
    first = page.locator(".kb-phrase-result button.kb-copy").first
    first.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == first.get_attribute("data-clipboard-text")
    context.close()


def test_a_header_search_typed_at_once_answers_before_material_starts(page, real_url):
    page.add_init_script(MATERIAL_MARK)
    page.add_init_script("""new MutationObserver((_, seen) => {
      const status = document.querySelector('.kb-search-status');
      if (!status || !status.textContent) return;
      seen.disconnect();
      const box = document.querySelector('form.kb-search-form input');
      box.value = '上热下冷';
      box.dispatchEvent(new Event('input', {bubbles: true}));
    }).observe(document, {childList: true, subtree: true, characterData: true});""")
    page.goto(f"{real_url}/guide/")
    page.wait_for_function("performance.getEntriesByName('material-started').length > 0", timeout=10000)
    assert page.locator("#kb-search-list li").count() > 0
    assert mark(page, "kb-header-first-result") < mark(page, "material-started")


def test_material_starts_before_the_load_event_on_a_page_with_no_search(page, real_url):
    page.add_init_script(MATERIAL_MARK)
    page.goto(f"{real_url}/guide/")  # waits for the load event
    assert page.evaluate("performance.getEntriesByName('material-started').length") == 1
    assert page.evaluate("document.documentElement.classList.contains('js')")
    # the header search box shows whether Material has started or not
    assert page.locator("form.kb-search-form input").is_visible()


def test_the_draft_page_loads_the_word_writer_and_overlap_index_only_when_needed(page, real_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{real_url}/draft/")
    page.wait_for_function("window.kbDraft !== undefined")
    assert not [u for u in requested if "docx-writer.js" in u or "docx-template.js" in u]
    page.wait_for_function("kbDraft.overlapReady()", timeout=30000)  # loaded when the browser is idle
    page.evaluate("o => kbDraft.start(o)", {"meeting": "zsh", "year": 2023, "level": "branch",
                                           "framework": "theme-2023-six"})
    size = page.evaluate("kbDraft.docx().then(b => b.byteLength)")
    assert size > 1000 and [u for u in requested if "docx-writer.js" in u]


def test_the_draft_page_knows_every_entry_id_from_the_runs_in_core_js(page, real_url):
    cat, _ = loader.load(ROOT)
    page.goto(f"{real_url}/draft/")
    page.wait_for_function("window.kbDraft !== undefined")
    ids = page.evaluate("KbDraftData.core.ids")
    for kind in ("issue", "cause", "remedy"):
        assert ids[kind] == sorted(cat.table(kind)), kind


def test_id_runs_keep_gaps_widths_and_odd_ids():
    assert id_runs(["a-001", "a-002", "a-003", "a-005", "b-1", "b-2", "b-10", "x", "a-0004"]) == [
        ["a-", 4, 4, 4], ["a-", 3, 1, 3], ["a-", 3, 5, 5], ["b-", 1, 1, 1], ["b-", 2, 10, 10],
        ["b-", 1, 2, 2], ["x"]]


def test_the_overlap_index_decoded_a_slice_at_a_time_is_the_index_decoded_at_once(page, real_url):
    """The 照搬照抄 index is decoded in slices when the browser is idle, so that no long task holds
    up a click; sliced or not, the checker gets the same numbers."""
    page.goto(f"{real_url}/draft/")
    page.wait_for_function("kbDraft.overlapReady()", timeout=30000)
    same, slices, count = page.evaluate("""async () => {
      const data = KbDraftData.overlap;
      const whole = new KbDraftCheck.Checker(KbDraftData.core);
      await whole.useIndex(data);
      const sliced = new KbDraftCheck.Checker(KbDraftData.core);
      let slices = 0;
      await sliced.useIndex(data, go => { slices++; setTimeout(go); });
      const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
      return [eq(whole.index.hashes, sliced.index.hashes) && eq(whole.index.owners, sliced.index.owners),
              slices, whole.index.hashes.length];
    }""")
    assert count > 10000 and same
    assert slices >= 2  # the real catalogue's index already takes more than one slice


def test_starting_a_draft_loads_its_first_headings_suggestions_at_once(page, real_url):
    """A reader who starts a draft and clicks 从条目库选 under the first heading at once does not wait
    for the browser to be idle: that heading's files are asked for when the draft starts."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{real_url}/draft/")
    page.wait_for_function("window.kbDraft !== undefined")
    page.evaluate("o => kbDraft.start(o)", {"meeting": "zsh", "year": 2023, "level": "branch",
                                           "framework": "theme-2023-six"})
    dims = page.evaluate("kbDraft.state().sections.find(s => s.kind === 'problems').headings[0].dims")
    assert dims
    asked = [u.rsplit("/", 1)[1] for u in requested]
    assert all(f"dim-{d}-branch.js" in asked for d in dims), asked
    page.locator('.kb-draft-adders[data-h="0"] .kb-suggest').click()
    page.wait_for_selector(".kb-draft-suggest .kb-suggestion")
    assert page.locator(".kb-draft-suggest .kb-suggestion").count() > 0


def test_chinese_text_and_the_filter_menus_are_set_in_named_chinese_faces(page, real_url):
    """Pages name the usual Chinese faces (Windows, macOS, Linux and the domestic systems) after the
    Latin ones, and the finder's menus use them too, rather than each browser's own fallback."""
    page.goto(f"{real_url}/phrases/")
    body, menu = page.evaluate("""[getComputedStyle(document.querySelector('.md-typeset p')).fontFamily,
      getComputedStyle(document.querySelector('.kb-phrase-filters select')).fontFamily]""")
    for face in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"):
        assert face in body, body
    assert menu == body
    assert body.index("Arial") < body.index("Microsoft YaHei")  # Latin letters and digits keep their face


IDLE_BY_HAND = """window.requestIdleCallback = f => { (window.kbIdle = window.kbIdle || []).push(f); return 0; };"""


def test_the_draft_page_loads_the_headings_files_before_the_overlap_index_one_at_a_time(page, real_url):
    """What loads when the browser is idle (requestIdleCallback, run here by hand): the headings'
    files, one per idle moment, and only then the 照搬照抄 index, even though the index was queued
    when the page opened and the draft started after."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.rsplit("/", 1)[1]) if "/assets/draft/" in r.url else None)
    page.add_init_script(IDLE_BY_HAND)
    page.goto(f"{real_url}/draft/")
    page.wait_for_function("window.kbDraft !== undefined")
    page.evaluate("o => kbDraft.start(o)", {"meeting": "zsh", "year": 2023, "level": "branch",
                                           "framework": "theme-2023-six"})
    dims = page.evaluate("kbDraft.state().sections.find(s => s.kind === 'problems').headings.map(h => h.dims)")
    wanted = list(dict.fromkeys(f"dim-{d}-branch.js" for ds in dims for d in ds))
    first = {f"dim-{d}-branch.js" for d in dims[0]}
    assert first <= set(asked) and "overlap.js" not in asked  # the first heading's at once, nothing else yet
    for _ in range(len(wanted) + 10):
        if "overlap.js" in asked:
            break
        before = len(asked)
        page.evaluate("() => { const f = (window.kbIdle || []).shift(); if (f) f({timeRemaining: () => 50, didTimeout: false}); }")
        page.wait_for_timeout(100)  # the file's <script> loads, then the next one is queued
        assert len(asked) - before <= 1  # one file per idle moment
    assert "overlap.js" in asked
    assert set(wanted) <= set(asked[:asked.index("overlap.js")])
