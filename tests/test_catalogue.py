"""The catalogue's breadth, as `kb stats --json` reports it, cannot silently fall below what a
writer was promised: every dimension deep enough to draft from, at every level, with causes and
remedies that answer the problems, and a framework for every year from 2019 to 2025."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT, run_kb

MIN_DIMENSIONS = 10
MIN_ISSUES = 600
MIN_ISSUES_PER_DIMENSION = 40
MIN_LEVEL_SHARE = 0.20  # of a dimension's issues, for each of 班子, 支部, 个人
MIN_TEMPLATED_EXAMPLES = 0.50  # issues with a 比如…〔…〕 example
MIN_CAUSES = 150
MIN_REMEDIES = 200
MIN_LINKED = 0.95  # issues that cite at least one cause and one remedy
YEARS = range(2019, 2026)
MIN_CRITICISMS = 30  # 相互批评意见, over every target
MIN_PASSAGES = 20  # 段落范式, over every part
MIN_CRITICISM_DIMENSIONS = 6


@pytest.fixture(scope="module")
def stats() -> dict:
    result = run_kb(ROOT, "stats", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_kinds_reach_their_minimums(stats):
    kinds = stats["kinds"]
    assert kinds["dimension"] >= MIN_DIMENSIONS, f"only {kinds['dimension']} dimensions"
    assert kinds["issue"] >= MIN_ISSUES, f"only {kinds['issue']} issue statements"
    assert kinds["cause"] >= MIN_CAUSES, f"only {kinds['cause']} causes"
    assert kinds["remedy"] >= MIN_REMEDIES, f"only {kinds['remedy']} remedies"


def test_every_dimension_is_deep_enough_at_every_level(stats):
    thin = {d: v["issues"] for d, v in stats["dimensions"].items() if v["issues"] < MIN_ISSUES_PER_DIMENSION}
    assert thin == {}, f"dimensions with fewer than {MIN_ISSUES_PER_DIMENSION} issues: {thin}"
    short = {f"{d}/{lv}": f"{n}/{v['issues']}" for d, v in stats["dimensions"].items()
             for lv, n in v["levels"].items() if n < MIN_LEVEL_SHARE * v["issues"]}
    assert short == {}, f"levels under {MIN_LEVEL_SHARE:.0%} of their dimension's issues: {short}"


def test_every_dimension_has_four_to_eight_guiding_questions(stats):
    wrong = {d: v["questions"] for d, v in stats["dimensions"].items() if not 4 <= v["questions"] <= 8}
    assert wrong == {}, f"dimensions whose 检视要点 are not 4–8: {wrong}"


def test_issues_are_linked_and_carry_template_examples(stats):
    c = stats["coverage"]
    assert c["issues_with_cause_and_remedy"] >= MIN_LINKED * c["issues"], \
        f"only {c['issues_with_cause_and_remedy']}/{c['issues']} issues link a cause and a remedy"
    assert c["issues_with_example"] >= MIN_TEMPLATED_EXAMPLES * c["issues"], \
        f"only {c['issues_with_example']}/{c['issues']} issues have a 比如…〔…〕 example"
    assert c["dimensions_uncovered"] == [], f"dimensions no cause or remedy answers: {c['dimensions_uncovered']}"
    answered = {d: (v["causes"], v["remedies"]) for d, v in stats["dimensions"].items()
                if not (v["causes"] and v["remedies"])}
    assert answered == {}, f"dimensions without causes or remedies: {answered}"


def test_causes_span_the_roots_and_remedies_every_level(stats):
    unused = [r for r, n in stats["causes_by_root"].items() if n == 0]
    assert unused == [], f"cause roots no cause names: {unused}"
    few = {lv: v["remedy"] for lv, v in stats["levels"].items() if v["remedy"] < 0.2 * stats["kinds"]["remedy"]}
    assert few == {}, f"levels with few remedies of their own (班子清单时限 / 个人行动): {few}"


def test_there_is_a_framework_for_every_year_and_unknowns_are_marked(stats):
    f = stats["frameworks"]
    missing = [y for y in YEARS if y not in f["years"]]
    assert missing == [], f"no framework for {missing}"
    assert f["confidence"]["unsure"] > 0 and f["headings_unknown"] > 0, \
        "the survey has unconfirmed frameworks and headings; they must be marked, not filled in"


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("level", ["branch", "individual"])
def test_the_latest_organisational_meetings_have_a_framework_for_branches_and_members(year, level):
    """A writer of the next 组织生活会 material finds the year's framework for a 支部 and for a 党员,
    even where its headings are unknown; a lens (六大纪律, the borrowed six) does not count."""
    found = []
    for path in sorted((ROOT / "data" / "frameworks").glob("*.yml")):
        f = yaml.safe_load(path.read_text(encoding="utf-8"))
        if (f["year"] == year and level in f["levels"] and "组织生活会" in f["meeting"]
                and f.get("kind", "official") == "official"):
            found.append(f["id"])
    assert found, f"no {year}年度 组织生活会 framework for level {level}"


def test_the_meetings_other_texts_cover_every_target_and_part(stats):
    assert stats["kinds"]["criticism"] >= MIN_CRITICISMS, f"only {stats['kinds']['criticism']} criticisms"
    assert stats["kinds"]["passage"] >= MIN_PASSAGES, f"only {stats['kinds']['passage']} passages"
    bare = [t for t, n in stats["criticisms"].items() if n == 0] + [p for p, n in stats["passages"].items() if n == 0]
    assert bare == [], f"targets or parts with nothing to offer: {bare}"
    criticisms = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data/criticisms").glob("*.yml")]
    assert len({c["dimension"] for c in criticisms}) >= MIN_CRITICISM_DIMENSIONS
    assert {lv for c in criticisms for lv in c["levels"]} >= {"team", "branch"}, "criticisms for one meeting level only"


def test_examples_are_templates_not_invented_facts():
    """An example the catalogue writes itself marks the writer's facts with 〔〕; the only examples
    without a slot are the ones quoted from the seed reports (entries a report cites)."""
    cited = set()
    for path in (ROOT / "data" / "reports").glob("*.yml"):
        cited.update(re.findall(r"ref: ([a-z0-9-]+)", path.read_text(encoding="utf-8")))
    bare = []
    for path in sorted((ROOT / "data" / "issues").glob("*/*.yml")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^example: (.*)$", text, re.M)
        if m and path.stem not in cited and "〔" not in m[1]:
            bare.append(path.stem)
    assert bare == [], f"examples with no 〔〕 slot that no seed report is the source of: {bare}"
