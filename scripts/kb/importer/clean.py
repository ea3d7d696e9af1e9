"""Cleaning: the raw text's noise out, placeholders unified, punctuation full-width.

Each detector looks at the text with what earlier ones removed blanked out (so an ad detector
never sees a paid marker, and positions never shift) and records edits in the ledger. The ad,
contact, URL and placeholder patterns are the ones `kb check` refuses (checks/text.py), so what
the importer keeps is what the checker accepts.
"""
from __future__ import annotations

import difflib
import re

from ..checks import text as rules
from .ledger import Ledger

CJK = rules.CJK
_TIGHT = f"{CJK}{rules.FULLWIDTH_PUNCT}"

# ---- paid markers and markup ---------------------------------------------------------------------
_PAID = re.compile(r"##\s*paid\w*\s*##", re.I)
_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+|[ \t]+#+[ \t]*$", re.M)
_MD_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$", re.M)
_MD_QUOTE = re.compile(r"^[ \t]*(>[ \t]?)+", re.M)
_MD_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+", re.M)
_MD_BOLD_LINE = re.compile(r"^([ \t]*)(\*\*|__)(?=\S)(.+?)(?<=\S)\2([ \t]*)$", re.M)
_MD_LINK = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\[(?=[^\]\n]+\]\()|\]\([^)\n]*\)")
_MD_CODE = re.compile(r"`+")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>|&(?:nbsp|amp|lt|gt|quot|ensp|emsp|#\d+);")


def _paid(ledger: Ledger) -> None:
    for m in _PAID.finditer(ledger.text):
        ledger.add(m.start(), m.end(), "", "paid")


def _markup(ledger: Ledger) -> None:
    view = ledger.blanked()
    for m in _MD_BOLD_LINE.finditer(view):  # **一、存在的主要问题**: a whole line in bold
        ledger.add(m.start(2), m.end(2), "", "markdown")
        ledger.add(m.start(4) - 2, m.start(4), "", "markdown")
    # a ** that does not wrap a whole line is a placeholder (按**《通知》要求), dealt with below
    for pattern in (_MD_HEADING, _MD_RULE, _MD_QUOTE, _MD_BULLET, _MD_LINK, _MD_CODE):
        for m in pattern.finditer(view):
            s = m.start(1) if pattern is _MD_HEADING and m.group(1) else m.start()
            ledger.add(s, m.end(), "", "markdown")
    for m in _HTML.finditer(ledger.blanked()):
        ledger.add(m.start(), m.end(), "", "html")


# ---- page chrome ----------------------------------------------------------------------------------
_CHROME_KEYS = (r"发布时间|发布日期|更新时间|发文日期|时间|日期|来源|文章来源|本文来源|信息来源|作者|编辑|责任编辑|"
                r"浏览量|浏览次数|浏览|阅读量|阅读次数|阅读|点击量|点击数|点击|访问量|字数|标签|关键词|原文链接|本文链接|"
                r"分享到|上一篇|下一篇|上一页|下一页|相关阅读|相关推荐|相关文章|热门推荐|推荐阅读")
_CHROME = re.compile(rf"^\s*(?:【\s*)?(?:{_CHROME_KEYS})\s*(?:】\s*)?[:：]")
_CHROME_BARE = re.compile(r"^\s*(?:返回顶部|返回列表|打印本页|打印|关闭窗口|关闭|收藏本文|收藏|分享|举报|"
                          r"上一篇|下一篇|上一页|下一页|首页|尾页)(\s*[|｜/]\s*\S{1,6})*\s*$")
_PAGE = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}|\d{1,3}\s*/\s*\d{1,3}|第\s*\d{1,3}\s*页"
                   r"(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页|[Pp]age\s*\d+(?:\s*of\s*\d+)?)\s*$")


def _lines(text: str):
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _chrome(ledger: Ledger) -> None:
    for start, line in _lines(ledger.blanked()):
        body = line.strip()
        if not body:
            continue
        s, e = start + line.index(body[0]), start + len(line.rstrip())
        if _PAGE.match(line):
            ledger.add(s, e, "", "page")
        elif (_CHROME.match(line) and len(body) <= 80 and not body.endswith("。")) or _CHROME_BARE.match(line):
            ledger.add(s, e, "", "chrome")


# ---- advertising, contact details, URLs -----------------------------------------------------------
_PAIRS = dict(zip("【（(“《「『〔[", "】）)”》」』〕]"))
_END = "。！？!?；;"


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]. A 。！？； inside a bracket or quote closed within 40
    characters does not end a sentence (【公众号：老！船长】 is one piece of an ad)."""
    shut = -1
    out, s = [], start
    for i in range(start, end):
        ch = text[i]
        if ch in _PAIRS and i > shut:
            close = text.find(_PAIRS[ch], i + 1, min(end, i + 41))
            shut = close if close > 0 else shut
        elif ch in _END and i > shut:
            out.append((s, i + 1))
            s = i + 1
    if text[s:end].strip():
        out.append((s, end))
    return out


def _noise_kind(sentence: str) -> str | None:
    if rules._AD.search(sentence):
        return "ad"
    if rules._CONTACT.search(sentence):
        return "contact"
    if rules._URL.search(sentence):
        return "url"
    return None


def _ads(ledger: Ledger) -> None:
    view = ledger.blanked()
    for start, line in _lines(view):
        if not line.strip():
            continue
        spans = [(s, e) for s, e in sentences(view, start, start + len(line)) if view[s:e].strip()]
        hits = [(s, e, k) for s, e in spans if (k := _noise_kind(view[s:e]))]
        if not hits:
            continue
        whole = len(hits) == len(spans)
        if whole:  # the whole paragraph is an ad: one removal
            kinds = {k for _, _, k in hits}
            hits = [(spans[0][0], spans[-1][1], "ad" if "ad" in kinds else kinds.pop())]
        for s, e, kind in hits:
            piece = view[s:e]
            s, e = s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))
            ledger.add(s, e, "", "ad-inline" if kind == "ad" and not whole else kind)


# ---- the title's suffixes, placeholders, spaces inside Chinese ------------------------------------
# A title suffix is a bracketed note at the end of the title, in any bracket and any number:
# （5350字）（含案例） (含2篇案例，8000字) 【通用版】〔共3篇，1.2万字〕. It is a note when it opens with
# 含/附/共/约/全文, or names a count or one of the sellers' words. Bounded lengths keep the match linear.
_OPEN, _CLOSE = "（(【\\[〔［〖｛{「『", "）)】\\]〕］〗｝}」』"
_INNER = rf"[^{_OPEN}{_CLOSE}\n]"
_SELLER = (r"\d+(?:\.\d+)?\s*[万千]?\s*字|字数|篇|案例|范文|精选|通用|最新|完整版|可编辑|[Ww][Oo][Rr][Dd]|下载|合集|"
           r"汇编|版")
_SUFFIX = re.compile(rf"[{_OPEN}]\s*(?:(?:含|附|共|约|全文){_INNER}{{0,30}}|{_INNER}{{0,30}}?(?:{_SELLER}){_INNER}{{0,30}}?)"
                     rf"\s*[{_CLOSE}]\s*$")
_PREFIX = re.compile(r"^\s*【[^】\n]{1,8}】")
_PLACEHOLDER = re.compile(rf"(?<![A-Za-z])(?:{rules._PLACEHOLDER.pattern})+(?![A-Za-z])")
PLACEHOLDER = "×××"
_SPACE = re.compile(rf"(?<=[{_TIGHT}])[ \t\u3000\u00a0\u200b\ufeff]+(?=[{_TIGHT}])")


def title_line(text: str) -> tuple[int, int] | None:
    for start, line in _lines(text):
        if line.strip():
            return start, start + len(line)
    return None


def _title(ledger: Ledger) -> None:
    view = ledger.blanked()
    span = title_line(view)
    if span is None:
        return
    start, end = span
    while (m := _SUFFIX.search(view, start, end)) and m.start() > start + 4:
        if not ledger.add(m.start(), m.end(), "", "suffix"):
            break
        end = m.start()
    if m := _PREFIX.match(view, start, end):
        ledger.add(m.start() + len(m[0]) - len(m[0].lstrip()), m.end(), "", "suffix")


def _placeholders(ledger: Ledger) -> None:
    for m in _PLACEHOLDER.finditer(ledger.blanked()):
        ledger.add(m.start(), m.end(), PLACEHOLDER, "placeholder")
    for m in _SPACE.finditer(ledger.blanked()):
        ledger.add(m.start(), m.end(), "", "space")


# ---- full-width punctuation, as kb check --fix would make it ---------------------------------------
def _punctuation(ledger: Ledger) -> None:
    """Apply the KB301 fixer line by line to the text as cleaned so far, and record each change as
    an edit of the raw text; a change that would straddle something already removed is skipped."""
    text, origin = ledger.apply()
    for start, line in _lines(text):
        fixed = rules.punctuate(line)
        if fixed == line:
            continue
        ops = difflib.SequenceMatcher(None, line, fixed, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal":
                continue
            a, b = start + i1, start + i2
            if a < b:
                src = origin[a:b]
                if src != list(range(src[0], src[0] + len(src))) or ledger.text[src[0]:src[-1] + 1] != text[a:b]:
                    continue
                ledger.add(src[0], src[-1] + 1, fixed[j1:j2], "punct")
            elif a < len(origin) and (a == 0 or origin[a - 1] == origin[a] - 1):
                ledger.add(origin[a], origin[a], fixed[j1:j2], "punct")


def clean(text: str) -> Ledger:
    ledger = Ledger(text)
    _paid(ledger)
    _chrome(ledger)  # before markup: "- 3 -" is a page number, not a list item
    _markup(ledger)
    _ads(ledger)
    _title(ledger)
    _placeholders(ledger)
    _punctuation(ledger)
    return ledger
