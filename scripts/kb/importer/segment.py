"""Paragraphs and numbering labels in the clean text.

Paragraphs are lines, except where the text is a PDF's hard-wrapped lines: when many lines share
one full width and stop mid-sentence, a full-width line that does not end a sentence runs on into
the next one. Labels are the numbering a report uses, each with its style and number:

  top 一、   paren （一）(一)   arabic 1. 1、   paren-arabic (1)（1）   circled ①
  ordinal 一是 二是 …   sequence 第一，第二，首先，其次，再次，最后，

A label starts a paragraph, or stands inside one after a punctuation mark when several items
are written as one paragraph ("一是…。二是…；三是…").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

CN_DIGITS = "一二三四五六七八九十"
_N = f"[{CN_DIGITS}]{{1,3}}"
STYLES = {
    "top": rf"(?P<n>{_N})[、．.](?![0-9])",
    "paren": rf"[（(](?P<n>{_N})[）)]",
    "paren-arabic": r"[（(](?P<n>\d{1,2})[）)]",
    "arabic": r"(?P<n>\d{1,2})(?:[、．]|\.(?![0-9]))",
    "circled": r"(?P<n>[\u2460-\u2473])",
    "ordinal": rf"(?P<n>{_N})是(?![的否非])",
    "sequence": rf"(?P<n>第{_N}|首先|其次|再次|最后)[，,、：:]",
}
_AT_START = {name: re.compile(r"[ \t\u3000]*" + p) for name, p in STYLES.items()}
# where a label may stand inside a paragraph: right after these marks
_AFTER = {"ordinal": "。；;！？!?：:，,", "sequence": "。；;！？!?：:，,"}
_STRONG = "。；;！？!?：:"
_INLINE = {name: re.compile(rf"(?<=[{re.escape(_AFTER.get(name, _STRONG))}])[ \t\u3000]*{p}")
           for name, p in STYLES.items() if name != "top"}
HEADING_STYLES = ("top", "paren", "arabic", "paren-arabic")  # an item is never headed 一是 or ①
TERMINAL = "。！？!?；;：:…"
_SEQUENCE = {"首先": 1, "其次": 2, "再次": 3}


def cn_value(s: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20."""
    if "十" not in s:
        return CN_DIGITS.index(s[-1]) + 1
    tens, _, ones = s.partition("十")
    return (CN_DIGITS.index(tens) + 1 if tens else 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)


@dataclass(frozen=True)
class Label:
    style: str
    value: int | None  # None: 最后 (the next one, whatever that is)
    start: int
    end: int  # where the text after the label begins


def _label(style: str, m: re.Match) -> Label:
    n = m["n"]
    if style in ("arabic", "paren-arabic"):
        value: int | None = int(n)
    elif style == "circled":
        value = ord(n) - 0x2460 + 1
    elif style == "sequence":
        value = cn_value(n[1:]) if n.startswith("第") else _SEQUENCE.get(n)
    else:
        value = cn_value(n)
    start = m.start() + len(m[0]) - len(m[0].lstrip(" \t\u3000"))
    return Label(style, value, start, m.end())


def leading(text: str, start: int, end: int) -> Label | None:
    """The label a paragraph (text[start:end]) opens with, if any."""
    for style, pattern in _AT_START.items():
        m = pattern.match(text, start, end)
        if m and m.end() < end:
            return _label(style, m)
    return None


def inline(text: str, start: int, end: int, style: str) -> list[Label]:
    """Labels of one style standing inside text[start:end] after a punctuation mark."""
    pattern = _INLINE.get(style)
    return [_label(style, m) for m in pattern.finditer(text, start, end)] if pattern else []


def run(text: str, start: int, end: int, style: str, expected: int) -> list[Label]:
    """The labels that continue a numbered list inside text[start:end], from number expected on.
    A number may repeat or skip one where a full stop or semicolon stands before it."""
    out = []
    for lab in inline(text, start, end, style):
        strong = text[lab.start - 1] in _STRONG if lab.start else True
        if lab.value is None or lab.value == expected or (strong and out and lab.value in (expected - 1, expected + 1)):
            out.append(lab)
            expected = (lab.value or expected) + 1
    return out


def first_run(text: str, start: int, end: int) -> tuple[str, list[Label]] | None:
    """A numbered list written inside one paragraph, starting from 1, in whichever style comes first."""
    best = None
    for style in _INLINE:
        labels = run(text, start, end, style, 1)
        if len(labels) >= 2 and (best is None or labels[0].start < best[1][0].start):
            best = (style, labels)
    return best


# ---- paragraphs -----------------------------------------------------------------------------------
def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, after a blank line) of each non-blank line, without its surrounding whitespace."""
    out, pos, blank = [], 0, False
    for line in text.split("\n"):
        body = line.strip()
        if body:
            s = pos + line.index(body[0])
            out.append((s, s + len(body), blank))
            blank = False
        else:
            blank = True
        pos += len(line) + 1
    return out


def wrap_width(text: str, lines: list[tuple[int, int, bool]]) -> int | None:
    """The width at which the text was hard-wrapped, if it was: at least three long lines that stop
    mid-sentence share it (within a character), and they are at least a third of such lines."""
    widths = [width(text[s:e]) for s, e, _ in lines
              if e - s >= 12 and text[e - 1] not in TERMINAL and not leading(text, s, e)]
    if len(widths) < 3:
        return None
    counts = Counter(widths)
    best = max(counts, key=lambda w: (sum(counts[v] for v in range(w - 2, w + 1)), w))
    n = sum(counts[v] for v in range(best - 2, best + 1))
    return best if n >= 3 and n * 3 >= len(widths) else None


def _heading_like(text: str, s: int, e: int) -> bool:
    lab = leading(text, s, e)
    return bool(lab) and e - lab.end <= 30 and text[s:e].rstrip("。：:").endswith("方面")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans; a paragraph of several hard-wrapped lines spans the line breaks between them."""
    lines = _spans(text)
    full = wrap_width(text, lines)
    out: list[list[int]] = []
    for s, e, _ in lines:
        if out and full:
            ps, pe = out[-1]
            prev_line = text[text.rfind("\n", 0, pe) + 1:pe].strip()
            if (width(prev_line) >= full - 2 and text[pe - 1] not in TERMINAL
                    and not leading(text, s, e) and not _heading_like(text, ps, pe)):
                out[-1][1] = e
                continue
        out.append([s, e])
    return [(s, e) for s, e in out]
