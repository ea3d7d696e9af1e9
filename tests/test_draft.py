"""起草台 (/draft/): the whole flow as a 支部书记 would go through it, every 自查 rule, bad input,
and the rules and folding shared with `kb check` — in real Chromium on the real catalogue."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from kb import loader, overlap
from kb.checks import text as textrules
from kb.fold import fold
from conftest import ROOT, make_project, run_kb

SIX = "theme-2023-six"


def open_draft(page, base: str, query: str = "") -> None:
    page.goto(f"{base}/draft/{query}")
    page.wait_for_function("window.kbDraft !== undefined")


def overlap_ready(page) -> None:
    page.wait_for_function("kbDraft.overlapReady()", timeout=30000)


def codes(findings) -> set[str]:
    return {f["code"] for f in findings}


def fresh(page, base, level="branch", framework=SIX, meeting="special", year=2023):
    open_draft(page, base)
    page.evaluate("o => kbDraft.start(o)", {"meeting": meeting, "year": year, "level": level, "framework": framework})
    overlap_ready(page)


# ---- the flow -------------------------------------------------------------------------------------

def test_a_branch_secretary_drafts_checks_reloads_and_round_trips(page, real_url, tmp_path):
    cat, _ = loader.load(ROOT)
    # start from the framework page's link, at 支部
    page.goto(f"{real_url}/frameworks/{SIX}/")
    page.locator("a.kb-draft-from").click()
    page.wait_for_function("window.kbDraft !== undefined")
    form = page.locator("form.kb-draft-start")
    assert form.is_visible()
    assert "hide:" not in page.locator(".md-content").inner_text()  # front matter read: full width
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("select[name=framework]").input_value() == SIX
    page.select_option("select[name=meeting]", "special")
    page.fill("input[name=year]", "2023")
    page.locator("input[name=level][value=branch]").check()
    form.locator("button[type=submit]").click()
    doc = page.locator(".kb-draft-doc")
    assert doc.locator(".kb-draft-title").inner_text().endswith("2023年度专题组织生活会党支部对照检查材料")
    headings = [h.title for h in cat.frameworks[SIX].headings]
    assert doc.locator(".kb-draft-h2 .kb-draft-text").all_inner_texts() == headings
    overlap_ready(page)

    # three issues from the suggestions under 理论学习: branch-level ones come first
    page.locator('.kb-draft-adders[data-s="1"][data-h="0"] .kb-suggest').click()
    box = page.locator(".kb-draft-suggest")
    box.locator(".kb-suggestion").first.wait_for()
    offered = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    assert offered and all("branch" in cat.issues[i].levels and cat.issues[i].dimension == "study" for i in offered)
    for n in range(3):
        box.locator(".kb-suggestion").nth(n).locator(".kb-add").click()
    chosen = offered[:3]
    # the phrase search inside the list keeps only the entries holding the fragment
    frag = cat.issues[offered[5]].headline[:4]
    box.locator(".kb-suggest-q").fill(frag)
    kept = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    assert offered[5] in kept and all(fold(frag) in fold(cat.issues[i].text) for i in kept)

    # one more from a dimension page's 加入草稿 button: 政治素质 maps to one heading, so no question
    other = next(i for i in cat.issues_of("politics") if "branch" in i.levels)
    page.goto(f"{real_url}/dimensions/politics/")
    page.locator(f'.kb-entry[data-id="{other.id}"] .kb-add-draft').click()
    page.locator(".kb-draft-toast").wait_for()
    assert "政治素质" in page.locator(".kb-draft-toast").inner_text()
    open_draft(page, real_url)
    state = page.evaluate("kbDraft.state()")
    problems = state["sections"][1]
    assert [it["ref"] for it in problems["headings"][0]["items"]] == chosen
    assert [it["ref"] for it in problems["headings"][1]["items"]] == [other.id]
    assert problems["headings"][0]["items"][0]["text"] == cat.issues[chosen[0]].text

    # edit one item in place, fill a 〔〕 of the opening, move an item down
    row = page.locator('.kb-draft-item[data-path="1.h0.1"]')
    row.locator(".kb-draft-text").click()
    edited = "学习不够系统。比如〔某年度〕支部集中学习只安排了3次，其中2次以读文件代替研讨。"
    page.locator("textarea.kb-draft-edit").fill(edited)
    page.locator("textarea.kb-draft-edit").press("Control+Enter")
    opening = page.locator('.kb-draft-item[data-path="0.0"]')
    # the opening comes from the catalogue's 段落范式: its 〔〕 slots stay highlighted until replaced
    slots = re.findall(r"〔[^〔〕]*〕", page.evaluate("kbDraft.state()")["sections"][0]["items"][0]["text"])
    assert slots and opening.locator("mark.kb-ph").count() == len(slots)
    opening.locator(".kb-draft-text").click()
    text = page.locator("textarea.kb-draft-edit").input_value().replace(slots[0], "县委教育工委", 1)
    page.locator("textarea.kb-draft-edit").fill(text)
    page.locator("textarea.kb-draft-edit").press("Control+Enter")
    assert "县委教育工委" in opening.inner_text()
    assert opening.locator("mark.kb-ph").count() == len(slots) - 1
    page.locator('.kb-draft-item[data-path="1.h0.0"] .kb-down').click()
    state = page.evaluate("kbDraft.state()")
    refs = [it.get("ref") for it in state["sections"][1]["headings"][0]["items"]]
    assert refs == [chosen[1], chosen[0], chosen[2]]
    assert state["sections"][1]["headings"][0]["items"][0]["text"] == edited
    lines = page.evaluate("kbDraft.text()").splitlines()
    assert lines[lines.index("（一）理论学习") + 1] == "一是" + edited  # renumbered

    # reload: the draft is still there
    page.reload()
    page.wait_for_function("window.kbDraft !== undefined")
    assert page.evaluate("kbDraft.state()") == state
    assert page.locator(".kb-draft-doc").is_visible()
    overlap_ready(page)

    # self-check: an empty heading, a left placeholder, the verbatim warning on an unedited entry
    found = page.evaluate("kbDraft.check()")
    where = {(f["code"], f["where"]) for f in found}
    assert ("ZC101", "1.h2") in where  # 能力本领 has no problem yet
    assert ("ZC201", "0.0") in where  # the opening still has 〔若干〕
    assert ("ZC402", "1.h0.1") in where  # the unedited entry, word for word
    assert ("ZC402", "1.h0.0") not in where  # the rewritten one is the writer's own
    finding = page.locator('.kb-finding[data-code="ZC101"][data-where="1.h2"]')
    finding.locator(".kb-goto").click()
    assert "kb-flash" in page.locator('.kb-draft-doc [data-path="1.h2"]').get_attribute("class")

    # export the JSON and import it again: it round-trips
    with page.expect_download() as dl:
        page.locator("[data-act=export]").click()
    saved = tmp_path / "draft.json"
    dl.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["sections"] == state["sections"]
    page.evaluate("kbDraft.setText('1.h0.0', '改过的')")
    page.locator(".kb-draft-import input").set_input_files(str(saved))
    page.wait_for_function("kbDraft.state().sections[1].headings[0].items[0].text !== '改过的'")
    again = page.evaluate("kbDraft.state()")
    assert again["sections"] == state["sections"] and again["title"] == state["title"]
    assert page.locator(".kb-draft-list option").count() >= 2  # the import is a draft of its own

    # 导出 Word: the .docx holds every line of the draft, numbered, in order
    with page.expect_download() as dl:
        page.locator("[data-act=docx]").click()
    word = tmp_path / "draft.docx"
    dl.value.save_as(word)
    assert dl.value.suggested_filename.endswith(".docx")
    assert paragraphs_of(word) == page.evaluate("kbDraft.text()").splitlines()


def paragraphs_of(path) -> list[str]:
    import docx
    return [p.text for p in docx.Document(str(path)).paragraphs if p.text]


def docx_of(page, tmp_path):
    data = page.evaluate("kbDraft.docx().then(b => Array.from(new Uint8Array(b)))")
    path = tmp_path / "api.docx"
    path.write_bytes(bytes(data))
    return path


def test_undo_and_moving_by_drag(page, real_url):
    fresh(page, real_url)
    for n in (1, 2, 3):
        page.evaluate("t => kbDraft.setText('0.0', t)", f"第{n}稿")
    page.locator("[data-act=undo]").click()
    assert page.evaluate("kbDraft.state().sections[0].items[0].text") == "第2稿"
    page.evaluate("kbDraft.add('study-001', 'problems', 0)")
    page.evaluate("kbDraft.add('study-002', 'problems', 0)")
    page.locator('.kb-draft-item[data-path="1.h0.1"]').drag_to(page.locator('.kb-draft-item[data-path="1.h0.0"]'))
    assert [i["ref"] for i in page.evaluate("kbDraft.state().sections[1].headings[0].items")] == ["study-002", "study-001"]


def test_an_individual_draft_proposes_matching_frameworks_with_confidence(page, real_url):
    open_draft(page, real_url)
    page.select_option("select[name=meeting]", "dsh")
    page.fill("input[name=year]", "2024")
    assert not page.locator(".kb-draft-roles").is_visible()  # only for 个人
    page.locator("input[name=level][value=individual]").check()
    assert page.locator(".kb-draft-roles").is_visible()  # 领导干部 or 普通党员
    proposals = page.locator(".kb-draft-proposals li").all_inner_texts()
    assert proposals[0].startswith("2024年度民主生活会“四个带头”") and "可信度" in proposals[0]
    page.locator("input[name=role][value=member]").check()
    page.locator("form.kb-draft-start button[type=submit]").click()
    state = page.evaluate("kbDraft.state()")
    assert state["meta"]["role"] == "member" and state["meta"]["framework"] == "dsh-2024-four"
    kinds = [s["kind"] for s in state["sections"]]
    assert kinds == ["opening", "rectification", "problems", "causes", "remedies", "case", "closing"]
    assert state["title"] == "〔单位〕2024年度民主生活会个人对照检查材料"


def test_a_sample_report_starts_a_draft_with_a_warning(page, real_url):
    cat, _ = loader.load(ROOT)
    r = cat.reports["2021-branch-culture"]
    page.goto(f"{real_url}/reports/{r.id}/")
    link = page.locator("a.kb-draft-from")
    assert "照读" in page.locator(".md-content").inner_text()
    link.click()
    page.wait_for_function("window.kbDraft !== undefined")
    assert page.locator(".kb-draft-model-warning").is_visible()
    page.locator("form.kb-draft-start button[type=submit]").click()
    page.wait_for_function("id => (kbDraft.state() || {meta: {}}).meta.report === id", arg=r.id)  # its script loads first
    text = page.evaluate("kbDraft.text()")
    assert text.startswith(r.title) and r.opening in text


# ---- every rule fires, and keeps quiet -----------------------------------------------------------

def draft(problems=None, causes=None, remedies=None, level="branch", opening="会前，支部组织了3次集中学习。", title="某支部对照检查材料"):
    item = lambda t: {"text": t} if isinstance(t, str) else t  # noqa: E731
    return {"format": "kb-draft", "version": 1, "id": "t", "name": "t", "title": title,
            "meta": {"level": level, "meeting": "zsh", "year": 2023, "framework": ""},
            "sections": [
                {"kind": "opening", "title": "", "items": [item(opening)]},
                {"kind": "problems", "title": "存在的主要问题", "items": [], "headings": [
                    {"title": t, "dims": dims, "items": [item(x) for x in its]} for t, dims, its in (problems or [])]},
                {"kind": "causes", "title": "原因剖析", "items": [item(x) for x in (causes or [])]},
                {"kind": "remedies", "title": "整改措施", "items": [item(x) for x in (remedies or [])]},
                {"kind": "closing", "title": "", "items": [item("以上对照检查，请同志们批评指正。")]}]}


GOOD_PROBLEM = "支部对理论学习的认识还不深。比如今年以来支部集中学习3次，2次只是传达文件。"
GOOD = dict(problems=[("理论学习", ["study"], [GOOD_PROBLEM])],
            causes=["支部委员的党性修养有所放松。", "对从严治党的认识不够到位。"],
            remedies=["每月安排一次专题研讨，由支部书记带头发言。", "建立学习台账，年底前逐项对账销号。"])

CASES = {  # code: (a draft where it fires, one where it does not)
    "ZC101": (draft(problems=[("理论学习", ["study"], [])], causes=GOOD["causes"], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC102": (draft(problems=GOOD["problems"], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC103": (draft(problems=GOOD["problems"], causes=GOOD["causes"]), draft(**GOOD)),
    "ZC104": (draft(problems=[("理论学习", ["study"], [{"text": GOOD_PROBLEM, "dim": "study"}])], causes=GOOD["causes"],
                    remedies=[{"text": GOOD["remedies"][0], "dims": ["integrity"]}, GOOD["remedies"][1]]),
              draft(problems=[("理论学习", ["study"], [{"text": GOOD_PROBLEM, "dim": "study"}])], causes=GOOD["causes"],
                    remedies=[{"text": GOOD["remedies"][0], "dims": ["study"]}, GOOD["remedies"][1]])),
    "ZC105": (draft(**{**GOOD, "opening": ""}), draft(**GOOD)),
    "ZC106": (draft(problems=GOOD["problems"], causes=GOOD["causes"][:1], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC201": (draft(**{**GOOD, "opening": "会前，支部组织了〔若干〕次集中学习。"}), draft(**GOOD)),
    "KB305": (draft(**{**GOOD, "opening": "会前，×××同志组织了3次集中学习。"}), draft(**GOOD)),
    "KB304": (draft(**{**GOOD, "opening": "会前，支部学习做到了融汇贯通。"}), draft(**GOOD)),
    "KB306": (draft(**{**GOOD, "opening": "会前，支部组织了3次学习，联系电话13912345678。"}), draft(**GOOD)),
    "ZC301": (draft(problems=[("理论学习", ["study"], ["支部对理论学习的认识还不深，学习流于形式。"])], causes=GOOD["causes"],
                    remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC302": (draft(problems=[("理论学习", ["study"], ["学习安排不够系统。比如今年集中学习只有3次。"])],
                    causes=["工作安排有所松懈。", "制度执行不够严格。"], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC501": (draft(**{**GOOD, "level": "individual", "opening": "会前，我们组织了3次集中学习。"}),
              draft(**{**GOOD, "level": "individual", "opening": "会前，我参加了3次集中学习，作为班子成员带头发言。"})),
    "ZC601": (draft(problems=[("理论学习", ["study"], [{"text": GOOD_PROBLEM, "ref": "study-001"}, {"text": "另一件事，比如去年3月的一次学习。", "ref": "study-001"}])],
                    causes=GOOD["causes"], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC602": (draft(problems=[("理论学习", ["study"], [GOOD_PROBLEM, GOOD_PROBLEM.replace("2次", "两次")])],
                    causes=GOOD["causes"], remedies=GOOD["remedies"]), draft(**GOOD)),
    "ZC701": (draft(**{**GOOD, "opening": "支部高度重视，认真贯彻，全面落实，切实加强，扎实推进，真抓实干，常抓不懈。"}), draft(**GOOD)),
    "ZC702": (draft(**{**GOOD, "opening": "会前" + "，支部组织党员集中学习" * 14 + "。"}), draft(**GOOD)),
}


def test_each_selfcheck_rule_fires_and_keeps_quiet(page, real_url):
    fresh(page, real_url)
    data = yaml.safe_load((ROOT / "data/vocab/selfcheck.yml").read_text(encoding="utf-8"))
    covered = set(CASES) | {"ZC401", "ZC402"}  # the overlap rules have a test of their own
    assert {r["code"] for r in data["rules"]} <= covered
    for code, (fires, quiet) in CASES.items():
        page.evaluate("d => kbDraft.load(d)", fires)
        assert code in codes(page.evaluate("kbDraft.check()")), code
        page.evaluate("d => kbDraft.load(d)", quiet)
        assert code not in codes(page.evaluate("kbDraft.check()")), code
    # the good draft is clean of warnings altogether
    assert not [f for f in page.evaluate("kbDraft.check()") if f["severity"] != "info"]


def test_copied_runs_are_found_through_the_index_and_named(page, real_url):
    cat, _ = loader.load(ROOT)
    fresh(page, real_url)
    issue = cat.issues["study-001"]
    # width and spacing do not hide a copy: the phrase finder's folding
    disguised = issue.headline.replace("，", ",") + " " + issue.body
    page.evaluate("d => kbDraft.load(d)", draft(**{**GOOD, "problems": [("理论学习", ["study"], [disguised])]}))
    found = page.evaluate("kbDraft.check()")
    copied = [f for f in found if f["code"] == "ZC402" and f["where"] == "1.h0.0"]
    assert copied and issue.headline[:8] in copied[0]["message"]
    assert "ZC401" in codes(found)  # most of this draft is catalogue text
    page.evaluate("d => kbDraft.load(d)", draft(**GOOD))
    found = page.evaluate("kbDraft.check()")
    assert not {"ZC401", "ZC402"} & codes(found)
    # copied runs are highlighted on the page
    page.evaluate("d => kbDraft.load(d)", draft(**{**GOOD, "problems": [("理论学习", ["study"], [issue.text])]}))
    assert page.locator('.kb-draft-item[data-path="1.h0.0"] mark.kb-copied').count() >= 1


def test_the_browser_hash_and_fold_match_the_index_builder(page, real_url):
    cat, _ = loader.load(ROOT)
    fresh(page, real_url)
    texts = [i.text for i in list(cat.issues.values())[:40]] + ["ＡＢ“引号”——破折号…… 全角　空格"]
    js = page.evaluate("""texts => { const c = new KbDraftCheck.Checker(KbDraftData.core);
        return texts.map(t => String.fromCodePoint(...c.fold(t).cps)); }""", texts)
    assert js == [fold(t) for t in texts]
    run = overlap.windows(fold(texts[0]), 12)
    js_hashes = page.evaluate("""t => { const cps = Array.from(t).map(c => c.codePointAt(0)); const out = [];
        for (let j = 0; j + 12 <= cps.length; j++) { let h = 0;
          for (let k = 0; k < 12; k++) h = (Math.imul(h, 16777619) + cps[j + k]) >>> 0; out.push(h); } return out; }""",
                              fold(texts[0]))
    assert js_hashes == run


SAMPLES = ["×××同志", "请某某同志", "XX单位", "＊＊", "**", "〔×××〕同志", "电话13912345678", "邮箱 a.b@c.cn",
           "加微信", "参加微信群", "QQ：12345678", "0371-12345678", "融汇贯通", "截止目前", "正常的句子。", "2023年3月",
           # disguised as kb check knows them: full-width digits, Chinese numerals, gaps, (at), homophones
           "电话１３９１２３４５６７８", "手机一三九一二三四五六七八", "139 1234 5678", "（010）12345678",
           "a.b(at)c(dot)cn", "加V信abc12345", "扣扣号 123456789", "威信很高", "会前征求意见15条、谈心谈话32人次"]


def test_shared_rules_agree_with_kb_check(page, real_url):
    """Placeholders, typos and contact details: Python's `kb check` rules and the page's, on the same samples."""
    fresh(page, real_url)
    typos, pattern, _ = textrules.typos(ROOT, ROOT / "data")
    ctx = textrules.Context("issue", typos, pattern)
    for sample in SAMPLES:
        bare = re.sub(r"〔[^〔〕]*〕", "", sample)  # a 〔〕 placeholder is the 自查's ZC201, not KB305
        want = {code for code, fn in (("KB304", textrules.kb304), ("KB306", textrules.kb306)) if fn(sample, ctx)}
        if textrules.kb305(bare, ctx):
            want.add("KB305")
        got = codes(page.evaluate("t => kbDraft.checkText(t, '')", sample)) & {"KB304", "KB305", "KB306"}
        assert got == want, sample


def test_pasted_text_is_checked_for_overlap_placeholders_voice_and_stock_phrases(page, real_url):
    cat, _ = loader.load(ROOT)
    fresh(page, real_url)
    pasted = cat.issues["study-001"].text + "\n我们要高度重视，认真贯彻，全面落实，切实加强，扎实推进，常抓不懈。〔单位〕"
    page.fill(".kb-draft-paste-text", pasted)
    page.locator(".kb-draft-paste-findings li").first.wait_for()
    shown = set(page.locator(".kb-draft-paste-findings li").evaluate_all("els => els.map(e => e.dataset.code)"))
    assert {"ZC402", "ZC201", "ZC701"} <= shown
    assert "ZC501" in codes(page.evaluate("t => kbDraft.checkText(t, 'individual')", pasted))


# ---- bad input --------------------------------------------------------------------------------

HOSTILE = ['<img src=x onerror="window.pwned=1">', "</script><script>window.pwned=1</script>"]


def test_hostile_text_stays_text(page, real_url, tmp_path):
    fresh(page, real_url)
    page.evaluate("kbDraft.add('study-001', 'problems', 0)")
    for n, bad in enumerate(HOSTILE):
        page.evaluate("([p, t]) => kbDraft.setText(p, t)", ["1.h0.0" if n else "title", bad + "\u0007"])
    imported = draft(**GOOD, title=HOSTILE[0])
    imported["name"] = HOSTILE[1]
    assert page.evaluate("window.pwned") is None
    assert page.locator(".kb-draft-doc img").count() == 0 and page.locator(".kb-draft-doc script").count() == 0
    assert HOSTILE[0] in page.locator(".kb-draft-title").inner_text()
    assert HOSTILE[1] in page.locator('.kb-draft-item[data-path="1.h0.0"]').inner_text()
    assert "\u0007" not in page.evaluate("kbDraft.text()")  # control characters dropped
    page.evaluate("d => kbDraft.load(d)", imported)
    assert page.evaluate("window.pwned") is None and page.locator(".kb-draft-list option").filter(has_text="</script>").count() == 1
    assert paragraphs_of(docx_of(page, tmp_path))[0] == HOSTILE[0]  # escaped in the XML, text again in Word
    assert not page.dialogs


@pytest.mark.parametrize("content, says", [
    ('{"hello": 1}', "不是起草台导出的草稿"),
    ('{"format": "kb-draft", "version": 99, "title": "x", "sections": []}', "更新版本"),
    ('{"format": "kb-draft", "version": 1, "ti', "损坏"),
    ('{"format": "kb-draft", "version": 1, "title": "x", "sections": [{"kind": "x", "items": [1]}]}', "损坏"),
])
def test_a_bad_draft_file_is_refused_and_the_draft_kept(page, real_url, tmp_path, content, says):
    fresh(page, real_url)
    page.evaluate("kbDraft.setText('0.0', '我的开头')")
    before = page.evaluate("kbDraft.state()")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.locator(".kb-draft-import input").set_input_files(str(bad))
    page.wait_for_function("document.querySelector('.kb-draft-status').textContent.includes('导入失败')")
    assert says in page.locator(".kb-draft-status").inner_text()
    assert page.evaluate("kbDraft.state()") == before
    assert page.locator(".kb-draft-doc").is_visible()


def test_storage_that_refuses_says_so_and_offers_the_export(browser, real_url):
    context = browser.new_context()
    context.add_init_script("""Storage.prototype.setItem = function () {
        const e = new Error('full'); e.name = 'QuotaExceededError'; throw e; };""")
    page = context.new_page()
    open_draft(page, real_url)
    alert = page.locator(".kb-draft-alert")
    assert alert.is_visible() and "导出草稿" in alert.inner_text()
    page.evaluate("kbDraft.start({meeting: 'zsh', year: 2024, level: 'branch', framework: 'zsh-2021-four'})")
    assert page.evaluate("kbDraft.state().title").startswith("〔单位〕2024年度组织生活会")  # still works in the page
    with page.expect_download():
        page.locator("[data-act=export]").click()
    context.close()


def test_a_vanished_entry_keeps_its_text_and_is_marked(page, real_url):
    fresh(page, real_url)
    d = draft(**{**GOOD, "problems": [("理论学习", ["study"], [{"text": "我自己的文字。", "ref": "study-999", "kind": "issue"}])]})
    page.evaluate("d => kbDraft.load(d)", d)
    row = page.locator('.kb-draft-item[data-path="1.h0.0"]')
    assert "kb-vanished" in row.get_attribute("class") and "我自己的文字。" in row.inner_text()
    assert "study-999" in row.locator(".kb-draft-note").inner_text()


def test_an_entry_card_asks_which_section_when_it_cannot_tell(page, real_url):
    cat, _ = loader.load(ROOT)
    fresh(page, real_url, level="team", framework="dsh-2024-four", meeting="dsh", year=2024)
    issue = next(i for i in cat.issues_of("discipline") if "team" in i.levels)  # two headings map to it
    page.goto(f"{real_url}/dimensions/discipline/")
    page.locator(f'.kb-entry[data-id="{issue.id}"] .kb-add-draft').click()
    choices = page.locator(".kb-draft-toast .kb-draft-choose button")
    choices.first.wait_for()
    assert choices.count() >= 5
    choices.filter(has_text="带头增强党性").click()
    page.locator(".kb-draft-toast").filter(has_text="已加入").wait_for()
    open_draft(page, real_url)
    assert page.evaluate("kbDraft.state().sections[2].headings[1].items[0].ref") == issue.id


def test_it_works_opened_from_a_folder(page, real_site):
    page.goto((real_site / "draft" / "index.html").as_uri())
    page.wait_for_function("window.kbDraft !== undefined")
    page.evaluate("kbDraft.start({meeting: 'special', year: 2023, level: 'branch', framework: 'theme-2023-six'})")
    page.evaluate("kbDraft.add('study-001')")
    assert page.evaluate("kbDraft.state().sections[1].headings[0].items[0].ref") == "study-001"
    page.wait_for_function("kbDraft.overlapReady()", timeout=30000)


# ---- the vocabulary ------------------------------------------------------------------------------

def test_a_broken_selfcheck_vocabulary_is_a_finding_with_its_line(tmp_path):
    project = make_project(tmp_path, ROOT / "tests/fixtures/mini/data")
    path = project / "data/vocab/selfcheck.yml"
    shutil.copy(ROOT / "data/vocab/selfcheck.yml", path)
    text = path.read_text(encoding="utf-8").replace("sentence: 120", "sentence: 很长")
    path.write_text(text, encoding="utf-8")
    result = run_kb(project, "check")
    line = text.splitlines().index("sentence: 很长") + 1
    assert result.returncode == 1 and f"data/vocab/selfcheck.yml:{line}: KB10" in result.stdout
    assert "Traceback" not in result.stderr


def test_catalogue_passages_come_before_the_general_paragraphs(page, real_url):
    """Once the catalogue has 段落范式, the skeleton starts from the one that fits meeting, level and role."""
    from types import SimpleNamespace as NS
    from kb import draft as drafting
    passages = {
        "passage-001": NS(id="passage-001", part="opening", levels=["individual"], meetings=["dsh"], roles=["leader"],
                          text="民主生活会领导干部的开头。"),
        "passage-002": NS(id="passage-002", part="case-analysis", levels=["team"], meetings=[], roles=[],
                          analysis="〔案例〕的原因。", self_check="对照〔案例〕查摆自身。"),
    }
    table = drafting._passages(NS(passages=passages))
    open_draft(page, real_url)
    skeleton = """([table, meta, fw]) => { const core = Object.assign({}, KbDraftData.core, {skeleton: table});
        const f = core.frameworks.find(x => x.id === fw);
        return KbDraftModel.skeleton(meta, f, core); }"""
    leader = page.evaluate(skeleton, [table, {"meeting": "dsh", "year": 2024, "level": "individual", "role": "leader"}, "dsh-2024-four"])
    member = page.evaluate(skeleton, [table, {"meeting": "dsh", "year": 2024, "level": "individual", "role": "member"}, "dsh-2024-four"])
    assert leader["sections"][0]["items"][0]["text"] == "民主生活会领导干部的开头。"
    assert member["sections"][0]["items"][0]["text"] == drafting.SKELETON["opening"]["individual"]
    team = page.evaluate(skeleton, [table, {"meeting": "dsh", "year": 2025, "level": "team"}, "dsh-2025-five"])
    case = next(s for s in team["sections"] if s["kind"] == "case")
    assert [h["title"] for h in case["headings"]] == ["案例原因剖析", "对照案例查摆自身差距"]
    assert [h["items"][0]["text"] for h in case["headings"]] == ["〔案例〕的原因。", "对照〔案例〕查摆自身。"]


def add_from(page, button) -> None:
    """Press a 加入草稿 button elsewhere on the site; answer the question of where, if asked."""
    button.click()
    toast = page.locator(".kb-draft-toast")
    toast.wait_for()
    page.wait_for_function("() => /已加入|哪一部分/.test(document.querySelector('.kb-draft-toast').textContent)")
    if toast.locator(".kb-draft-choose button").count():
        toast.locator(".kb-draft-choose button").first.click()
        page.locator(".kb-draft-toast").filter(has_text="已加入").wait_for()


def test_report_items_and_phrase_results_have_add_to_draft(page, real_url):
    cat, _ = loader.load(ROOT)
    report = cat.reports["2021-branch-culture"]
    ref = next(r for r in report.refs() if r in cat.issues)
    fresh(page, real_url, framework=report.framework, meeting="zsh", year=report.year)
    page.goto(f"{real_url}/reports/{report.id}/")
    add_from(page, page.locator(f'.kb-report-item[id="{ref}"] .kb-add-draft'))
    page.goto(f"{real_url}/phrases/?q={cat.causes['cause-001'].title[:6]}")
    result = page.locator('.kb-phrase-result[data-id="cause-001"] .kb-add-draft')
    result.wait_for(timeout=15000)
    add_from(page, result)
    open_draft(page, real_url)
    refs = [x.get("ref") for s in page.evaluate("kbDraft.state()")["sections"]
            for x in s["items"] + [i for h in s.get("headings", []) for i in h["items"]]]
    assert ref in refs and "cause-001" in refs


def test_selfcheck_is_live_while_typing(page, real_url):
    fresh(page, real_url)
    page.evaluate("kbDraft.add('study-001', 'problems', 0)")
    page.locator('.kb-draft-item[data-path="1.h0.0"] .kb-draft-text').click()
    page.locator("textarea.kb-draft-edit").fill("支部学习流于形式〔待填〕。")
    page.locator('.kb-finding[data-code="ZC201"][data-where="1.h0.0"]').wait_for(timeout=5000)
    assert page.evaluate("kbDraft.state().sections[1].headings[0].items[0].ref") == "study-001"  # not committed yet


def test_suggestions_filter_by_sector_and_put_authored_entries_first(page, real_url):
    """Under a heading, choosing 医院 lists exactly the heading's issues at the draft's level written
    for hospitals; in every list, entries taken from an original report come after authored ones."""
    cat, _ = loader.load(ROOT)
    fresh(page, real_url, level="team", framework="dsh-2025-five", meeting="dsh", year=2025)
    page.locator('.kb-draft-adders[data-s="2"][data-h="2"] .kb-suggest').click()
    box = page.locator(".kb-draft-suggest")
    box.locator(".kb-suggestion").first.wait_for()
    dims = cat.frameworks["dsh-2025-five"].headings[2].dimensions  # 敬畏人民、敬畏组织、敬畏法纪
    offered = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
    seed = [i for i, ident in enumerate(offered) if cat.from_reports(ident)]
    assert not seed or min(seed) > max(i for i, ident in enumerate(offered) if not cat.from_reports(ident))
    wanted = 0
    for sector in ("hospital", "soe"):
        box.locator(".kb-suggest-sector").select_option(sector)
        shown = box.locator(".kb-suggestion").evaluate_all("els => els.map(e => e.dataset.id)")
        want = [i.id for d in dims for i in cat.authored_first(cat.issues_of(d))
                if "team" in i.levels and sector in i.sectors]
        assert sorted(shown) == sorted(want), sector
        wanted += len(want)
    assert wanted > 0
