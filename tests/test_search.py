"""表述检索 and the phrase engine: every phrasing found, in real Chromium, and the index behind it."""
from __future__ import annotations

import json
import random
import re
import sys
from urllib.parse import quote

import pytest

from kb import listings, loader, pages, phrases, search, sections, site
from kb.fold import MAP, PUNCTUATION, bucket, fold, fold_exact
from conftest import ROOT, built_and_served, make_project, run_kb

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (the benchmark's catalogue generator, here at a small size)

RESULTS = "ol.kb-phrase-results"
FIND = "([q, f]) => KbPhrase.ready.then(() => KbPhrase.search(q, f || {})).then(r => r.results.map(x => x.id))"


def page_sections(cat, root=ROOT):
    rendered = pages.render_all(cat, site.repo_url(root), root)
    return sections.of_pages(site.section_sources(root, rendered), *site.markdown_config(root))


def records(root=ROOT):
    """The catalogue and every record the site's index holds, hand-written page sections included."""
    cat, _ = loader.load(root)
    return cat, phrases.records(cat, page_sections(cat, root))


def words(query: str) -> list[tuple[str, bool]]:
    """The query as the engine reads it (the specification its tests hold it to): words apart by
    spaces, a word in double quotes matched with its punctuation."""
    out = []
    for m in re.finditer(r'["\u201c\u201d]([^"\u201c\u201d]*)["\u201c\u201d]?|[^\s"\u201c\u201d]+', query):
        quoted = m.group(1) is not None
        raw = m.group(1) if quoted else m.group(0)
        w = fold_exact(raw) if quoted else fold(raw)
        if w:
            out.append((w, quoted))
    return out


def holds(query: str, text: str) -> bool:
    return all((w in fold_exact(text)) if q else (w in fold(text)) for w, q in words(query))


def expected(recs, query: str, keep=lambda r: True) -> list[str]:
    return [r.rid for r in recs if holds(query, r.text) and keep(r)]


def index_files(index) -> dict[str, object]:
    """{name: data} of the index's script files, read back as the browser receives them."""
    out = {}
    for path, text in index.files.items():
        m = re.fullmatch(r'kbPhraseIndex\(("[^"]+"),(.*)\);\n', text, re.S)
        assert m, path
        out[json.loads(m.group(1))] = json.loads(m.group(2))
    return out


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


# ---- folding and the index ---------------------------------------------------------------------

def test_fold_ignores_punctuation_spaces_width_and_case_and_quotes_keep_punctuation():
    assert fold("重部署轻落实") == fold("重部署，轻落实") == fold("重部署、轻落实") == fold("重部署,轻落实")
    assert fold("学用 结合") == fold("学用结合") == fold("学用\u200b结合") == fold("学用\u3000结合")
    assert fold("“三会一课”") == fold("三会一课") == fold("〔三会一课〕")
    assert fold("ＰＤＣＡ循环") == fold("pdca循环")
    assert fold_exact("红红脸、出出汗") != fold_exact("红红脸，出出汗")  # quoted: 、 and ， differ
    assert fold_exact("“三会一课”") == fold_exact('"三会一课"') == fold_exact("〝三会一课〞")
    assert fold("〔×××〕同志") == "×××同志"  # the placeholder's crosses are not punctuation


def test_postings_round_trip_small_and_large_gaps():
    numbers = [0, 1, 2, 40, 41, 1000, 1031, 70000, 70001]
    assert search.decode(search.encode(numbers)) == numbers
    assert len(search.encode(list(range(100)))) == 100  # consecutive records: one character each


def test_the_index_finds_every_record_by_each_of_its_bigrams_and_filter_values():
    cat, recs = records()
    index = search.build(cat, sections=page_sections(cat))
    data = index_files(index)
    meta = data["meta"]
    lines = {}
    for name, text in data.items():
        if name.startswith("p/"):
            for line in text.splitlines():
                key, encoded = line.split("\t")
                assert name == f"p/{bucket(key, meta['buckets'])}"
                lines[key] = search.decode(encoded)
    assert meta["n"] == len(recs) and meta["shards"][0] == 0
    rows = [row for s in range(len(meta["shards"])) for row in data[f"t/{s}"]]
    assert [row[0] for row in rows] == [r.rid for r in recs] and [row[4] for row in rows] == [r.text for r in recs]
    for n, rec in enumerate(recs):
        for bigram in {fold(rec.text)[i:i + 2] for i in range(len(fold(rec.text)) - 1)}:
            assert n in lines[bigram], (rec.rid, bigram)
    branch = lines["@level=branch"]
    assert branch == [n for n, r in enumerate(recs) if "branch" in r.levels]
    assert lines["@kind=page"] == [n for n, r in enumerate(recs) if r.kind == "page"] != []
    assert meta["fold"]["punctuation"] and "about" not in meta["fold"]


def test_every_index_file_is_a_script_handing_its_data_to_the_engine():
    """Loaded by <script> tags (file:// has no fetch): nothing in them but the one call."""
    cat, _ = loader.load(ROOT)
    index = search.build(cat)
    assert set(index.files) >= {f"{search.DIR}/meta.js"}
    assert all(p.endswith(".js") for p in index.files)
    hostile = search.script("t/0", ["</script><script>alert(1)</script>", "\u2028\u2029"])
    assert "\u2028" not in hostile and "\u2029" not in hostile
    assert json.loads(hostile[hostile.index(",") + 1:-3]) == ["</script><script>alert(1)</script>", "\u2028\u2029"]


def test_kb_pages_writes_the_index_beside_the_pages(tmp_path):
    """Engines that ignore the hook build the site from `kb pages` output alone."""
    result = run_kb(ROOT, "pages", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    tmp_path = tmp_path / "docs"  # kb pages writes DIR/docs and DIR/mkdocs.yml
    cat, _ = loader.load(ROOT)
    index_dir = tmp_path / search.DIR
    written = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8")
               for p in index_dir.rglob("*") if p.is_file()}
    built = site.generated(cat, site.repo_url(ROOT), ROOT)
    assert written == {k: v for k, v in built.items() if k.startswith(search.DIR + "/")} != {}
    page = (tmp_path / "phrases.md").read_text(encoding="utf-8")
    assert 'id="kb-phrase"' in page and 'name="level"' in page


def test_the_site_has_no_theme_search_index(real_site):
    """Material's search plugin is gone: nothing downloads a whole-site index."""
    assert not (real_site / "search").exists()
    assert (real_site / search.DIR / "meta.js").is_file()


def test_every_paragraph_and_section_links_to_an_anchor_on_its_page(real_site):
    _, recs = records()
    linked = [r for r in recs if r.kind in ("report", "page")]
    assert any(r.anchor == "p-opening" for r in linked)
    assert {r.page for r in linked if r.kind == "page"} >= {"index.md", "guide.md", "contributing.md",
                                                              "reference/fields.md", "reference/rules.md"}
    for r in linked:
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
        assert all_shown_ids(page) == expected(recs, phrase) != [], phrase
        marks = page.locator(".kb-phrase-result mark").all_inner_texts()
        assert marks and all(fold(m) == fold(phrase) for m in marks), marks


def test_punctuation_and_spaces_between_characters_do_not_matter(page, real_url):
    _, recs = records()
    want = expected(recs, "重部署轻落实")
    assert want and all(fold("重部署轻落实") in fold(r.text) for r in recs if r.rid in want)
    open_finder(page, real_url)
    for spelling in ("重部署轻落实", "重部署，轻落实", "重部署、轻落实", "重部署,轻落实"):
        type_query(page, spelling)
        assert all_shown_ids(page) == want, spelling
    # the highlight is the span in the original text, its punctuation included
    texts = page.locator(".kb-phrase-result .kb-phrase-text")
    for n in range(texts.count()):
        mark = texts.nth(n).locator("mark").first.inner_text()
        assert fold(mark) == "重部署轻落实" and mark.startswith("重") and mark.endswith("实"), mark
    assert any("、" in m or "，" in m for m in page.locator(".kb-phrase-result mark").all_inner_texts())


def test_several_words_must_all_occur_in_any_order(page, real_url):
    _, recs = records()
    both = expected(recs, "三会一课 支部")
    assert 0 < len(both) < len(expected(recs, "三会一课"))
    open_finder(page, real_url)
    type_query(page, "三会一课 支部")
    assert all_shown_ids(page) == both
    for text in page.locator(".kb-phrase-result .kb-phrase-text").all_inner_texts():
        assert "三会一课" in fold(text) and "支部" in fold(text)
    type_query(page, "支部 三会一课")
    assert all_shown_ids(page) == both


def test_a_quoted_phrase_keeps_its_punctuation(page, real_url):
    _, recs = records()
    exact = expected(recs, '"重部署、轻落实"')
    assert exact and exact == [r.rid for r in recs if "重部署、轻落实" in r.text]
    assert page.goto(f"{real_url}/phrases/?q=" + quote('"重部署、轻落实"'))
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    assert all_shown_ids(page) == exact
    assert page.evaluate(FIND, ["“重部署、轻落实”", {}]) == exact


def test_the_browser_folds_text_exactly_as_the_index_builder(page, real_url):
    _, recs = records()
    texts = [r.text for r in recs] + [chr(cp) + "字" for cp in sorted(MAP)]
    texts += [ch + "字" for ch in sorted(PUNCTUATION)]
    texts += ["𠮷野家　ＡＢＣ…——“引号”", "\t换行\n和\u00a0空格", "重部署，轻落实；（一）、【二】〔三〕"]
    open_finder(page, real_url)
    folded = page.evaluate("texts => texts.map(t => [KbPhrase.fold(t), KbPhrase.foldExact(t)])", texts)
    assert folded == [[fold(t), fold_exact(t)] for t in texts]


def test_filters_narrow_the_results_to_what_they_name(page, real_url):
    _, recs = records()
    phrase = "不够"
    facets = [("kind", "cause", lambda r: r.kind == "cause"),
              ("dim", "study", lambda r: "study" in r.dimensions),
              ("level", "team", lambda r: "team" in r.levels),
              ("fw", "zsh-2021-four", lambda r: "zsh-2021-four" in r.frameworks),
              ("h", "zsh-2021-four/2", lambda r: "zsh-2021-four/2" in r.headings)]
    everything = expected(recs, phrase)
    open_finder(page, real_url, phrase)
    for name, value, keep in facets:
        want = expected(recs, phrase, keep)
        assert 0 < len(want) < len(everything), name
        assert page.evaluate(FIND, [phrase, {name: value}]) == want, name
    page.select_option("select[name=kind]", "cause")
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    assert set(page.locator(".kb-phrase-result").evaluate_all("els => els.map(e => e.dataset.kind)")) == {"cause"}
    assert all_shown_ids(page) == expected(recs, phrase, facets[0][2])
    assert "kind=cause" in page.url


def test_filters_alone_list_every_entry_they_name_page_by_page(page, real_url):
    cat, _ = records()
    want = [i.id for i in cat.issues_of("organization") if "branch" in i.levels]
    open_finder(page, real_url, dim="organization", level="branch", kind="issue")
    assert want and all_shown_ids(page) == want
    assert f"共找到 {len(want)} 条" in page.locator(".kb-phrase-status").inner_text()
    every = [i.id for d in cat.sorted_dimensions() for i in cat.issues_of(d.id) if "branch" in i.levels]
    open_finder(page, real_url, level="branch", kind="issue")
    assert len(shown_ids(page)) == 30 and page.locator(".kb-phrase-more").is_visible()  # paged
    assert f"共找到 {len(every)} 条" in page.locator(".kb-phrase-status").inner_text()
    assert all_shown_ids(page) == every


def test_each_framework_heading_links_to_its_issues_at_each_level(page, real_url):
    cat, recs = records()
    f = cat.frameworks["zsh-2021-four"]
    n, heading = next((n, h) for n, h in enumerate(f.headings, 1) if not h.unknown)
    page.goto(f"{real_url}/frameworks/{f.id}/")
    views = page.locator(f"h3#h-{n} + p + p a", has_text="本方面的问题表述（")
    assert views.count() == len(f.levels)
    level = f.levels[0]
    name = cat.vocab["levels"][level].name
    page.locator(f"h3#h-{n} ~ p a", has_text=f"本方面的问题表述（{name}）").first.click()
    page.wait_for_url(re.compile(r"/phrases/\?"))
    page.wait_for_selector(f"{RESULTS}[aria-busy=false]", state="attached")
    want = [r.rid for r in recs if r.kind == "issue" and level in r.levels
            and set(r.dimensions) & set(heading.dimensions)]
    assert want and all_shown_ids(page) == want
    assert page.locator("select[name=h]").input_value() == f"{f.id}/{n}"


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
    page.wait_for_url(f"**/{listings.placement(cat)[issue.id].removesuffix('.md')}/#{issue.id}")  # its page of the dimension


def test_the_address_restores_a_search_and_back_returns_to_the_last(page, real_url):
    _, recs = records()
    open_finder(page, real_url, "学用结合", kind="issue")
    assert page.locator(".kb-phrase-input").input_value() == "学用结合"
    assert page.locator("select[name=kind]").input_value() == "issue"
    assert shown_ids(page) == expected(recs, "学用结合", lambda r: r.kind == "issue")
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


# ---- hostile text and a synthetic catalogue ---------------------------------------------------

def test_markup_in_an_entry_shows_as_text_in_results(page, mini_url):
    open_finder(page, mini_url, "onerror=alert(1)")
    texts = page.locator(".kb-phrase-result .kb-phrase-text").all_inner_texts()
    assert any("<img src=x onerror=alert(1)>" in t for t in texts), texts
    type_query(page, '"<script>alert(1)</script>"')
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
    with built_and_served(project, tmp_path_factory.mktemp("synth-site") / "site") as url:
        yield project, url


def test_every_fragment_of_every_entry_finds_it(page, synth_url):
    project, url = synth_url
    _, recs = records(project)
    cases: dict[str, set[str]] = {}
    for rec in recs:
        if rec.kind == "page":  # the same pages as the real site's, long: the entries are the point
            continue
        for size in range(2, 9):
            for start in range(len(rec.text) - size + 1):
                frag = rec.text[start:start + size]
                # quote marks are query syntax; a query without two characters to go by is refused
                if not re.search('["\u201c\u201d]', frag) and any(len(w) >= 2 for w, _ in words(frag)):
                    cases.setdefault(frag, set()).add(rec.rid)
    open_finder(page, url)
    missed = page.evaluate("""async (cases) => {
      const missed = [];
      for (const [frag, ids] of cases) {
        const found = new Set((await KbPhrase.search(frag)).results.map(r => r.id));
        if (!ids.every(id => found.has(id))) missed.push(frag);
      }
      return missed;
    }""", [[frag, sorted(ids)] for frag, ids in cases.items()])
    assert len(cases) > 5000 and missed == []


def test_a_vocabulary_filter_lists_exactly_the_entries_tagged_with_it():
    """The sector filter (one line of phrases.FILTERS) appears with its vocabulary and lists exactly
    the entries tagged with the chosen sector (general entries are under 全部行业)."""
    from kb.model import Term

    cat, _ = loader.load(ROOT)
    if "sectors" not in cat.vocab:  # no vocabulary, no menu
        assert "sector" not in [f["name"] for f in search.filters(cat)]
    cat.vocab["sectors"] = {"school": Term("school", "学校"), "village": Term("village", "村（农村）")}
    school = next(iter(cat.issues.values()))
    school.sectors = ["school"]  # as the model's optional field
    index = search.build(cat)
    data = index_files(index)
    menu = next(f for f in data["meta"]["filters"] if f["name"] == "sector")
    assert menu["options"] == [["school", "学校"], ["village", "村（农村）"]]
    lines = {}
    for name, text in data.items():
        if name.startswith("p/"):
            lines.update(line.split("\t") for line in text.splitlines())
    recs = phrases.records(cat)
    n = next(k for k, r in enumerate(recs) if r.rid == school.id)
    in_school, in_village = (search.decode(lines[f"@sector={v}"]) for v in ("school", "village"))
    assert n in in_school and n not in in_village
    for value, listed in (("school", in_school), ("village", in_village)):
        assert listed == [k for k, r in enumerate(recs) if value in (getattr(r.source, "sectors", None) or ())], value


def test_the_sector_filter_in_the_browser_lists_exactly_the_tagged_entries(page, real_url):
    cat, _ = records()
    for sector in ("hospital", "village"):
        want = [i.id for d in cat.sorted_dimensions() for i in cat.issues_of(d.id) if sector in i.sectors]
        open_finder(page, real_url, sector=sector, kind="issue")
        assert len(want) >= 30 and f"共找到 {len(want)} 条" in page.locator(".kb-phrase-status").inner_text()
        assert all_shown_ids(page) == want
