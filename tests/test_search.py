"""表述检索: every phrasing found exactly, in real Chromium, and the index behind it."""
from __future__ import annotations

import random
import re
import sys
from urllib.parse import quote

import pytest

from kb import loader, phrases, search
from kb.fold import MAP, bucket, fold
from conftest import ROOT, make_project, mkdocs_build, run_kb, serve

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (the benchmark's catalogue generator, here at a small size)

RESULTS = "ol.kb-phrase-results"


def records(root=ROOT):
    cat, _ = loader.load(root)
    return cat, phrases.records(cat)


def open_finder(page, base: str, query: str = "", **params) -> None:
    params = {"q": query, **params} if query else params
    address = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    page.goto(f"{base}/phrases/" + (f"?{address}" if address else ""))
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")


def type_query(page, query: str) -> None:
    """Type as a reader does (Chinese arrives from the IME as inserted text), wait for the results."""
    box = page.locator(".kb-phrase-input")
    box.fill("")
    box.focus()
    page.keyboard.insert_text(query)
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")


def shown_ids(page) -> list[str]:
    return page.locator(".kb-phrase-result").evaluate_all("els => els.map(e => e.dataset.id)")


def all_shown_ids(page) -> list[str]:
    """Every result, pressing 显示更多 until the list is complete."""
    more = page.locator(".kb-phrase-more")
    while more.is_visible():
        more.click()
        page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    return shown_ids(page)


def expected(recs, query: str, keep=lambda r: True) -> list[str]:
    return [r.rid for r in recs if fold(query) in fold(r.text) and keep(r)]


# ---- the index -----------------------------------------------------------------------------

def test_fold_forgives_width_spaces_quotes_and_case():
    assert fold("学用 结合") == fold("学用结合") == fold("学用\u200b结合") == fold("学用\u3000结合")
    assert fold("重部署，轻落实") == fold("重部署,轻落实")
    assert fold("“三会一课”") == fold('"三会一课"') == fold("〝三会一课〞")
    assert fold("ＰＤＣＡ循环") == fold("pdca循环")
    assert fold("红红脸、出出汗") != fold("红红脸，出出汗")  # 、 and ， are different marks


def test_postings_round_trip_small_and_large_gaps():
    numbers = [0, 1, 2, 40, 41, 1000, 1031, 70000, 70001]
    assert search.decode(search.encode(numbers)) == numbers
    assert len(search.encode(list(range(100)))) == 100  # consecutive records: one character each


def test_the_index_finds_every_record_by_each_of_its_bigrams():
    cat, recs = records()
    index = search.build(cat)
    files, meta = index.files, index.meta
    lines = {}
    for path, text in files.items():
        if path.startswith(f"{search.DIR}/p/"):
            for line in text.splitlines():
                bigram, encoded = line.split("\t")
                assert path == f"{search.DIR}/p/{bucket(bigram, meta['buckets'])}.txt"
                lines[bigram] = search.decode(encoded)
    for n, rec in enumerate(recs):
        for bigram in {fold(rec.text)[i:i + 2] for i in range(len(fold(rec.text)) - 1)}:
            assert n in lines[bigram], (rec.rid, bigram)
    assert meta["n"] == len(recs) and meta["shards"][0] == 0


def test_kb_pages_writes_the_index_beside_the_pages(tmp_path):
    """Engines that ignore the hook build the finder from `kb pages` output alone."""
    cat, _ = records()
    result = run_kb(ROOT, "pages", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    tmp_path = tmp_path / "docs"
    index = search.build(cat)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / search.DIR).rglob("*") if p.is_file()) \
        == sorted(index.files)
    assert all((tmp_path / path).read_text(encoding="utf-8") == text for path, text in index.files.items())
    page = (tmp_path / "phrases.md").read_text(encoding="utf-8")
    assert 'id="kb-phrase"' in page and "assets/js/phrases.js" in page


def test_every_report_paragraph_links_to_an_anchor_on_its_page(real_site):
    _, recs = records()
    paragraphs = [r for r in recs if r.kind == "report"]
    assert any(r.anchor == "p-opening" for r in paragraphs)
    for r in paragraphs:
        html = (real_site / search.url_of(r.page) / "index.html").read_text(encoding="utf-8")
        assert f'id="{r.anchor}"' in html, r.rid


# ---- the real catalogue, in Chromium ----------------------------------------------------------

def real_phrases(count: int = 30) -> list[tuple[str, str]]:
    """Phrases cut from random records of the real catalogue, as a reader would type them:
    runs of Chinese between punctuation, or a window of four to eight characters of a longer run."""
    _, recs = records()
    rng = random.Random(4)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        rec = rng.choice(recs)
        runs = re.findall(r"[\u3400-\u9fff]{2,}", rec.text)
        run = rng.choice(runs)
        if len(run) > 8:
            size = rng.randint(4, 8)
            start = rng.randrange(len(run) - size + 1)
            run = run[start:start + size]
        if "\u200b" not in run and (run, rec.rid) not in out:
            out.append((run, rec.rid))
    return out


def test_thirty_real_phrases_are_each_found_with_a_top_result_holding_them(page, real_url):
    open_finder(page, real_url)
    for phrase, rid in real_phrases():
        type_query(page, phrase)
        top = page.locator(".kb-phrase-result .kb-phrase-text").first.inner_text()
        assert fold(phrase) in fold(top), (phrase, top[:40])
        assert rid in all_shown_ids(page), phrase
    assert page.dialogs == []


def test_the_named_phrasings_are_found_and_highlighted(page, real_url):
    _, recs = records()
    open_finder(page, real_url)
    for phrase in ("学用结合", "红红脸、出出汗", "重部署、轻落实", "上热下冷"):
        type_query(page, phrase)
        assert all_shown_ids(page) == expected(recs, phrase), phrase
        marks = page.locator(".kb-phrase-result mark").all_inner_texts()
        assert marks and all(m == phrase for m in marks), marks


def test_spaces_and_half_width_punctuation_find_the_same_entries(page, real_url):
    _, recs = records()
    open_finder(page, real_url)
    type_query(page, "重部署,轻落实")
    assert all_shown_ids(page) == expected(recs, "重部署，轻落实")
    type_query(page, "学用 结合")
    assert all_shown_ids(page) == expected(recs, "学用结合") != []
    assert page.locator(".kb-phrase-result mark").first.inner_text() == "学用结合"


def test_the_browser_folds_text_exactly_as_the_index_builder(page, real_url):
    _, recs = records()
    texts = [r.text for r in recs] + [chr(cp) + "字" for cp in sorted(MAP)]
    texts += ["𠮷野家　ＡＢＣ…——“引号”", "\t换行\n和\u00a0空格"]
    open_finder(page, real_url)
    assert page.evaluate("texts => kbPhrase.fold(texts)", texts) == [fold(t) for t in texts]


def test_filters_narrow_the_results_to_what_they_name(page, real_url):
    cat, recs = records()
    phrase = "不够"
    facets = [("kind", "cause", lambda r: r.kind == "cause"),
              ("dim", "study", lambda r: "study" in r.dimensions),
              ("level", "team", lambda r: "team" in r.levels),
              ("fw", "zsh-2021-four", lambda r: "zsh-2021-four" in r.frameworks)]
    everything = expected(recs, phrase)
    open_finder(page, real_url, phrase)
    for name, value, keep in facets:
        want = expected(recs, phrase, keep)
        assert 0 < len(want) < len(everything), name
        assert page.evaluate("([q, f]) => kbPhrase.find(q, f).then(rs => rs.map(r => r.id))",
                             [phrase, {name: value}]) == want
    page.select_option("select[name=kind]", "cause")
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    assert set(page.locator(".kb-phrase-result").evaluate_all("els => els.map(e => e.dataset.kind)")) == {"cause"}
    assert all_shown_ids(page) == expected(recs, phrase, facets[0][2])
    assert "kind=cause" in page.url


def test_copy_puts_the_result_text_on_the_clipboard(page, real_url):
    cat, _ = records()
    issue = next(i for i in cat.issues.values() if "学用结合" in i.text)
    open_finder(page, real_url, "学用结合")
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(f'.kb-phrase-result[data-id="{issue.id}"] button.kb-copy').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == issue.text


def test_a_result_links_to_its_entry_anchor(page, real_url):
    cat, _ = records()
    issue = next(i for i in cat.issues.values() if "上热下冷" in i.text)
    open_finder(page, real_url, "上热下冷")
    page.locator(f'.kb-phrase-result[data-id="{issue.id}"] a.kb-phrase-link').click()
    page.wait_for_url(f"**/dimensions/{issue.dimension}/#{issue.id}")


def test_the_address_restores_a_search_and_back_returns_to_the_last(page, real_url):
    _, recs = records()
    open_finder(page, real_url, "学用结合", kind="issue")
    assert page.locator(".kb-phrase-input").input_value() == "学用结合"
    assert page.locator("select[name=kind]").input_value() == "issue"
    assert shown_ids(page) == expected(recs, "学用结合", lambda r: r.kind == "issue")
    assert "q=" in page.url  # Material did not take the query for its own dialog
    assert not page.evaluate("document.getElementById('__search').checked")
    page.wait_for_timeout(1100)  # a pause: the next query is a new history entry
    type_query(page, "上热下冷")
    assert "%E4%B8%8A%E7%83%AD%E4%B8%8B%E5%86%B7" in page.url
    page.go_back()
    page.wait_for_function("document.querySelector('.kb-phrase-input').value === '学用结合'")
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    assert shown_ids(page) == expected(recs, "学用结合", lambda r: r.kind == "issue")


def test_empty_short_and_unmatched_queries_say_so(page, real_url):
    open_finder(page, real_url)
    assert page.locator(".kb-phrase-hint a").count() >= 3  # examples to start from
    type_query(page, "学")
    assert "至少输入两个字" in page.locator(".kb-phrase-status").inner_text()
    type_query(page, "绝不会出现的说法")
    assert "没有找到" in page.locator(".kb-phrase-status").inner_text()
    assert page.locator(".kb-phrase-result").count() == 0


def test_the_header_search_leads_to_the_phrase_finder_with_the_query(page, real_url):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{real_url}/")
    page.wait_for_timeout(500)
    assert not any("search_index.json" in u for u in fetched)  # not loaded until wanted
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.insert_text("上热下冷")
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)  # Material has answered
    link = page.locator("a.kb-search-phrases")
    assert link.inner_text() == "在表述检索中逐字查找“上热下冷”"
    assert "个符合条件的结果" in page.locator(".md-search-result__meta").inner_text()
    link.click()
    page.wait_for_url("**/phrases/?q=*")
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    assert page.locator(".kb-phrase-result").count() > 0
    assert any("search_index.json" in u for u in fetched)


# ---- hostile text and a synthetic catalogue ---------------------------------------------------

def test_markup_in_an_entry_shows_as_text_in_results(page, mini_url):
    open_finder(page, mini_url, "onerror=alert(1)")
    texts = page.locator(".kb-phrase-result .kb-phrase-text").all_inner_texts()
    assert any("<img src=x onerror=alert(1)>" in t for t in texts), texts
    type_query(page, "<script>alert(1)</script>")
    assert page.locator(".kb-phrase-result").count() > 0
    assert page.locator("#kb-phrase img, #kb-phrase script, #kb-phrase a[href^=javascript]").count() == 0
    assert page.dialogs == []


@pytest.fixture(scope="session")
def synth_url(tmp_path_factory):
    source = tmp_path_factory.mktemp("synth-data")
    synth.write(source, 40, seed=7)
    project = make_project(tmp_path_factory.mktemp("synth"), source / "data")
    checked = run_kb(project, "check", "--strict")  # the generator writes what contributors must
    assert checked.returncode == 0, checked.stdout
    site = tmp_path_factory.mktemp("synth-site") / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    server, url = serve(site)
    yield project, url
    server.shutdown()


def test_every_fragment_of_every_entry_finds_it(page, synth_url):
    project, url = synth_url
    _, recs = records(project)
    cases: dict[str, set[str]] = {}
    for rec in recs:
        for size in range(2, 9):
            for start in range(len(rec.text) - size + 1):
                cases.setdefault(rec.text[start:start + size], set()).add(rec.rid)
    open_finder(page, url)
    missed = page.evaluate("""async (cases) => {
      const missed = [];
      for (const [frag, ids] of cases) {
        const found = new Set((await kbPhrase.find(frag)).map(r => r.id));
        if (!ids.every(id => found.has(id))) missed.push(frag);
      }
      return missed;
    }""", [[frag, sorted(ids)] for frag, ids in cases.items()])
    assert len(cases) > 5000 and missed == []
