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
from kb.checks import contact, text as text_rules
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


# ---- KB306/KB307's screen: text it lets through has no contact detail or URL -------------------------
# Pieces the views turn into digits, gaps, dots and at-signs, mixed with ordinary Chinese, so that
# generated text is often one step from a phone number, an account or an address.
PIECES = (list("0123456789０１２３４５６７８９〇零一壹幺二贰三叁四五六七八九玖①⑨") +
          list(" -.,/:)）]】~_。点(（[【{}+　‐—·・") + ["\u200b", "\u00ad", "\u2060"] +
          ["（点）", "(dot)", "[at]", " at ", "艾特", "@", "＠", "://", "www.", "a", "Ｑ", "V", "x",
           "微信", "威信", "薇信", "扣扣", "企鹅号", "客服", "小编", "电话", "手机", "联系方式", "加", "联系", "❤", "号",
           "理想信念", "三会一课", "一是", "进一步", "学习", "，", "、", "；"])
pieced = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
# a real number's digits, each written some way, with what the views may remove between them
DIGIT_WAYS = {d: [d, chr(ord(d) + 0xFEE0), "〇一二三四五六七八九"[int(d)], "⓪①②③④⑤⑥⑦⑧⑨"[int(d)]] for d in "0123456789"}
DIGIT_WAYS["1"].append("幺")
GAPS = [" ", "-", ".", "。", "点", "（点）", " (点) ", "[点]", "  （  点  ）  ", ",", "/", ":", "）", "】", "~", "_", "　", "—", "·", "\u200b",
        "+(", "（", "、"]
numbers = st.sampled_from(["13912345678", "8613912345678", "01066123456", "4001234567", "123456789"]).flatmap(
    lambda number: st.tuples(*[st.tuples(st.sampled_from(DIGIT_WAYS[d]), st.lists(st.sampled_from(GAPS), max_size=3))
                               for d in number])).map(lambda parts: "".join(w + "".join(g) for w, g in parts))
phoneish = st.tuples(pieced, numbers, pieced).map("".join)


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(pieced, phoneish, st.text(alphabet=st.sampled_from(PIECES[:60]), max_size=40)))
def test_the_contact_screen_never_hides_what_the_views_find(text):
    """contact() and url() skip the views for text the screen clears (most text): the answer must
    be the one the views give."""
    views = contact.fold(text)
    assert contact.contact(text) == contact.contact(text, views), text
    assert contact.url(text) == contact.url(text, views), text
    assert contact.advert(text) == contact.advert(text, views), text


@settings(max_examples=1000, deadline=None)
@given(text=st.one_of(st.text(max_size=40), pieced))
def test_the_base_view_is_the_table_applied_to_every_character(text):
    """_base replaces only the characters the table names, by a regex: the same as str.translate."""
    assert contact._base(text).text == contact._DROP.sub("", text.translate(contact._BASE))


def test_the_contact_screen_clears_ordinary_text_and_stops_disguised_numbers():
    """Worth having only if ordinary 公文 text passes it, and sound only if disguised details do not."""
    for ordinary in ("理想信念不够坚定，一是学习不够，二是调研不深，三是落实不细。", "三会一课制度落实不到位",
                     "2023年度民主生活会"):
        assert contact._clear(ordinary), ordinary
    for hidden in ("一三九（点）一二三四（点）五六七八", "１３９ １２３４ ５６７８", "扣扣：一二三四五六七八九",
                   "abc艾特qq点com", "加威信", "请致电（０１０）６６１２－３４５６",
                   ("  （  点  ）  " * 3).join("13912345678")):  # the widest gap the views close
        assert not contact._clear(hidden), hidden
        assert contact.contact(hidden) or contact.url(hidden), hidden


# ---- KB301's screen: text without Latin letters, ASCII or spaces is what autocorrect leaves alone ---
FULLWIDTH = [chr(c) for c in range(0xFF01, 0xFF5F)] + list("，。、；：？！“”‘’（）《》【】〔〕「」『』…—·～〜•×①Ⅰ−")
chinese = st.text(alphabet=st.sampled_from(FULLWIDTH + list("学习理论党员一二三")), max_size=30)


@settings(max_examples=1500, deadline=None)
@given(text=st.one_of(chinese, st.text(alphabet=st.sampled_from(FULLWIDTH + list("学习 a1.,(\"")), max_size=30)))
def test_kb301_skips_only_text_it_would_not_change(text):
    assert text_rules.punctuate(text) == text_rules._punctuate(text), text


# ---- KB303 and KB305 patterns, written so the regex engine can skip ahead: the same matches ---------
def test_the_whitespace_kb303_tidies_is_what_backslash_s_matches_but_the_kb309_breaks():
    """_WS lists its characters: at every code point it must agree with the definition it replaced
    (whitespace as \\s has it, less the line breaks KB309 reports, plus zero-width spaces and BOMs)."""
    definition = re.compile(r"(?:[^\S\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]|[\u200b\ufeff])+")
    differ = [f"U+{c:04X}" for c in range(0x110000) if bool(definition.fullmatch(chr(c))) != bool(text_rules._WS.fullmatch(chr(c)))]
    assert differ == []


@settings(max_examples=1500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("×xXＸ*某某a学 ")), max_size=30))
def test_the_placeholder_pattern_finds_what_its_definition_finds(text):
    definition = re.compile(r"×{2,}|[xX]{2,}|ＸＸ|\*\*|某某")
    assert [m.span() for m in text_rules._PLACEHOLDER.finditer(text)] == [m.span() for m in definition.finditer(text)]


# ---- the loader's fast tags: what the safe loader's resolver would have said -------------------------
SCALARS = ["", "~", "null", "Null", "yes", "No", "on", "0x1F", "0o17", "017", "1_000", "33:42", "2024-01-01",
           "2024-01-01 10:00:00", ".inf", "-.5", "+1", "<<", "=", "中文", "是", "true", "~x", "Y", "n"]
scalar_values = st.one_of(st.sampled_from(SCALARS), st.text(max_size=12),
                          st.text(alphabet=st.sampled_from(list("0123456789.-+:_eExXoObB~ntyNTY学")), max_size=10))


@settings(max_examples=1500, deadline=None)
@given(value=scalar_values, plain=st.booleans())
def test_the_loaders_fast_tags_are_the_safe_loaders(value, plain):
    ours, safe = yamlsrc._Loader(""), yamlsrc.SafeLoader("")
    implicit = (plain, not plain)
    assert ours.resolve(yaml.ScalarNode, value, implicit) == safe.resolve(yaml.ScalarNode, value, implicit), value
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert ours.resolve(kind, None, plain) == safe.resolve(kind, None, plain)
    line = "a: " + yamlsrc.scalar(value, plain=plain) + "\n"
    try:
        want = yaml.load(line, Loader=yamlsrc.SafeLoader)
    except yaml.YAMLError:
        return
    assert yaml.load(line, Loader=yamlsrc._Loader) == want, line
