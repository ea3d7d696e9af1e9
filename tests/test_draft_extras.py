"""起草台's parts beyond the report itself: 相互批评意见（会上发言提纲）, which is prepared in the draft
but never goes into the 对照检查材料 (its .docx, 复制全文, print), and the 段落范式 offered under the
opening, 整改情况, case analysis and closing. Old drafts (format version 1) still load."""
from __future__ import annotations

import json
import re

from kb import loader
from kb.fold import fold
from conftest import ROOT
from test_draft import GOOD, draft, open_draft, overlap_ready, paragraphs_of

FIVE = "dsh-2025-five"  # 2025年度民主生活会“五个带头”, with 反面典型案例剖析


def start_team(page, base):
    open_draft(page, base)
    page.evaluate("o => kbDraft.start(o)", {"meeting": "dsh", "year": 2025, "level": "team", "framework": FIVE})
    overlap_ready(page)


def ids(box) -> list[str]:
    return box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")


def test_criticisms_are_prepared_in_the_draft_but_stay_out_of_the_report(page, real_url, tmp_path):
    cat, _ = loader.load(ROOT)
    start_team(page, real_url)
    dims = {d for h in cat.frameworks[FIVE].headings if h.group != "反面典型案例剖析" for d in h.dimensions}
    assert page.locator(".kb-draft-doc .kb-draft-outline").count() == 1  # only the button to add the part
    page.locator(".kb-outline-add").click()
    outline = page.locator(".kb-draft-doc section.kb-draft-outline")
    assert "相互批评意见（会上发言提纲）" in outline.locator("h3").inner_text()
    s = len(page.evaluate("kbDraft.state().sections")) - 1
    assert page.evaluate("kbDraft.state().sections")[s]["kind"] == "criticisms"

    # suggestions: the user chooses the target; first come those for a 民主生活会 (the draft is 班子)
    # in the dimensions of the framework
    outline.locator(".kb-suggest").click()
    box = page.locator(".kb-draft-suggest")
    box.locator(".kb-suggestion").first.wait_for()
    box.locator(".kb-suggest-target").select_option("secretary")
    offered = ids(box)
    assert offered and all(cat.criticisms[i].target == "secretary" and "team" in cat.criticisms[i].levels
                           and cat.criticisms[i].dimension in dims for i in offered)
    want = [c.id for c in sorted(cat.criticisms.values(), key=lambda c: c.id)
            if c.target == "secretary" and "team" in c.levels and c.dimension in dims]
    assert offered == want
    frag = cat.criticisms[offered[1]].text[8:13]  # the phrase finder's search inside the list
    box.locator(".kb-suggest-q").fill(frag)
    kept = ids(box)
    assert offered[1] in kept and all(fold(frag) in fold(cat.criticisms[i].text) for i in kept)
    box.locator(".kb-suggest-q").fill("")
    box.locator(".kb-suggest-target").select_option("committee")
    committee = ids(box)
    assert committee and all(cat.criticisms[i].target == "committee" for i in committee)
    box.locator(f'.kb-suggestion[data-id="{committee[0]}"] .kb-add').click()
    box.locator(".kb-suggest-target").select_option("secretary")
    box.locator(f'.kb-suggestion[data-id="{offered[0]}"] .kb-add').click()
    chosen = [committee[0], offered[0]]

    # a criticism card's 加入草稿 on the 相互批评意见 page puts it into that part, no question asked
    page.goto(f"{real_url}/criticisms/")
    shown = page.locator(".kb-entry.kb-criticism").evaluate_all("els => els.map(e => e.dataset.id)")
    card = cat.criticisms[next(i for i in shown if i not in chosen)]
    page.locator(f'.kb-entry[data-id="{card.id}"] .kb-add-draft').click()
    page.locator(".kb-draft-toast").filter(has_text="已加入").wait_for()
    assert "相互批评意见" in page.locator(".kb-draft-toast").inner_text()
    open_draft(page, real_url)
    overlap_ready(page)
    # and window.kbDraft.add finds the part by itself
    api = next(c for c in sorted(cat.criticisms.values(), key=lambda c: c.id) if c.id not in chosen + [card.id])
    page.evaluate("id => kbDraft.add(id)", api.id)
    state = page.evaluate("kbDraft.state()")
    part = state["sections"][-1]
    assert part["kind"] == "criticisms" and [it["ref"] for it in part["items"]] == chosen + [card.id, api.id]
    assert [it.get("target") for it in part["items"]] == [cat.criticisms[i].target for i in chosen + [card.id, api.id]]
    assert part["items"][0]["text"] == cat.criticisms[chosen[0]].text

    # items are edited, highlighted, moved and removed like the others
    row = outline.locator(".kb-draft-item").first
    slots = re.findall(r"〔[^〔〕]*〕", part["items"][0]["text"])
    assert slots and row.locator("mark.kb-ph").count() == len(slots)
    row.locator(".kb-down").click()
    assert [it["ref"] for it in page.evaluate("kbDraft.state()")["sections"][-1]["items"]][:2] == [chosen[1], chosen[0]]
    outline.locator(".kb-draft-item").last.locator(".kb-remove").click()
    texts = [cat.criticisms[i].text for i in (chosen[1], chosen[0], card.id)]
    assert [it["text"] for it in page.evaluate("kbDraft.state()")["sections"][-1]["items"]] == texts

    # not in the report: 复制全文, the report's .docx, print
    report = page.evaluate("kbDraft.text()")
    assert "相互批评" not in report and not any(t[:20] in report for t in texts)
    page.locator("[data-act=copy]").click()
    page.wait_for_function("document.querySelector('.kb-draft-status').textContent.includes('已复制全文')")
    assert page.evaluate("navigator.clipboard.readText()") == report
    with page.expect_download() as dl:
        page.locator("[data-act=docx]").click()
    word = tmp_path / "report.docx"
    dl.value.save_as(word)
    assert paragraphs_of(word) == report.splitlines()
    page.emulate_media(media="print")
    assert not outline.is_visible() and page.locator(".kb-draft-title").is_visible()
    page.emulate_media(media="screen")

    # its own plain text and its own .docx 相互批评意见发言提纲
    own = page.evaluate("kbDraft.outlineText()").splitlines()
    assert own == ["相互批评意见发言提纲", "（一）" + texts[0], "（二）" + texts[1], "（三）" + texts[2]]
    outline.locator(".kb-outline-copy").click()
    page.wait_for_function("document.querySelector('.kb-draft-status').textContent.includes('发言提纲')")
    assert page.evaluate("navigator.clipboard.readText()").splitlines() == own
    with page.expect_download() as dl:
        outline.locator(".kb-outline-docx").click()
    assert "相互批评意见发言提纲" in dl.value.suggested_filename
    word = tmp_path / "outline.docx"
    dl.value.save_as(word)
    assert paragraphs_of(word) == own

    # the text rules apply to it; the structure rules do not
    path = f"{len(state['sections']) - 1}.0"
    found = {(f["code"], f["where"]) for f in page.evaluate("kbDraft.check()")}
    assert ("ZC201", path) in found  # 〔×××〕 left in the criticism
    assert not any(w == str(len(state["sections"]) - 1) for _, w in found)
    filled = re.sub(r"〔[^〔〕]*〕", "张某", texts[0]) + "联系电话13912345678"
    page.evaluate("([p, t]) => kbDraft.setText(p, t)", [path, filled])
    found = {(f["code"], f["where"]) for f in page.evaluate("kbDraft.check()")}
    assert ("ZC201", path) not in found and ("KB306", path) in found
    page.evaluate("([p, t]) => kbDraft.setText(p, t)", [path, texts[1]])
    second = path[:-1] + "1"
    assert ("ZC602", second) in {(f["code"], f["where"]) for f in page.evaluate("kbDraft.check()")}  # a duplicate

    # an empty part is no structure finding, and the part can be removed
    for _ in range(3):
        outline.locator(".kb-draft-item").first.locator(".kb-remove").click()
    assert not [f for f in page.evaluate("kbDraft.check()") if f["where"] == str(len(state["sections"]) - 1)]
    page.evaluate("window.confirm = () => true")
    outline.locator(".kb-outline-remove").click()
    assert [x["kind"] for x in page.evaluate("kbDraft.state().sections")] == [x["kind"] for x in state["sections"][:-1]]


def test_passages_are_offered_in_their_sections(page, real_url):
    cat, _ = loader.load(ROOT)
    start_team(page, real_url)
    kinds = [x["kind"] for x in page.evaluate("kbDraft.state().sections")]
    box = page.locator(".kb-draft-suggest")
    for kind, part in (("opening", "opening"), ("rectification", "rectification"), ("closing", "closing")):
        s = kinds.index(kind)
        page.locator(f'.kb-draft-adders[data-s="{s}"][data-h="-1"] .kb-suggest').click()
        box.locator(".kb-suggestion").first.wait_for()
        offered = ids(box)
        want = [p.id for p in sorted(cat.passages.values(), key=lambda p: p.id)
                if p.part == part and "team" in p.levels and (not p.meetings or "dsh" in p.meetings)]
        assert offered == want, kind
        box.locator(".kb-suggestion").nth(1).locator(".kb-add").click()
        items = page.evaluate("kbDraft.state().sections")[s]["items"]
        assert items[-1]["ref"] == offered[1] and items[-1]["text"] == cat.passages[offered[1]].text
    # 表态 comes with the closing's other paragraphs
    box.locator(".kb-suggest-more").click()
    assert any(cat.passages[i].part == "pledge" for i in ids(box))
    # under the case analysis's sub-headings, each half of a case analysis
    s = kinds.index("case")
    for h, field in ((0, "analysis"), (1, "self_check")):
        page.locator(f'.kb-draft-adders[data-s="{s}"][data-h="{h}"] .kb-suggest').click()
        box.locator(".kb-suggestion").first.wait_for()
        offered = ids(box)
        assert offered and all(cat.passages[i].part == "case-analysis" and "team" in cat.passages[i].levels for i in offered)
        box.locator(".kb-suggestion").first.locator(".kb-add").click()
        item = page.evaluate("kbDraft.state().sections")[s]["headings"][h]["items"][-1]
        assert item["ref"] == offered[0] and item["text"] == getattr(cat.passages[offered[0]], field)
    # window.kbDraft.add and a passage card's 加入草稿 put it into its section
    closing = next(p for p in sorted(cat.passages.values(), key=lambda p: p.id) if p.part == "closing")
    page.evaluate("id => kbDraft.add(id)", closing.id)
    assert page.evaluate("kbDraft.state().sections")[kinds.index("closing")]["items"][-1]["ref"] == closing.id
    opening = next(p for p in sorted(cat.passages.values(), key=lambda p: p.id) if p.part == "opening")
    page.goto(f"{real_url}/passages/")
    page.locator(f'.kb-entry[data-id="{opening.id}"] .kb-add-draft').click()
    page.locator(".kb-draft-toast").filter(has_text="已加入").wait_for()
    assert "开头" in page.locator(".kb-draft-toast").inner_text()
    open_draft(page, real_url)
    assert page.evaluate("kbDraft.state().sections")[0]["items"][-1]["ref"] == opening.id
    # a draft started from a sample report gets them in its 反面典型案例剖析 too
    page.evaluate("kbDraft.startFromReport('2025-team-dsh')")
    kinds = [x["kind"] for x in page.evaluate("kbDraft.state().sections")]
    s = kinds.index("case")
    page.locator(f'.kb-draft-adders[data-s="{s}"][data-h="1"] .kb-suggest').click()
    box.locator(".kb-suggestion").first.wait_for()
    assert all(cat.passages[i].part == "case-analysis" for i in ids(box))


def test_a_passage_found_by_the_phrase_finder_goes_into_its_part(page, real_url):
    """The finder's results do not carry a passage's part; 加入草稿 looks it up instead of asking."""
    cat, _ = loader.load(ROOT)
    start_team(page, real_url)
    closing = next(p for p in sorted(cat.passages.values(), key=lambda p: p.id)
                   if p.part == "closing" and len(p.text) > 30)
    fragment = closing.text[4:18]
    page.goto(f"{real_url}/phrases/?kind=passage&q={fragment}")
    result = page.locator(f'.kb-phrase-result[data-id="{closing.id}"]')
    result.locator(".kb-add-draft").click()
    toast = page.locator(".kb-draft-toast")
    toast.filter(has_text="已加入").wait_for()
    assert "结尾" in toast.inner_text() and not toast.locator(".kb-draft-choose").count()
    open_draft(page, real_url)
    sections = page.evaluate("kbDraft.state().sections")
    kinds = [x["kind"] for x in sections]
    assert sections[kinds.index("closing")]["items"][-1]["ref"] == closing.id


def test_an_old_version_draft_still_loads(page, real_url, tmp_path):
    old = draft(**GOOD)
    assert old["version"] == 1
    open_draft(page, real_url)
    # imported from a file, as someone who kept a backup would
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    page.locator(".kb-draft-import input").set_input_files(str(saved))
    page.wait_for_function("document.querySelector('.kb-draft-status').textContent.includes('已导入')")
    state = page.evaluate("kbDraft.state()")
    assert state["version"] == 2 and state["sections"] == old["sections"] and state["title"] == old["title"]
    assert page.evaluate("kbDraft.text()").splitlines()[0] == old["title"]
    # a version 1 file never had the part: a section of that name in it stays part of the report
    odd = json.loads(json.dumps(old))
    odd["sections"].append({"kind": "criticisms", "title": "其他", "items": [{"text": "仍是材料的一部分。"}]})
    state = page.evaluate("d => kbDraft.load(d)", odd)
    assert state["sections"][-1]["kind"] == "other" and "仍是材料的一部分。" in page.evaluate("kbDraft.text()")
    # a newer version than the page knows is refused with a plain message
    newer = {**old, "version": 3}
    saved.write_text(json.dumps(newer, ensure_ascii=False), encoding="utf-8")
    page.locator(".kb-draft-import input").set_input_files(str(saved))
    page.wait_for_function("document.querySelector('.kb-draft-status').textContent.includes('导入失败')")
    assert "更新版本" in page.locator(".kb-draft-status").inner_text()
