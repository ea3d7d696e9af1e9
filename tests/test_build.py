"""The real catalogue builds into a complete, clean, reproducible site."""
from __future__ import annotations

import json
from pathlib import Path

from kb import listings, loader, pages
from conftest import FIXTURES, ROOT, make_project, mkdocs_build, run_kb

# What the seed reports' sources left in their text: paywall markers and ads. Only the ad phrases, not
# their words alone: an entry may rightly speak of a 政务公众号 or of files put on a 网盘 (`kb check`
# flags those words only in an ad's context, KB306-308, and this test must not be stricter than it).
BANNED = ["哒哒", "paidbegin", "paidend", "素材库", "关注公众号", "网盘链接", "提取码"]
# Typos found in the seed reports; none may survive in a catalogue entry.
SEED_TYPOS = ["正治", "融汇贯通", "入脑如心", "用于担当", "组织能力假设", "换不同程度", "问题环没有",
              "内容落项", "先锋模范模范", "巡视巡查", "沉下心来起研究", "虽然够认真", "—停二看三绕开",
              "还够不严格", "抓工具体作", "警惕常在，。", "交流得的机会", "学以致用做的不好"]


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_dimension_framework_and_report_has_a_page(real_site):
    cat, _ = loader.load(ROOT)
    expected = ["index.html", "causes/index.html", "remedies/index.html", "frameworks/index.html",
                "dimensions/index.html", "reports/index.html", "guide/index.html", "contributing/index.html"]
    expected += [f"dimensions/{d}/index.html" for d in cat.dimensions]
    expected += [f"frameworks/{f}/index.html" for f in cat.frameworks]
    expected += [f"reports/{r}/index.html" for r in cat.reports]
    missing = [p for p in expected if not (real_site / p).is_file()]
    assert missing == []
    assert len(cat.dimensions) >= 6 and len(cat.frameworks) >= 2
    assert sum(r.original for r in cat.reports.values()) == 5 and len(cat.reports) >= 9  # 5 seed originals + models


def test_every_issue_has_its_anchor_on_its_dimension_page(real_site):
    cat, _ = loader.load(ROOT)
    place = listings.placement(cat)  # a long dimension is cut into pages: dimensions/x.md, dimensions/x/2.md
    for issue in cat.issues.values():
        assert place[issue.id].startswith(f"dimensions/{issue.dimension}"), issue.id
        html = (real_site / place[issue.id].removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        assert f'id="{issue.id}"' in html, issue.id


def test_no_advertising_or_paid_markers_anywhere_in_the_site(real_site):
    hits = [(name, word) for name, data in site_files(real_site).items()
            for word in BANNED if word.encode() in data]
    assert hits == []


def test_no_seed_typo_in_any_catalogue_entry():
    cat, _ = loader.load(ROOT)
    texts = [e.text for kind in ("issue", "cause", "remedy") for e in cat.table(kind).values()]
    for r in cat.reports.values():
        texts += [r.title, r.opening, r.closing] + [p for s in r.sections for p in s.paragraphs]
        texts += [i.text for s in r.sections for i in s.all_items()]
        texts += [s.lead for s in r.sections] + [b.lead for s in r.sections for b in s.subsections]
    hits = [(typo, t[:30]) for t in texts for typo in SEED_TYPOS if typo in t]
    assert hits == []


def test_every_original_report_lists_its_corrections():
    """A cleaned original records every change; a model written by the project has nothing to correct."""
    cat, _ = loader.load(ROOT)
    for r in cat.reports.values():
        assert r.errata or not r.original, f"{r.id} has no errata"
        assert all(e.original != e.corrected for e in r.errata)


def test_seed_special_sections_are_kept():
    cat, _ = loader.load(ROOT)
    office = cat.reports["2023-branch-office"]
    assert [s.kind for s in office.sections][0] == "rectification"
    assert any("五学五查五改" in b.heading for s in office.sections for b in s.subsections)
    culture = cat.reports["2021-branch-culture"]
    assert any("整改情况" in b.heading for s in culture.sections for b in s.subsections)


def test_two_builds_are_byte_identical_on_two_cores_or_one(real_site, tmp_path):
    # real_site was built as `mkdocs build` runs (pages rendered on two cores where there are two);
    # KB_JOBS=1 keeps this one to one core, as MkDocs alone would render
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again, KB_JOBS="1")
    assert result.returncode == 0, result.stderr
    first, second = site_files(real_site), site_files(again)
    assert sorted(first) == sorted(second)
    assert [n for n in first if first[n] != second[n]] == []


def test_kb_pages_writes_the_same_generated_pages_the_build_uses(tmp_path):
    out = tmp_path / "docs"
    result = run_kb(ROOT, "pages", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    cat, _ = loader.load(ROOT)
    from kb import site
    generated = pages.render_all(cat, site.repo_url(ROOT), ROOT)
    for rel, content in generated.items():
        assert (out / rel).read_text(encoding="utf-8") == content
    for hand in ("guide.md", "contributing.md", "assets/css/kb.css"):
        assert (out / hand).is_file()


def test_kb_stats_json_counts_the_files():
    result = run_kb(ROOT, "stats", "--json")
    assert result.returncode == 0, result.stderr
    s = json.loads(result.stdout)
    data = ROOT / "data"
    assert s["kinds"]["issue"] == len(list(data.glob("issues/*/*.yml")))
    assert s["kinds"]["cause"] == len(list(data.glob("causes/*.yml")))
    assert s["kinds"]["remedy"] == len(list(data.glob("remedies/*.yml")))
    assert s["kinds"]["report"] == len(list(data.glob("reports/*.yml")))
    assert sum(d["issues"] for d in s["dimensions"].values()) == s["kinds"]["issue"]
    assert s["coverage"]["dimensions_uncovered"] == []


def test_a_broken_link_on_a_page_rendered_on_the_second_core_fails_the_build_once_reported(tmp_path):
    # the largest generated page goes to the forked process (mkdocs_render): here CONTRIBUTING.md,
    # made the largest, with a link to a page that does not exist
    project = make_project(tmp_path, FIXTURES / "mini" / "data")
    filler = "".join(f"## 第{n}节\n\n这一段只为让本页成为最大的页面，第{n}段。\n\n" for n in range(4000))
    (project / "CONTRIBUTING.md").write_text(f"# 参与贡献\n\n见[不存在的页面](nowhere.md)。\n\n{filler}",
                                             encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0, "--strict let a broken link through"
    assert result.stderr.count("nowhere.md") == 1, result.stderr
    # and without the broken link, the page rendered there is in the site, whole
    (project / "CONTRIBUTING.md").write_text(f"# 参与贡献\n\n{filler}", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "contributing" / "index.html").read_text(encoding="utf-8")
    assert "第3999段" in html and 'href="#3999"' in html  # its table of contents came along
