"""起草台 with a framework whose headings were not found (`unknown: true`), as for the 2024年度 and
2025年度 支部 and 党员 frameworks: the draft still has a place for every problem. The heading is a
placeholder the self-check flags until the writer puts in the notice's wording, its suggestions come
from every dimension, and a writer whose notice lists more aspects adds headings of their own."""
from __future__ import annotations

from kb import loader
from conftest import ROOT
from test_draft import codes, open_draft

BRANCH_2025 = "zsh-2025-branch"  # one heading, wording and count unknown
DSH_2021 = "dsh-2021-six"  # headings 1-2 known, 3-6 unknown


def start(page, base, framework, level="branch", meeting="zsh", year=2025):
    open_draft(page, base)
    page.evaluate("o => kbDraft.start(o)", {"meeting": meeting, "year": year, "level": level, "framework": framework})


def test_unknown_headings_keep_their_place_and_are_flagged_until_named(page, real_url):
    cat, _ = loader.load(ROOT)
    fw = cat.frameworks[DSH_2021]
    start(page, real_url, DSH_2021, level="team", meeting="dsh", year=2021)
    heads = page.evaluate("kbDraft.state().sections.filter(s => s.kind === 'problems')[0].headings")
    assert len(heads) == len(fw.headings)  # numbering follows the framework's: （三） is its third
    for h, mine in zip(fw.headings, heads):
        if h.unknown:
            assert mine["title"].startswith("〔") and mine["dims"] == []
        else:
            assert mine["title"] == h.title and mine["dims"] == h.dimensions
    s = page.evaluate("kbDraft.state().sections.findIndex(s => s.kind === 'problems')")
    third = f"{s}.h2"
    flagged = [f for f in page.evaluate("kbDraft.check()") if f["where"] == third]
    assert {"ZC101", "ZC201"} <= codes(flagged)  # no problem under it yet, and its title is a placeholder
    page.evaluate("([p, t]) => kbDraft.setText(p, t)", [third, "带头发扬斗争精神、积极担当作为方面"])
    assert "ZC201" not in codes(f for f in page.evaluate("kbDraft.check()") if f["where"] == third)


def test_a_branch_draft_of_2025_offers_problems_of_every_dimension_and_takes_more_headings(page, real_url):
    cat, _ = loader.load(ROOT)
    start(page, real_url, BRANCH_2025)
    doc = page.locator(".kb-draft-doc")
    head = doc.locator(".kb-draft-h2").first
    assert "照所收通知填写" in head.inner_text()
    assert head.locator("mark.kb-ph").count() == 1  # highlighted like any placeholder

    # suggestions under it: branch issues, of more than one dimension
    doc.locator('.kb-draft-adders[data-h="0"] .kb-suggest').click()
    box = page.locator(".kb-draft-suggest")
    box.locator(".kb-suggestion").first.wait_for()
    offered = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    assert len({cat.issues[i].dimension for i in offered if i in cat.issues}) > 1
    first = offered[0]
    box.locator(f'.kb-suggestion[data-id="{first}"] .kb-add').click()
    s = page.evaluate("kbDraft.state().sections.findIndex(s => s.kind === 'problems')")
    assert page.evaluate(f"kbDraft.state().sections[{s}].headings[0].items[0].ref") == first

    # an entry added from elsewhere goes to the one heading open to every dimension
    other = next(i.id for i in cat.issues.values() if "branch" in i.levels and i.id != first)
    page.evaluate("id => kbDraft.add(id)", other)
    assert page.evaluate(f"kbDraft.state().sections[{s}].headings[0].items.map(i => i.ref)") == [first, other]

    # the notice lists another aspect: 添加一个方面, name it, fill it
    doc.locator(".kb-heading-add").click()
    editor = doc.locator(".kb-draft-h2 textarea, .kb-draft-h2 input").first
    editor.fill("在严守纪律规矩方面")
    editor.press("Enter")
    titles = page.evaluate(f"kbDraft.state().sections[{s}].headings.map(h => h.title)")
    assert len(titles) == 2 and titles[1] == "在严守纪律规矩方面"
    assert "（二）在严守纪律规矩方面" in page.evaluate("kbDraft.text()")
    assert any(f["code"] == "ZC101" and f["where"] == f"{s}.h1" for f in page.evaluate("kbDraft.check()"))


def test_the_word_file_is_named_after_the_title_as_filled_in(page, real_url):
    start(page, real_url, BRANCH_2025)
    page.evaluate("([p, t]) => kbDraft.setText(p, t)", ["title", "〔单位〕第二党支部2025年度组织生活会对照检查材料"])
    page.evaluate("([p, t]) => kbDraft.setText(p, t)", ["title", "机关第二党支部2025年度组织生活会对照检查材料"])
    with page.expect_download() as got:
        page.get_by_role("button", name="导出 Word").click()
    assert got.value.suggested_filename == "机关第二党支部2025年度组织生活会对照检查材料.docx"


def test_a_heading_shows_its_level_first_and_the_other_levels_on_a_click(page, real_url):
    cat, _ = loader.load(ROOT)
    start(page, real_url, "theme-2023-six-zsh", year=2023)
    dims = cat.frameworks["theme-2023-six-zsh"].headings[0].dimensions
    page.locator('.kb-draft-doc .kb-draft-adders[data-h="0"] .kb-suggest').click()
    box = page.locator(".kb-draft-suggest")
    box.locator(".kb-suggestion").first.wait_for()
    mine = [i.id for d in dims for i in cat.issues_of(d) if "branch" in i.levels]
    everyone = [i.id for d in dims for i in cat.issues_of(d)]
    offered = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    assert sorted(offered) == sorted(mine)
    # only the level's files were loaded for that, not the whole dimension's
    loaded = page.evaluate("Object.keys(KbDraftData)")
    assert all(f"dim-{d}-branch" in loaded and f"dim-{d}" not in loaded for d in dims)
    more = box.locator(".kb-suggest-more")
    assert f"（{len(everyone) - len(mine)} 条）" in more.inner_text()
    more.click()
    box.locator(".kb-suggestion").nth(len(mine)).wait_for()
    shown = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    assert sorted(shown) == sorted(everyone) and shown[:len(mine)] == offered  # each once, this level first
    other = next(i for i in shown if i not in mine)
    box.locator(f'.kb-suggestion[data-id="{other}"] .kb-add').click()
    assert other in [it.get("ref") for h in page.evaluate("kbDraft.state().sections[2].headings") for it in h["items"]]
