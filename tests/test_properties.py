"""Properties of the loader, the checker and the fixer over generated input (hypothesis):

- any file content, valid YAML or not, gives findings and never an exception, and no finding
  prints a raw control character;
- an entry whose text fields hold any mix of Chinese, ASCII, markup, control, direction and
  invisible characters, written in any scalar style: `--fix` leaves a file that parses, a second
  `--fix` changes nothing (idempotent), and what is left is only what --fix may not touch.
"""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, make_project
from kb import checks, cli, yamlsrc
from kb.findings import report

TARGET = "data/issues/alpha/alpha-003.yml"
ALPHABET = list("学习理论党员不够，。；：“”（）〔〕《》、") + list("aZ09 ,.;:()[]{}<>\"'#*&!|-@%`_=/\\") + [
    "\r", "\n", "\t", "\x00", "\x1b", "\x7f", "\x85", "\xad", "\u200b", "\u200e", "\u200f", "\u2028", "\u2029",
    "\u202e", "\u2066", "\u2069", "\ufeff", "\u3000", "１", "Ａ", "＠", "一", "三", "九", "×", "某"]
texts = st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=40)
UNSHOWN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("props"), FIXTURES / "mini" / "data")


def check(project: Path) -> checks.Result:
    result = checks.run(project)
    assert UNSHOWN.search(report(result.findings)) is None, "a finding prints a raw control character"
    return result


@SETTINGS
@given(content=st.one_of(texts.map(lambda t: "id: alpha-003\nbody: " + t + "\n"),
                         st.text(alphabet=st.sampled_from(ALPHABET + list(" -:\n[]{}&*!?|>'\"#")), max_size=200),
                         st.text(max_size=200)))
def test_any_file_gives_findings_not_exceptions(project, content):
    (project / TARGET).write_text(content, encoding="utf-8", errors="surrogatepass")
    check(project)


def style(value: str, how: int) -> str:
    """A YAML scalar for value: plain where that reads back, single- or double-quoted, or a block."""
    if how == 0:
        return yamlsrc.scalar(value)
    if how == 1 and "\n" not in value and "\r" not in value and all(c.isprintable() for c in value):
        return "'" + value.replace("'", "''") + "'"
    return yamlsrc.scalar(value, plain=False)  # JSON: double-quoted, escapes for the rest


def entry(headline: str, body: str, example: str, how: int) -> str:
    return (f"id: alpha-003\ndimension: alpha\nheadline: {style(headline, how)}\nbody: {style(body, how)}\n"
            f"example: {style(example, how)}\nlevels: [branch]\ncauses: [cause-x]\nremedies: [remedy-x]\n")


def fix(project: Path) -> list[str]:
    with contextlib.redirect_stderr(io.StringIO()):
        return cli._fix(checks.run(project), None, None, project, [])


@SETTINGS
@given(headline=texts, body=texts, example=texts, how=st.integers(0, 2))
def test_fix_output_parses_and_a_second_fix_changes_nothing(project, headline, body, example, how):
    path = project / TARGET
    path.write_text(entry(headline, body, example, how), encoding="utf-8")
    data, _, found = yamlsrc.parse(path.read_text(encoding="utf-8"), TARGET)
    assert data is not None and data["body"] == body, found  # the generator writes what it means
    fix(project)
    once = path.read_bytes()
    fixed, _, found = yamlsrc.parse(once.decode("utf-8"), TARGET)
    assert fixed is not None, f"--fix wrote a file that does not parse: {found}"
    assert set(fixed) == set(data), "--fix lost or added a field"
    assert fix(project) == [] and path.read_bytes() == once, "--fix is not idempotent"
    left = {f.code for f in check(project).findings if f.path == TARGET}
    assert "KB303" not in left, "--fix left whitespace it fixes"
    # a control character --fix may not remove stays reported, never silently published
    if any(c in headline + body + example for c in "\x00\x1b\x7f"):
        assert "KB309" in left


def test_fix_normalises_line_breaks_and_drops_invisible_marks(project):
    path = project / TARGET
    path.write_text(entry("理论学习\u202e不够", "学习不够\r\n系统\u2028深入", "比如\xad，〔某次〕学习\u200e缺席。", 2),
                    encoding="utf-8")
    assert fix(project) == [TARGET]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert (data["headline"], data["body"], data["example"]) == ("理论学习不够", "学习不够系统深入", "比如，〔某次〕学习缺席。")
    assert [f for f in check(project).findings if f.path == TARGET] == []
