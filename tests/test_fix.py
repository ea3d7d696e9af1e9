"""`kb check --fix`: what a contributor sees when the checker repairs their file for them."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, make_project, run_kb

ISSUE = "data/issues/alpha/alpha-009.yml"
MESSY = """\
# yaml-language-server: $schema=../../schema/issue.schema.json
id: alpha-009   # 编号与文件名相同
dimension: alpha
# 标题句：写在展开说明之前
headline: "理论学习 融汇贯通不够,学用脱节"
body: >-
  对新思想的学习停留在读原文 、记笔记上,
  没有做到融汇贯通。
example: '比如,在〔某项工作〕中用PPT汇报  “走过场”.'
levels: [branch]   # 适用层级
causes: [cause-x]
remedies: [remedy-x]
"""
WANT = {
    "headline": "理论学习融会贯通不够，学用脱节",
    "body": "对新思想的学习停留在读原文、记笔记上，没有做到融会贯通。",
    "example": "比如，在〔某项工作〕中用 PPT 汇报“走过场”。",
}


@pytest.fixture
def project(tmp_path) -> Path:
    p = make_project(tmp_path, FIXTURES / "mini" / "data")
    (p / ISSUE).write_text(MESSY, encoding="utf-8")
    return p


def comments_and_keys(text: str) -> tuple[list[str], list[str]]:
    comments = [line[line.index("#"):] for line in text.splitlines() if "#" in line]
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    return comments, keys


def test_check_reports_what_fix_would_change(project):
    result = run_kb(project, "check")
    assert result.returncode == 1  # the typo is an error
    codes = {line.split(": ")[1].split()[0] for line in result.stdout.splitlines() if line.startswith(ISSUE)}
    assert codes == {"KB301", "KB303", "KB304"}


def test_fix_then_check_is_clean_and_the_values_are_corrected(project):
    fixed = run_kb(project, "check", "--fix")
    assert fixed.returncode == 0, fixed.stdout
    assert "共 0 个错误，0 个警告。" in fixed.stdout
    assert ISSUE in fixed.stderr  # says which files it changed
    data = yaml.safe_load((project / ISSUE).read_text(encoding="utf-8"))
    assert {k: data[k] for k in WANT} == WANT
    assert run_kb(project, "check", "--strict").returncode == 0


def test_fix_keeps_comments_key_order_and_untouched_values(project):
    run_kb(project, "check", "--fix")
    after = (project / ISSUE).read_text(encoding="utf-8")
    assert comments_and_keys(after) == comments_and_keys(MESSY)
    assert "levels: [branch]   # 适用层级" in after  # a line with nothing to fix is byte-identical
    assert after.startswith(MESSY.split("\n", 3)[0])


def test_a_second_fix_changes_nothing(project):
    run_kb(project, "check", "--fix")
    once = (project / ISSUE).read_bytes()
    second = run_kb(project, "check", "--fix")
    assert (project / ISSUE).read_bytes() == once
    assert "已修复" not in second.stderr


def test_files_without_fixable_findings_are_untouched_byte_for_byte(project):
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yml") if p.name != "alpha-009.yml"}
    # one unfixable problem elsewhere: an unpaired quote (KB302) and a dangling reference (KB201)
    broken = project / "data/causes/cause-x.yml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("root: theory", "root: nowhere"), encoding="utf-8")
    before[broken] = broken.read_bytes()
    result = run_kb(project, "check", "--fix")
    assert result.returncode == 1 and "KB201" in result.stdout
    assert {p: p.read_bytes() for p in before} == before


def test_a_file_that_does_not_parse_is_left_alone(project):
    bad = project / ISSUE
    bad.write_text(MESSY.replace("levels: [branch]", "levels: [branch"), encoding="utf-8")
    raw = bad.read_bytes()
    result = run_kb(project, "check", "--fix")
    assert result.returncode == 1 and "KB101" in result.stdout
    assert bad.read_bytes() == raw


def test_fix_removes_a_bom_and_nothing_else(project):
    target = project / "data/remedies/remedy-x.yml"
    raw = target.read_bytes()
    target.write_bytes(b"\xef\xbb\xbf" + raw)
    assert "KB108" in run_kb(project, "check", "--only", "KB108").stdout
    run_kb(project, "check", "--fix", "--only", "KB108")
    assert target.read_bytes() == raw
    assert yaml.safe_load((project / ISSUE).read_text(encoding="utf-8"))["headline"] != WANT["headline"]


def test_fix_only_touches_the_rules_asked_for(project):
    run_kb(project, "check", "--fix", "--only", "KB304")
    data = yaml.safe_load((project / ISSUE).read_text(encoding="utf-8"))
    assert "融会贯通" in data["headline"] and "," in data["headline"]  # typo fixed, comma left


def test_fix_can_be_limited_to_named_files(project):
    other = project / "data/issues/alpha/alpha-010.yml"
    other.write_text(MESSY.replace("alpha-009", "alpha-010"), encoding="utf-8")
    raw = other.read_bytes()
    run_kb(project, "check", "--fix", str(project / ISSUE))
    assert other.read_bytes() == raw
    assert yaml.safe_load((project / ISSUE).read_text(encoding="utf-8"))["body"] == WANT["body"]


def test_values_that_need_quotes_get_them(project):
    # after the fix the value starts with a quote character, which plain YAML cannot begin with
    (project / ISSUE).write_text(MESSY.replace('headline: "理论学习 融汇贯通不够,学用脱节"',
                                               "headline: '\"三会一课\" 流于形式'"), encoding="utf-8")
    run_kb(project, "check", "--fix", "--only", "KB301,KB303")
    data = yaml.safe_load((project / ISSUE).read_text(encoding="utf-8"))
    assert data["headline"] == "“三会一课”流于形式"


def test_an_unquoted_value_stays_unquoted(project):
    (project / ISSUE).write_text(MESSY.replace('body: >-\n  对新思想的学习停留在读原文 、记笔记上,\n  没有做到融汇贯通。\n',
                                               "body: 对新思想的学习停留在读原文、记笔记上,没有做到融会贯通。\n"),
                                 encoding="utf-8")
    run_kb(project, "check", "--fix")
    assert "\nbody: 对新思想的学习停留在读原文、记笔记上，没有做到融会贯通。\n" in (project / ISSUE).read_text(encoding="utf-8")
