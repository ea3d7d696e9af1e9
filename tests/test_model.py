"""The meeting's other texts (相互批评意见, 段落范式), sectors and roles, provenance and the one
spelling for count placeholders: what a reader sees on the pages and what a contributor's tools do."""
from __future__ import annotations

import json
from html import unescape as html_unescape
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, make_project, run_kb
from kb import loader
from kb.checks import placeholders

DATA = ROOT / "data"


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def page(site: Path, rel: str) -> str:
    """A listing's HTML, every page of it in order (long listings are cut into rel/2/, rel/3/ …)."""
    later = sorted((p for p in (site / rel).glob("*/index.html") if p.parent.name.isdigit()),
                   key=lambda p: int(p.parent.name))
    return "".join(p.read_text(encoding="utf-8") for p in [site / rel / "index.html", *later])


def sections(html: str, level: str) -> dict[str, str]:
    """{heading id: the HTML up to the next heading of the same level}; a group continued on the
    next page (its heading's id ends in -cont) is one group."""
    parts = re.split(rf'(?=<{level} id=")', html)
    out: dict[str, str] = {}
    for p in parts:
        if p.startswith(f"<{level} id="):
            key = re.match(rf'<{level} id="([^"]+)"', p)[1].removesuffix("-cont")
            out[key] = out.get(key, "") + p
    return out


def cards(html: str, kind: str) -> list[str]:
    return re.findall(rf'<div class="kb-entry kb-{kind}" data-id="([^"]+)"', html)


# ---- the catalogue's own files, read without the package under test ------------------------------
def files(folder: str) -> dict[str, dict]:
    return {p.stem: load_yaml(p) for p in sorted((DATA / folder).glob("*.yml"))}


def cited_by_original_reports() -> set[str]:
    out = set()
    for report in files("reports").values():
        if report.get("origin") == "original":
            for s in report["sections"]:
                for item in s.get("items", []) + [i for b in s.get("subsections", []) for i in b["items"]]:
                    if item.get("ref"):
                        out.add(item["ref"])
    return out


# ---- pages ----------------------------------------------------------------------------------------
def test_criticisms_page_groups_every_criticism_under_its_target_and_dimension(real_site):
    html = page(real_site, "criticisms")
    criticisms = files("criticisms")
    by_target = sections(html, "h2")
    targets = [t["id"] for t in load_yaml(DATA / "vocab/targets.yml")]
    assert list(by_target) == [f"target-{t}" for t in targets if any(c["target"] == t for c in criticisms.values())]
    for t in targets:
        part = by_target.get(f"target-{t}", "")
        assert sorted(cards(part, "criticism")) == sorted(i for i, c in criticisms.items() if c["target"] == t), t
        for hid, group in sections(part, "h3").items():
            dim = hid.removeprefix(f"target-{t}-")
            assert {criticisms[i]["dimension"] for i in cards(group, "criticism")} == {dim}, hid
    assert all(html.count(f'data-id="{i}"') == 1 for i in criticisms), "a criticism is listed twice or not at all"


def test_passages_page_has_a_section_per_part_and_case_analyses_in_two_halves(real_site):
    html = page(real_site, "passages")
    passages = files("passages")
    by_part = sections(html, "h2")
    parts = [p["id"] for p in load_yaml(DATA / "vocab/parts.yml")]
    assert list(by_part) == [f"part-{p}" for p in parts], "a part is missing, or out of the order a report is written in"
    for p in parts:
        assert cards(by_part[f"part-{p}"], "passage") == sorted(i for i, x in passages.items() if x["part"] == p), p
    case = by_part["part-case-analysis"]
    assert case.count('<p class="kb-half">案例原因剖析</p>') == case.count('<p class="kb-half">对照案例查摆自身差距</p>') \
        == len(cards(case, "passage")) > 0
    assert 'class="kb-half"' not in html.replace(case, ""), "only case analyses are written in two halves"


def test_each_new_card_has_the_same_copy_button_as_other_cards(real_site):
    for rel, kind, folder in (("criticisms", "criticism", "criticisms"), ("passages", "passage", "passages")):
        html = page(real_site, rel)
        for ident, entry in files(folder).items():
            card = re.search(rf'<div class="kb-entry kb-{kind}" data-id="{ident}">(.*?)</div>', html, re.S)[1]
            copied = re.search(r'<button type="button" class="kb-copy md-button" data-clipboard-text="([^"]*)"', card)
            assert copied, f"{ident} has no copy button"
            if "analysis" in entry:  # both halves, each under its sub-heading
                assert entry["analysis"] in copied[1] and entry["self_check"] in copied[1]
                assert copied[1].index("案例原因剖析") < copied[1].index("对照案例查摆自身差距")
            else:
                assert html_unescape(copied[1]) == entry["text"]


def test_the_guide_links_each_part_of_a_report_to_its_passages(real_site):
    guide = page(real_site, "guide")
    for part in ("opening", "rectification", "case-analysis", "closing", "pledge"):
        assert f'href="../passages/#part-{part}"' in guide, part
    assert 'href="../criticisms/"' in guide


def test_sector_and_role_tags_appear_on_exactly_the_tagged_cards(real_site):
    sectors = {t["id"]: t["name"] for t in load_yaml(DATA / "vocab/sectors.yml")}
    for rel, kind, folder in (("criticisms", "criticism", "criticisms"), ("passages", "passage", "passages")):
        html = page(real_site, rel)
        for ident, entry in files(folder).items():
            meta = re.search(rf'data-id="{ident}"><p class="kb-meta">(.*?)</p>', html)[1]
            shown = re.findall(r'class="kb-sector kb-sector-([a-z-]+)"[^>]*>([^<]+)<', meta)
            assert shown == [(s, sectors[s]) for s in entry.get("sectors", [])], ident
            assert re.findall(r'class="kb-role kb-role-([a-z]+)"', meta) == entry.get("roles", []), ident


def test_framework_pages_say_whether_they_ask_for_case_analysis_and_what_kind_they_are(real_site):
    for path in sorted((DATA / "frameworks").glob("*.yml")):
        f = load_yaml(path)
        html = page(real_site, f"frameworks/{f['id']}")
        assert ("反面典型案例剖析：<strong>要求</strong>" in html) == bool(f.get("case_analysis")), f["id"]
        assert ("<strong>常用对照角度</strong>" in html) == (f.get("kind") == "lens"), f["id"]
        assert ("<strong>会议框架</strong>" in html) == (f.get("kind", "official") == "official"), f["id"]
    assert load_yaml(DATA / "frameworks/dsh-2024-four.yml")["case_analysis"] is True
    assert load_yaml(DATA / "frameworks/dsh-2025-five.yml")["case_analysis"] is True
    assert load_yaml(DATA / "frameworks/campaign-2024-discipline.yml")["kind"] == "lens"


# ---- provenance ------------------------------------------------------------------------------------
def badged(site: Path) -> dict[str, list[str]]:
    """{entry id: the report pages its 出自范文原文 badges link to}, over every page that lists entries."""
    out: dict[str, list[str]] = {}
    # every page of the listings, long ones being cut into pages (causes/2/index.html …)
    pages = sorted({*site.glob("causes/**/index.html"), *site.glob("remedies/**/index.html"),
                    *(site / "dimensions").glob("*/**/index.html")})
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for block in re.split(r'(?=<div class="kb-entry )', html)[1:]:
            ident = re.match(r'<div class="kb-entry kb-\w+" data-id="([^"]+)"', block)[1]
            block = re.split(r"<h[23] ", block)[0]
            out.setdefault(ident, []).extend(
                re.findall(r'<a class="kb-origin" href="(?:\.\./)+reports/([^/]+)/#([^"]+)"', block))
    return {k: v for k, v in out.items() if v}


def test_the_provenance_badge_is_on_exactly_the_106_seed_derived_entries(real_site):
    got = badged(real_site)
    want = cited_by_original_reports()
    assert len(want) == 106
    assert set(got) == want, f"missing: {sorted(want - set(got))[:5]}, extra: {sorted(set(got) - want)[:5]}"
    for ident, links in got.items():
        for report, anchor in links:
            assert anchor == ident and load_yaml(DATA / f"reports/{report}.yml")["origin"] == "original"


def test_a_model_report_gives_its_entries_no_badge(tmp_path):
    project = make_project(tmp_path, DATA)
    path = project / "data/reports/2023-team-dsh.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("origin: original", "origin: model"), encoding="utf-8")
    cat, found = loader.load(project)
    assert not [f for f in found if f.severity == "error"]
    assert cat.from_reports("study-004") == [] and cat.reports_citing("study-004")
    assert len(cat.seed_derived()) < 106


def test_authored_entries_come_before_seed_derived_ones_in_each_list(real_site):
    derived = cited_by_original_reports()
    for path in sorted((real_site / "dimensions").glob("*/index.html")):
        for hid, group in sections(path.read_text(encoding="utf-8"), "h2").items():
            flags = [i in derived for i in cards(group, "issue")]
            assert flags == sorted(flags), f"{path.parent.name}#{hid}: a seed-derived issue is listed before an authored one"


# ---- roles, placeholders, stats ---------------------------------------------------------------------
def test_no_individual_entry_talks_about_its_own_portfolio_without_roles_leader():
    result = run_kb(ROOT, "check", "--only", "KB322")
    assert result.returncode == 0 and "KB322" not in result.stdout, result.stdout


@pytest.mark.parametrize("wrong, right", [
    ("召开〔几〕次会议", "召开〔若干〕次会议"),
    ("〔N〕名党员、〔X〕项制度", "〔若干〕名党员、〔若干〕项制度"),
    ("印发文件〔数量〕件", "印发文件〔若干〕件"),
    ("整改〔几项〕问题用时〔N个月〕", "整改〔若干项〕问题用时〔若干个月〕"),
])
def test_count_placeholders_get_one_spelling(wrong, right):
    assert placeholders.one_spelling(wrong) == right


@pytest.mark.parametrize("fine", ["〔近几年〕", "〔某几项相同做法〕", "〔人数〕", "〔若干〕", "几次会议", "〔第N次会议〕"])
def test_other_slots_and_plain_text_are_left_alone(fine):
    assert placeholders.one_spelling(fine) == fine


def test_fix_rewrites_only_the_count_slots(tmp_path):
    project = make_project(tmp_path, ROOT / "tests/fixtures/mini/data")
    path = project / "data/issues/alpha/alpha-003.yml"
    source = (ROOT / "tests/fixtures/bad/m-kb320-count-placeholder.yml").read_text(encoding="utf-8")
    path.write_text(source, encoding="utf-8")
    assert "KB320" in run_kb(project, "check").stdout
    assert run_kb(project, "check", "--fix", "--only", "KB320").returncode == 0
    assert path.read_text(encoding="utf-8") == source.replace("〔N〕", "〔若干〕").replace(
        "〔几次〕", "〔若干次〕").replace("〔数量〕", "〔若干〕")
    assert run_kb(project, "check", "--strict").returncode == 0


def test_stats_count_the_new_kinds_sectors_and_provenance():
    s = json.loads(run_kb(ROOT, "stats", "--json").stdout)
    criticisms, passages = files("criticisms"), files("passages")
    assert s["kinds"]["criticism"] == len(criticisms) and s["kinds"]["passage"] == len(passages)
    tagged = [e for folder in ("criticisms", "passages", "causes", "remedies") for e in files(folder).values()]
    tagged += [load_yaml(p) for p in (DATA / "issues").glob("*/*.yml")]
    for sector, v in s["sectors"].items():
        assert v["total"] == sum(sector in e.get("sectors", []) for e in tagged), sector
    assert s["provenance"]["from_original_reports"] == len(cited_by_original_reports())
    assert s["criticisms"] == {t: sum(c["target"] == t for c in criticisms.values()) for t in s["criticisms"]}


# ---- kb new -----------------------------------------------------------------------------------------
def test_kb_new_writes_criticism_and_case_analysis_templates_that_check_once_filled(tmp_path):
    project = make_project(tmp_path, ROOT / "tests/fixtures/mini/data")
    assert run_kb(project, "new", "criticism", "--target", "secretary", "--dimension", "alpha",
                  "--level", "team").returncode == 0
    assert run_kb(project, "new", "passage", "--part", "case-analysis", "--level", "team").returncode == 0
    crit = next((project / "data/criticisms").glob("criticism-[0-9]*.yml"))
    case = next((project / "data/passages").glob("passage-[0-9]*.yml"))
    written = load_yaml(case)
    assert "text" not in written and {"analysis", "self_check"} <= set(written)
    result = run_kb(project, "check")
    assert "KB102" not in result.stdout and "KB106" in result.stdout  # the empty fields are reported, not missing
    crit.write_text(crit.read_text(encoding="utf-8").replace(
        'headline: ""', "headline: 调查研究随机走访少").replace(
        'text: ""', "text: 〔×××〕同志，你调研多是听汇报，随机走访少。希望你多到基层去。"), encoding="utf-8")
    case.write_text(case.read_text(encoding="utf-8").replace('title: ""', "title: 班子结合案例的剖析").replace(
        'analysis: ""', "analysis: 〔案例〕中的当事人放松了学习。").replace(
        'self_check: ""', "self_check: 对照〔案例〕，班子警示教育针对性不强。"), encoding="utf-8")
    result = run_kb(project, "check", "--strict")
    assert result.returncode == 0, result.stdout
    assert run_kb(project, "new", "criticism", "--target", "boss").returncode == 2


def test_copying_a_case_analysis_gives_both_halves_in_order(page, mini_url):
    page.goto(f"{mini_url}/passages/")
    page.locator('.kb-entry[data-id="passage-x"] button.kb-copy').click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "（一）案例原因剖析\n〔案例〕原因<img src=x onerror=alert(1)>。\n"
        "（二）对照案例查摆自身差距\n对照查摆<b onclick=alert(1)>差距</b>。")
    assert page.dialogs == []
