"""Text rules (KB3xx): every piece of text a reader will see, checked where it is written.

A text rule is a function from one string to hits. A fixable rule's hit carries the whole
corrected string, so `kb check` (report when it differs) and `kb check --fix` (write it) run the
same code. Which strings are text is decided by field name: ids, references and fixed
vocabularies are not text.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import autocorrect_py

from .. import schema, yamlsrc
from ..findings import Finding, finding, rule
from .. import normal
from . import contact, typoloops

# Fields whose strings are identifiers, references or enumerations, not prose.
NOT_TEXT = {"id", "dimension", "levels", "patterns", "causes", "remedies", "root", "level",
            "framework", "ref", "kind", "confidence", "sep", "where", "wrong", "right",
            "target", "part", "sectors", "roles", "meetings", "origin"}
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULLWIDTH_PUNCT = "，。、；：？！“”‘’（）《》【】〔〕「」『』…—·"


@dataclass(frozen=True)
class Hit:
    message: str
    offset: int = 0  # where in the string the problem starts (for the column)
    fixed: str | None = None  # the whole corrected string, for fixable rules


@dataclass(frozen=True)
class Context:
    """What a text rule may need besides the text: the kind of file and the typo list."""

    kind: str
    typos: dict[str, str]
    typo_pattern: re.Pattern | None


@dataclass(frozen=True)
class TextRule:
    code: str
    check: Callable[[str, Context], list[Hit]]
    applies: Callable[[str, str], bool]  # (doc kind, field name) -> bool


TEXT_RULES: list[TextRule] = []


def text_rule(code, severity, summary, tip, *, fixable=False, applies=lambda kind, field: True):
    rule(code, severity, summary, tip, fixable)

    def register(fn):
        TEXT_RULES.append(TextRule(code, fn, applies))
        return fn
    return register


def _not_errata_original(kind: str, field: str) -> bool:
    # an erratum's `original` records the wrong text on purpose
    return field != "errata.original"


def _whole_text(kind: str, field: str) -> bool:
    # errata quote fragments, which may well cut a pair of brackets in two
    return field not in ("errata.original", "errata.corrected")


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by halving (string comparison runs in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def change(old: str, new: str) -> tuple[str, int]:
    """A short “原文”→“改为” description of the first difference, and where it starts.

    Linear: the common prefix and suffix bound the change; only when what lies between is long is
    a diff taken, of a few characters from the first difference (difflib is cubic at worst, and a
    file at the size cap full of differences would otherwise take minutes)."""
    p = _common_prefix(old, new)
    q = _common_prefix(old[p:][::-1], new[p:][::-1])
    i2, j2 = len(old) - q, len(new) - q
    more = ""
    if max(i2, j2) - p > 12:
        window = [op for op in difflib.SequenceMatcher(None, old[p:p + 16], new[p:p + 16], autojunk=False)
                  .get_opcodes() if op[0] != "equal"]
        i2, j2 = p + window[0][2], p + window[0][4]
        more = "（另有多处）" if old[i2:] != new[j2:] else ""
    a = max(0, p - 4)
    return f"“{old[a:i2 + 4]}”应为“{new[a:j2 + 4]}”{more}", p


def fixed_hit(old: str, new: str, what: str) -> list[Hit]:
    if new == old:
        return []
    desc, offset = change(old, new)
    return [Hit(f"{what}：{desc}", offset, new)]


# ---- KB301 punctuation and spacing (autocorrect-py, plus the 公文 conventions it lacks) ------------
autocorrect_py.load_config(json.dumps({"rules": {
    "space-word": 1, "space-punctuation": 0, "space-bracket": 0, "space-backticks": 0,
    "space-dash": 0, "space-dollar": 0, "fullwidth": 1, "no-space-fullwidth": 1,
    "no-space-fullwidth-quote": 1, "halfwidth-word": 1, "halfwidth-punctuation": 1, "spellcheck": 0}}))
_DIGIT_SPACE = re.compile(rf"(?<=[{CJK}]) (?=[0-9])|(?<=[0-9%]) (?=[{CJK}])")
_HALF_PARENS = re.compile(r"\(([^()]*)\)")
_HALF_QUOTES = re.compile(r'"([^"]*)"')
_HALF_SEMI = re.compile(rf"(?<=[{CJK}{FULLWIDTH_PUNCT}]);")
# after a closing quote or bracket autocorrect leaves ASCII punctuation alone
_AFTER_CLOSER = re.compile(r"(?<=[”’）》】」』])([,.;:!?])(?=$|[\s" + CJK + r"“‘（《【「『])")
_FULL = dict(zip(",.;:!?", "，。；：！？"))
_HAS_CJK = re.compile(rf"[{CJK}]")


# what autocorrect and the steps below act on: ASCII other than digits (a digit beside Chinese is
# left alone by the 公文 rule below), spaces, and full-width letters and digits. Full-width
# punctuation with none of these about it (nearly every Chinese sentence) autocorrect leaves as it
# is, so such text skips it (tests/test_properties.py holds the two answers equal).
_LATIN = re.compile(r"[\x00-\x2f\x3a-\x7f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\s]")


def punctuate(text: str) -> str:
    return _punctuate(text) if _LATIN.search(text) else text


def _punctuate(text: str) -> str:
    t = autocorrect_py.format(text)
    # 公文 writes numbers against Chinese without a space: 2023年, 5个方面
    t = _DIGIT_SPACE.sub("", t)
    full = lambda m, l, r: f"{l}{m[1]}{r}" if _HAS_CJK.search(m[0]) or _HAS_CJK.search(  # noqa: E731
        t[max(0, m.start() - 1):m.end() + 1]) else m[0]
    t = _HALF_PARENS.sub(lambda m: full(m, "（", "）"), t)
    t = _HALF_QUOTES.sub(lambda m: full(m, "“", "”"), t)
    t = _AFTER_CLOSER.sub(lambda m: _FULL[m[1]], t)
    return _HALF_SEMI.sub("；", t)


@text_rule("KB301", "warning", "半角标点或中英文间距不规范",
           "中文里用全角标点（，。：；？！（）“”），中文与英文字母之间空一格，与数字之间不空；kb check --fix 可自动改正。",
           fixable=True, applies=_not_errata_original)
def kb301(text: str, ctx: Context) -> list[Hit]:
    return fixed_hit(text, punctuate(text), "标点或间距")


# ---- KB302 unpaired quotes and brackets ------------------------------------------------------------
PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "〔": "〕", "「": "」", "『": "』",
         "(": ")", "[": "]"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_BRACKET = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + "]")


@text_rule("KB302", "error", "引号或括号不成对",
           "补上缺少的一半，或删去多余的一半；引号用“”，括号用（），书名号用《》。", applies=_whole_text)
def kb302(text: str, ctx: Context) -> list[Hit]:
    stack: list[tuple[str, int]] = []
    for m in _BRACKET.finditer(text):
        ch, n = m[0], m.start()
        if ch in PAIRS:
            stack.append((ch, n))
        elif ch in CLOSERS:
            if stack and stack[-1][0] == CLOSERS[ch]:
                stack.pop()
            else:
                return [Hit(f"第 {n + 1} 个字【{ch}】前面没有与之配对的【{CLOSERS[ch]}】", n)]
    if stack:
        ch, n = stack[-1]
        return [Hit(f"第 {n + 1} 个字【{ch}】后面没有与之配对的【{PAIRS[ch]}】", n)]
    return []


# ---- KB303 whitespace ------------------------------------------------------------------------------
# whitespace (what \s matches: str.isspace, nothing of it above U+3000), but not the line breaks
# KB309 is about (a \r is reported once, as what it is); and zero-width spaces and BOMs. Listed in
# one character class, so the regex engine skips straight to where a match can start instead of
# trying a group at every character (which took a tenth of the text rules' time).
_NOT_HERE = "\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_WS = re.compile("[" + re.escape("".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in _NOT_HERE)
                                 + "\u200b\ufeff") + "]+")
_TIGHT = re.compile(rf"[{CJK}{FULLWIDTH_PUNCT}]")


def tidy_space(text: str) -> str:
    def one(m: re.Match) -> str:
        if m.start() == 0 or m.end() == len(text):
            return ""
        if _TIGHT.match(text[m.start() - 1]) and _TIGHT.match(text[m.end()]):
            return ""  # Chinese is written without spaces
        return " "
    return _WS.sub(one, text)


@text_rule("KB303", "warning", "多余的空白",
           "删去首尾空格、汉字之间的空格、换行和不可见字符，连续空格只留一个；kb check --fix 可自动改正。",
           fixable=True, applies=_not_errata_original)
def kb303(text: str, ctx: Context) -> list[Hit]:
    return fixed_hit(text, tidy_space(text), "空白")


# ---- KB304 known typos (the list is data: data/vocab/typos.yml) -----------------------------------
def typos(root: Path, data_dir: Path) -> tuple[dict[str, str], re.Pattern | None, list[Finding]]:
    """The typo list from data/vocab/typos.yml: ({wrong: right}, one regex, findings)."""
    path = data_dir / "vocab" / "typos.yml"
    if not path.exists():
        return {}, None, []
    data, src, found = yamlsrc.read(path, root)
    if data is not None:
        found += schema.validate("typos", data, src, data_dir / "schema")
        found += [] if found else typoloops.check(data, src)  # --fix must be idempotent
    if found or not data:
        return {}, None, found
    table = {t["wrong"]: t["right"] for t in data}
    pattern = re.compile("|".join(map(re.escape, sorted(table, key=len, reverse=True))))
    return table, pattern, []


@text_rule("KB304", "error", "常见错别字",
           "按提示改正；kb check --fix 可自动改正。错别字表在 data/vocab/typos.yml，欢迎补充。",
           fixable=True, applies=_not_errata_original)
def kb304(text: str, ctx: Context) -> list[Hit]:
    if ctx.typo_pattern is None or not ctx.typo_pattern.search(text):
        return []
    fixed = text
    for _ in range(len(ctx.typos)):  # a correction can join its neighbour into another typo: again until stable
        again = ctx.typo_pattern.sub(lambda m: ctx.typos[m[0]], fixed)
        if again == fixed:
            break
        fixed = again
    return fixed_hit(text, fixed, "错别字")


# ---- KB305 placeholders ----------------------------------------------------------------------------
# each alternative starts with a character, not a repeat: the regex engine then looks only where one can start
_PLACEHOLDER = re.compile(r"××+|[xX][xX]+|ＸＸ|\*\*|某某")
_REPORT_NAME_WITHHELD = re.compile(r"×{2,}")


def _outside_examples(kind: str, field: str) -> bool:
    # criticisms and passages are templates throughout: checks/placeholders.py looks after their slots
    return _not_errata_original(kind, field) and not field.endswith("example") and kind not in TEMPLATE_KINDS


TEMPLATE_KINDS = ("criticism", "passage")


@text_rule("KB305", "error", "占位符出现在正文中",
           "条目正文要写成能直接使用的完整句子；需要使用者换成自己情况的地方，只在 example（比如……）里用〔〕标出。"
           "范文中原文隐去的名称可保留为“×××”。", applies=_outside_examples)
def kb305(text: str, ctx: Context) -> list[Hit]:
    for m in _PLACEHOLDER.finditer(text):
        if ctx.kind == "report" and _REPORT_NAME_WITHHELD.fullmatch(m[0]):
            continue
        return [Hit(f"“{m[0]}”是占位符", m.start())]
    return []


# ---- KB306–KB308 advertising and contact details: never published, not even in errata ------------
# Matched on the folded views of checks/contact.py, so width, case, invisible characters, Chinese
# numerals and separators cannot disguise them; kb import removes what these refuse.
def _never(find: Callable[[str], tuple[int, str] | None], what: str) -> Callable[[str, Context], list[Hit]]:
    def check(text: str, ctx: Context) -> list[Hit]:
        hit = find(text)
        return [Hit(f"{what}“{hit[1]}”", hit[0])] if hit else []
    return check


CONTACT_TIP = "联系方式不得出现在条目中（勘误表也不例外）：删去；范文的勘误表里只写“删除联系方式”。"
kb306 = text_rule("KB306", "error", "含联系方式", CONTACT_TIP)(_never(contact.contact, "疑似联系方式"))
kb307 = text_rule("KB307", "error", "含网址", "条目是纯文本，不带网址；出处写在范文的 source 字段里，用文字说明。")(
    _never(contact.url, "网址"))
kb308 = text_rule("KB308", "error", "含广告或付费标记",
                  "删去推广语、付费标记和材料售卖平台的名称；范文勘误表里只写“删除广告”，不抄录广告原文。")(
    _never(contact.advert, "疑似广告"))


# ---- KB309 control and direction characters (the normaliser: kb/normal.py) ------------------
@text_rule("KB309", "error", "含控制字符或不可见字符",
           "删去这个字符；页面上看不见它，却会打乱排版或文字方向。kb check --fix 把回车、行分隔符等换行改为普通换行，"
           "删去软连字符、方向标记和零宽连接符；NUL、ESC 等其他控制字符要手动删除。", fixable=True)
def kb309(text: str, ctx: Context) -> list[Hit]:
    found = normal.hazards(text)
    if found is None:
        return []
    offset, ch, count = found
    more = f"（共 {count} 个）" if count > 1 else ""
    fixed = normal.normalise(text)
    return [Hit(f"第 {offset + 1} 个字是 {normal.describe(ch)}{more}", offset, fixed if fixed != text else None)]


# ---- running them ----------------------------------------------------------------------------------
def strings(data: object, key: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(key path, string) for every prose string in parsed data."""
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in NOT_TEXT:
                yield from strings(v, key + (k,))
    elif isinstance(data, list):
        for n, v in enumerate(data):
            yield from strings(v, key + (n,))
    elif isinstance(data, str):
        yield key, data


def field_name(key: tuple) -> str:
    return ".".join(str(k) for k in key if not isinstance(k, int))


def applicable(ctx: Context, field: str, rules: list[TextRule]) -> list[TextRule]:
    return [r for r in rules if r.applies(ctx.kind, field)]


# (rule codes, kind, key path) -> the field's name and the rules that apply to it: worked out once
# for each place a string is found in (some 800 in the catalogue), not for each of its strings
_PLAN: dict[tuple, tuple[str, list[TextRule]]] = {}


def check_doc(data: object, src: yamlsrc.Source, ctx: Context, rules: list[TextRule]) -> list[Finding]:
    out = []
    codes = tuple(r.code for r in rules)
    kind = ctx.kind
    for key, text in strings(data):
        plan = _PLAN.get((codes, kind, key))
        if plan is None:
            name = field_name(key)
            plan = _PLAN[codes, kind, key] = name, applicable(ctx, name, rules)
        name, which = plan
        for r in which:
            for hit in r.check(text, ctx):
                line, col = src.place(key, text, hit.offset)
                out.append(finding(r.code, src.path, line, f"{name or '文本'}：{hit.message}", col))
    return out


def fix_text(text: str, ctx: Context, field: str, rules: list[TextRule]) -> str:
    """Apply every fixable rule in turn until none changes the text (the same checks as above)."""
    for _ in range(5):
        before = text
        for r in applicable(ctx, field, rules):
            for hit in r.check(text, ctx):
                if hit.fixed is not None:
                    text = hit.fixed
        if text == before:
            break
    return text
