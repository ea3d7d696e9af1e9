"""kb import: a raw report in, a structured report, candidate entries and an account of what was done out.

The five seed reports must come out with the structure their curated versions in data/reports/ have;
the hand-written samples in tests/fixtures/import/ (one numbering style or one kind of noise each,
described in cases.yml) must come out with the structure and the removed list written there. Every
import proves that nothing of the input was lost; the round trip through `kb check` and the bad
inputs are run as a contributor runs them, through the `kb` command.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, make_project, run_kb
from kb import importer, loader
from kb.checks import text as rules
from kb.importer import ledger, write
from kb.importer.ledger import squeeze

IMPORT = FIXTURES / "import"
SEEDS = IMPORT / "seeds"
CASES = yaml.safe_load((IMPORT / "cases.yml").read_text(encoding="utf-8"))
CURATED = sorted((ROOT / "data/reports").glob("*.yml"))
FINDING = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+)(?::\d+)?: (?P<code>KB5\d\d) .+（提示：.+）$", re.M)


@pytest.fixture(scope="module")
def catalogue():
    cat, _ = loader.load(ROOT)
    return cat, rules.typos(ROOT, ROOT / "data")


def imported(path: Path, catalogue, raw: bytes | None = None) -> importer.Result:
    cat, typos = catalogue
    return importer.run(raw if raw is not None else path.read_bytes(), path.name, cat, ROOT, typos=typos)


def _body(c: dict) -> str:
    parts = ["引导语"] if c.get("lead") else []
    parts += [f"{len(c['paragraphs'])} 段"] if c.get("paragraphs") else []
    parts += [" ".join(i.get("label") or "·" for i in c["items"])] if c.get("items") else []
    return (": " + "；".join(parts)) if parts else ""


def outline(result: importer.Result) -> list[str]:
    """The report's structure as cases.yml writes it."""
    d, dims = result.data, {h: ds for h, ds, _ in result.headings}
    out = [f"标题 {d['title']}" if d["title"] else "标题（无）", "开头" if d["opening"] else "开头（无）"]
    for s in d["sections"]:
        out.append(f"{s.get('label', '')}{s['title']} [{s['kind']}]" + _body(s))
        out += [f"  {b.get('label', '')}{b['heading']} → {'/'.join(dims[b['heading']]) or '?'}" + _body(b)
                for b in s.get("subsections", [])]
    return out + (["结尾"] if d.get("closing") else [])


def removed(result: importer.Result) -> list[str]:
    return [f"{e.reason}: {squeeze(e.old)}" + (f" → {e.new}" if e.new else "")
            for _, e in result.removed if e.reason not in ("space", "ref") and squeeze(e.old + e.new)]


def report_strings(data: dict) -> list[str]:
    """Every string of the written report a reader sees, errata included."""
    out = importer.texts_in_order(data)
    for e in data.get("errata", []):
        out += [e["original"], e["corrected"], e["reason"]]
    return out


def assert_clean_and_complete(result: importer.Result, raw: bytes) -> None:
    """What every import must satisfy: no ad, contact or URL survives anywhere in the report, and the
    nothing-lost check accounted for every non-space character of the input."""
    for text in report_strings(result.data):
        for pattern in (rules._AD, rules._CONTACT, rules._URL):
            assert not pattern.search(text), f"advertising or contact details left in the report: {text}"
    decoded = importer.decode(raw)
    assert result.accounted == len(squeeze(decoded.text)), "the nothing-lost check did not cover the whole input"


# ---- the five seeds against their curated reports ---------------------------------------------------
def _seed_of(curated: Path) -> Path:
    source = yaml.safe_load(curated.read_text(encoding="utf-8"))["source"]
    return SEEDS / re.search(r"（(.+?)）", source)[1]


def _corrected(text: str, errata: list[dict]) -> str:
    """A heading as the curated report has it: the curators' own corrections applied."""
    for e in errata:
        text = text.replace(e["original"], e["corrected"])
    return text


def _shape(d: dict, errata: list[dict]) -> list:
    out = []
    for s in d["sections"]:
        out.append((s["kind"], s.get("label"), s["title"], bool(s.get("lead")), len(s.get("paragraphs", [])),
                    [i.get("label") for i in s.get("items", [])]))
        out += [(_corrected(f"{b.get('label', '')}{b['heading']}", errata), bool(b.get("lead")),
                 b.get("framework_heading"), [i.get("label") for i in b["items"]]) for b in s.get("subsections", [])]
    return out


@pytest.mark.parametrize("curated", CURATED, ids=[p.stem for p in CURATED])
def test_a_seed_imports_to_the_structure_of_its_curated_report(curated, catalogue):
    want = yaml.safe_load(curated.read_text(encoding="utf-8"))
    raw = _seed_of(curated).read_bytes()
    result = imported(_seed_of(curated), catalogue)
    got = result.data
    errata = want.get("errata", [])
    assert _shape(got, errata) == _shape(want, errata), "sections, subsections or item counts differ from the curated report"
    assert (got["year"], got["level"], got["framework"]) == (want["year"], want["level"], want["framework"])
    assert bool(got.get("closing")) == bool(want.get("closing")), "the closing paragraph was not found (or invented)"
    # each item the curators linked to an entry is linked to the same entry
    refs = lambda d: [i.get("ref") for s in d["sections"] for i in s.get("items", []) + [  # noqa: E731
        j for b in s.get("subsections", []) for j in b["items"]]]
    assert refs(got) == refs(want), "an item is linked to a different catalogue entry than the curators chose"
    assert_clean_and_complete(result, raw)


def test_the_seed_with_ads_and_paid_markers_loses_them_and_says_so(catalogue):
    result = imported(SEEDS / "003_1e314ab47238bdb3.txt", catalogue)
    reasons = [e.reason for _, e in result.removed]
    assert reasons.count("ad") == 4 and reasons.count("ad-inline") == 1 and reasons.count("paid") == 2
    assert result.data["title"].endswith("对照检查材料"), "the （5350字） suffix stayed in the title"
    assert {e["reason"] for e in result.data["errata"]} >= {"广告", "付费标记", "标题后缀"}
    assert ("融汇贯通", "融会贯通") in [(w, r) for _, w, r in result.typos]


def test_a_duplicated_subsection_number_is_kept_and_pointed_out(catalogue):
    result = imported(SEEDS / "000_5802678e111fffe9.txt", catalogue)
    labels = [b["label"] for b in result.data["sections"][1]["subsections"]]
    assert labels[-2:] == ["（六）", "（六）"], "the importer renumbered silently"
    assert any("（六）" in note and "重复" in note for _, note in result.notes)


# ---- one sample per numbering style and per kind of noise --------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_sample(case, catalogue):
    raw = (IMPORT / case["file"]).read_bytes()
    result = imported(IMPORT / case["file"], catalogue)
    assert outline(result) == case["outline"].rstrip("\n").split("\n"), f"{case['about']}\n" + "\n".join(outline(result))
    assert removed(result) == case["removed"], case["about"]
    assert [note for _, note in result.notes] == case.get("notes", []), case["about"]
    assert [f"{w}→{r}" for _, w, r in result.typos] == case.get("typos", []), case["about"]
    written = "".join(importer.texts_in_order(result.data))
    for fragment in case.get("contains", []):
        assert fragment in written, f"“{fragment}” is not in the report: {case['about']}"
    assert_clean_and_complete(result, raw)


def test_typos_are_pointed_out_and_never_changed(catalogue):
    result = imported(IMPORT / "typos.txt", catalogue)
    assert [(line, w) for line, w, _ in result.typos] == [(6, "正治"), (8, "松卸"), (10, "入脑如心")]
    item = result.data["sections"][0]["subsections"][0]["items"][0]["text"]
    assert item.startswith("正治敏锐性不强")


def test_gb18030_and_a_bom_read_as_the_same_report(catalogue):
    text = (IMPORT / "numbering-top-paren.txt").read_text(encoding="utf-8")
    plain = imported(IMPORT / "numbering-top-paren.txt", catalogue)
    for raw, encoding in ((text.encode("gb18030"), "GB18030"), (b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8（带 BOM）"),
                          (text.replace("\n", "\r\n").encode("gbk"), "GB18030")):
        other = imported(IMPORT / "numbering-top-paren.txt", catalogue, raw)
        assert other.encoding == encoding
        assert other.data == plain.data


def test_unmatched_items_become_ready_to_edit_entries_with_the_next_free_ids(catalogue):
    cat, _ = catalogue
    result = imported(IMPORT / "numbering-top-paren.txt", catalogue)
    cands = yaml.safe_load(result.candidates_text)["items"]
    assert [c["where"] for c in cands] == ["一、（一）一是", "一、（一）二是", "一、（二）一是", "二、（一）", "二、（二）",
                                          "三、（一）", "三、（二）"]
    first = cands[0]
    n = max(int(i.split("-")[1]) for i in cat.issues if i.startswith("study-"))
    assert first["entry"]["id"] == f"study-{n + 1:03d}" and cands[1]["entry"]["id"] == f"study-{n + 2:03d}"
    assert first["file"] == f"data/issues/study/study-{n + 1:03d}.yml"
    assert (first["entry"]["headline"], first["entry"]["body"]) == (
        "学习计划执行不严", "年初制定的学习计划有的没有按期完成，集中学习多次因业务工作推迟。")
    assert first["entry"]["levels"] == ["branch"] and cands[3]["kind"] == "cause" and cands[5]["kind"] == "remedy"


def test_an_item_that_repeats_an_entry_is_written_as_a_reference_with_its_score(catalogue):
    result = imported(SEEDS / "001_b94c01ca5fb1103c.txt", catalogue)
    cands = yaml.safe_load(result.candidates_text)["items"]
    assert all(c["match"]["score"] >= 0.85 for c in cands)
    assert cands[0]["match"]["id"] == "study-004" and "entry" not in cands[0]


# ---- nothing lost ---------------------------------------------------------------------------------
def test_the_nothing_lost_check_refuses_a_report_that_dropped_a_character(catalogue, monkeypatch):
    real = write.report
    monkeypatch.setattr(write, "report", lambda *a, **k: real(*a, **k).replace("学习形式比较单一", "学形式比较单一"))
    with pytest.raises(importer.Refused) as refused:
        imported(IMPORT / "noise-ads.txt", catalogue)
    assert refused.value.finding.code == "KB505"


def test_the_check_itself_finds_a_missing_piece_and_an_unrecorded_change():
    source = "一是学习不深入。##paidend##"
    edits = ledger.Ledger(source)
    edits.add(source.index("#"), len(source), "", "paid")
    assert ledger.prove("一是学习不深入。", [(source, edits.edits)]) == len(squeeze(source))
    with pytest.raises(ledger.Mismatch):
        ledger.prove("一是学习深入。", [(source, edits.edits)])
    with pytest.raises(ledger.Mismatch):
        ledger.prove("一是学习不深入。##paidend##", [(source, edits.edits)])


# ---- the command, as a contributor runs it --------------------------------------------------------
@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, ROOT / "data")


def test_round_trip_an_imported_report_passes_kb_check(project):
    reports = sorted(p.name for p in (project / "data/reports").iterdir())
    for raw, ident in ((SEEDS / "003_1e314ab47238bdb3.txt", "seed-003"), (IMPORT / "noise-placeholders.txt", "sample")):
        result = run_kb(project, "import", str(raw), "--id", ident)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"data/reports/{ident}.yml" in result.stdout and "核对：原文" in result.stdout
        assert (project / "build/import" / f"{ident}.candidates.yml").is_file()
        written = yaml.safe_load((project / f"data/reports/{ident}.yml").read_text(encoding="utf-8"))
        assert written["origin"] == "original", "an imported report is a real one: its entries are 出自范文原文"
    assert sorted(p.name for p in (project / "data/reports").iterdir()) == sorted(reports + ["sample.yml", "seed-003.yml"])
    check = run_kb(project, "check", "--strict")
    assert check.returncode == 0, check.stdout
    assert "共 0 个错误，0 个警告。" in check.stdout


def test_an_existing_report_is_not_overwritten_without_force(project):
    raw = str(IMPORT / "numbering-top-paren.txt")
    assert run_kb(project, "import", raw, "--id", "twice").returncode == 0
    target = project / "data/reports/twice.yml"
    target.write_text(target.read_text(encoding="utf-8") + "# 贡献者改过\n", encoding="utf-8")
    again = run_kb(project, "import", raw, "--id", "twice")
    assert again.returncode == 1 and "KB504" in again.stdout and "Traceback" not in again.stderr
    assert target.read_text(encoding="utf-8").endswith("# 贡献者改过\n")
    assert run_kb(project, "import", raw, "--id", "twice", "--force").returncode == 0
    assert not target.read_text(encoding="utf-8").endswith("# 贡献者改过\n")


@pytest.mark.parametrize("name,content,code", [
    ("empty.txt", b"", "KB501"),
    ("blank.txt", "\ufeff \n\u3000\n".encode("utf-8"), "KB501"),
    ("word.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "KB502"),
    ("garbled.txt", bytes(range(0x80, 0x100)) * 4, "KB502"),
    ("no-structure.txt", (IMPORT / "no-structure.txt").read_bytes(), "KB503"),
    ("only-ads.txt", (IMPORT / "only-ads.txt").read_bytes(), "KB503"),
])
def test_bad_input_gets_one_clear_finding_exit_1_and_nothing_written(project, tmp_path, name, content, code):
    raw = tmp_path / name
    raw.write_bytes(content)
    before = sorted(p.name for p in (project / "data/reports").iterdir())
    result = run_kb(project, "import", str(raw))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    [m] = list(FINDING.finditer(result.stdout))
    assert (m["path"], m["code"]) == (str(raw), code), result.stdout
    assert sorted(p.name for p in (project / "data/reports").iterdir()) == before
    assert not (project / "build").exists()


def test_the_keyword_vocabulary_is_checked_like_the_other_vocabularies(project):
    path = project / "data/vocab/keywords.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- {dimension: nowhere, words: [某个词语]}\n- {dimension: study}\n",
                    encoding="utf-8")
    result = run_kb(project, "check")
    assert result.returncode == 1
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert f"data/vocab/keywords.yml:{lines}: KB102" in result.stdout  # words is required
    shutil.copy(ROOT / "data/vocab/keywords.yml", path)
    path.write_text(path.read_text(encoding="utf-8") + "- {dimension: nowhere, words: [某个词语]}\n", encoding="utf-8")
    result = run_kb(project, "check")
    assert f"data/vocab/keywords.yml:{lines - 1}: KB201" in result.stdout and "nowhere" in result.stdout


FRAMEWORK_PROBE = """{title}
根据上级通知要求，现将对照检查情况报告如下。
一、存在的主要问题
（一）理论学习方面
一是学习的系统性还不够。平时学习满足于读文件、记笔记。
（二）能力本领方面
一是应对新情况的办法不多。遇到新问题时习惯于老办法。
二、整改措施
（一）着力加强理论学习。每月精读一篇原著。
以上对照检查，请批评指正。
"""


@pytest.mark.parametrize("title, framework, year_note", [
    ("2024年度组织生活会党员个人对照检查材料", "zsh-2024-member", False),
    ("2022年度组织生活会党员个人对照检查材料", "zsh-2022-member", False),
    ("2024年度组织生活会党支部对照检查材料", "theme-2023-six-zsh", True),
])
def test_the_framework_is_the_one_of_the_reports_level_and_year(catalogue, title, framework, year_note):
    """理论学习 and 能力本领 are headings of the 2023 six and of the members' lists of 2022 and 2024:
    a member's report gets the list of its own year; a branch's gets the six, with a note to check it."""
    result = imported(Path("probe.txt"), catalogue, FRAMEWORK_PROBE.format(title=title).encode())
    assert result.data["framework"] == framework
    notes = [m for _, m in result.notes if "框架" in m]
    assert bool(notes) == year_note, notes
