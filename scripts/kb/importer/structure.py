"""The clean text's outline: title, opening, sections, the dimension subsections of the problems
section, leads, items and the closing, each as spans of the clean text (nothing is copied, so
nothing can be lost in between; the ledger checks that).

A section heading is a short paragraph numbered in the document's top style (一、 in most
reports) that names a known part (问题, 原因, 措施, 整改情况 …). Inside the problems section a
short numbered paragraph ending in 方面, or naming a dimension, is a subsection heading; it may
stand alone or run on into its first item ("（一）理论学习方面。一是…"). Everything else is
items: a paragraph that opens with the container's numbering style starts one, a list written
inside one paragraph is split at its labels, and text before the first label is the lead.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import segment
from .clean import sentences
from .ledger import Ledger

Span = tuple[int, int]
_HEAD_END = re.compile(r"[。：:；;！？!?]")
_KINDS = (("other", r"案例|个人有关事项|表态"),
          ("rectification", r"上年度|上一年度|整改落实情况|整改情况|落实情况"),
          ("causes", r"原因|根源|根子|剖析"),
          ("remedies", r"措施|打算|方向|努力|改进|整改"),
          ("problems", r"问题|不足|差距|查摆"))
_CLOSING = re.compile(r"(?:以上|上述|恳请|敬请|请各位|请同志们|欢迎)[^。！？]{0,40}?(?:对照|检查|检视|发言|剖析|材料|汇报|批评|指正)")
_PUNCT_END = "。！？!?；;：:，,…”’）)"


def section_kind(title: str) -> str:
    return next((kind for kind, words in _KINDS if re.search(words, title)), "other")


class NoStructure(Exception):
    """The text has no part headings the importer can find."""


@dataclass
class Item:
    label: Span | None
    text: list[Span]
    value: int | None = None
    bare: bool = False  # a numbered headline standing alone on its line, its elaboration below
    ref: str = ""
    score: float = 0.0
    sep: str = ""
    dimension: str = ""


@dataclass
class Subsection:
    label: Span | None
    heading: Span
    value: int | None
    lead: list[Span] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    framework: tuple[str, int] | None = None  # (framework id, 1-based heading)


@dataclass
class Section:
    kind: str
    label: Span | None
    title: Span
    value: int | None
    lead: list[Span] = field(default_factory=list)
    paragraphs: list[list[Span]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)


@dataclass
class Outline:
    title: Span | None
    opening: list[Span]
    sections: list[Section]
    closing: list[Span]
    notes: list[tuple[int, str]]  # (offset in the clean text, what the contributor should look at)


@dataclass
class _Head:
    index: int
    label: segment.Label | None
    title: Span
    punct: Span | None
    tail: int | None  # where text after the heading on the same line starts


class Builder:
    def __init__(self, text: str, ledger: Ledger, names_dimension: Callable[[str], bool]):
        self.text, self.ledger, self.names_dimension = text, ledger, names_dimension
        self.notes: list[tuple[int, str]] = []

    # ---- headings ---------------------------------------------------------------------------
    def _head(self, index: int, s: int, e: int) -> _Head:
        lab = segment.leading(self.text, s, e)
        h = lab.end if lab else s
        while h < e and self.text[h].isspace():
            h += 1
        m = _HEAD_END.search(self.text, h, e)
        if not m:
            return _Head(index, lab, (h, e), None, None)
        rest = m.end() + len(self.text[m.end():e]) - len(self.text[m.end():e].lstrip())
        return _Head(index, lab, (h, m.start()), (m.start(), m.end()), rest if rest < e else None)

    def _words(self, span: Span) -> str:
        return self.text[span[0]:span[1]].strip()

    def _section_heads(self, paras: list[Span]) -> list[_Head]:
        heads = [self._head(n, s, e) for n, (s, e) in enumerate(paras)]
        heads = [h for h in heads if 0 < len(self._words(h.title)) <= 40]
        style = next((h.label.style for h in heads if h.label and h.label.style in segment.HEADING_STYLES
                      and len(self._words(h.title)) <= 30 and section_kind(self._words(h.title)) != "other"), None)
        if style:
            return [h for h in heads if h.label and h.label.style == style
                    and (section_kind(self._words(h.title)) != "other" or (style == "top" and h.tail is None))]
        return [h for h in heads if not h.label and h.tail is None and h.punct is None
                and len(self._words(h.title)) <= 20 and section_kind(self._words(h.title)) != "other"]

    def _sub_heads(self, segs: list[Span]) -> list[_Head]:
        found = []
        for n, (s, e) in enumerate(segs):
            h = self._head(n, s, e)
            words = self._words(h.title)
            if h.label and h.label.style not in segment.HEADING_STYLES or not words:
                continue
            named = len(words) <= 30 and (words.endswith("方面") or self.names_dimension(words))
            if h.label and ((h.tail is None and len(words) <= 50) or named) or (not h.label and h.tail is None and named):
                found.append(h)
        style = next((h.label.style for h in found if h.label), None)
        return [h for h in found if (h.label.style == style if h.label else style is None)]

    def _drop_punct(self, head: _Head) -> None:
        if head.punct:
            self.ledger.add(*head.punct, "", "heading-punct")

    # ---- the document -------------------------------------------------------------------------
    def outline(self) -> Outline:
        paras = segment.paragraphs(self.text)
        if not paras:
            raise NoStructure("清理掉广告等内容后没有剩下正文")
        first = self._head(0, *paras[0])
        title = None
        if not first.label and first.punct is None and paras[0][1] - paras[0][0] <= 80:
            title, paras = paras[0], paras[1:]
        heads = self._section_heads(paras)
        if not heads:
            raise NoStructure("找不到“存在的问题”“原因剖析”“整改措施”等部分的标题")
        opening = paras[:heads[0].index]
        sections = []
        for k, h in enumerate(heads):
            end = heads[k + 1].index if k + 1 < len(heads) else len(paras)
            segs = ([(h.tail, paras[h.index][1])] if h.tail is not None else []) + paras[h.index + 1:end]
            if k + 1 == len(heads):
                segs, closing = self._closing(segs)
            self._drop_punct(h)
            sections.append(self._section(h, segs))
        self._numbering([(s.label, s.value) for s in sections], "部分")
        return Outline(title, opening, sections, closing, self.notes)

    def _closing(self, segs: list[Span]) -> tuple[list[Span], list[Span]]:
        for k in range(len(segs) - 1, max(-1, len(segs) - 3), -1):
            s, e = segs[k]
            for a, b in _sentences(self.text, s, e):
                if _CLOSING.match(self.text, a, b):
                    keep = segs[:k] + ([(s, _rstrip(self.text, s, a))] if self.text[s:a].strip() else [])
                    return keep, [(a, e)] + segs[k + 1:]
        return segs, []

    def _section(self, h: _Head, segs: list[Span]) -> Section:
        kind = section_kind(self._words(h.title))
        sec = Section(kind, _span(h.label), h.title, h.label.value if h.label else None)
        heads = self._sub_heads(segs) if kind == "problems" else []
        if not heads:
            sec.lead, sec.items, sec.paragraphs = self._items(segs, kind)
            return sec
        sec.lead = segs[:heads[0].index]
        for k, sh in enumerate(heads):
            end = heads[k + 1].index if k + 1 < len(heads) else len(segs)
            body = ([(sh.tail, segs[sh.index][1])] if sh.tail is not None else []) + segs[sh.index + 1:end]
            self._drop_punct(sh)
            sub = Subsection(_span(sh.label), sh.title, sh.label.value if sh.label else None)
            sub.lead, sub.items, paragraphs = self._items(body, kind)
            sub.items += [Item(None, p) for p in paragraphs]
            if not sub.items:
                self.notes.append((sh.title[0], f"小标题“{self._words(sh.title)}”下没有内容"))
            sec.subsections.append(sub)
        self._numbering([(s.label, s.value) for s in sec.subsections], "小标题")
        return sec

    # ---- items --------------------------------------------------------------------------------
    def _items(self, segs: list[Span], kind: str) -> tuple[list[Span], list[Item], list[list[Span]]]:
        """(lead, items, plain paragraphs) of one container."""
        text, style = self.text, None
        for s, e in segs:
            lab = segment.leading(text, s, e)
            found = (lab.style, [lab]) if lab else segment.first_run(text, s, e)
            if found:
                style = found[0]
                break
        lead: list[Span] = []
        items: list[Item] = []
        paragraphs: list[list[Span]] = []
        for s, e in segs:
            lab = segment.leading(text, s, e)
            if lab and (lab.style == style or not items):
                self._split(items, [lab] + segment.run(text, lab.end, e, lab.style, (lab.value or 0) + 1), e)
                continue
            if lab:  # another numbering inside an item: a list within it
                self._continue(items[-1], s, e)
                continue
            if style is None:
                if kind in ("rectification", "other"):
                    paragraphs.append([(s, e)])
                else:
                    items.append(Item(None, [(s, e)]))
                continue
            expected = (items[-1].value or 0) + 1 if items else 1
            labels = segment.run(text, s, e, style, expected)
            before = (s, _rstrip(text, s, labels[0].start)) if labels else (s, e)
            if text[before[0]:before[1]].strip():
                if items:
                    self._continue(items[-1], *before)
                else:
                    lead.append(before)
            if labels:
                self._split(items, labels, e)
        self._numbering([(i.label, i.value) for i in items], "分项")
        return lead, items, paragraphs

    def _split(self, items: list[Item], labels: list[segment.Label], end: int) -> None:
        """One item per label; where a list written in one paragraph is split, the mark that
        separated two items (；or ，) becomes a full stop."""
        text = self.text
        for k, lab in enumerate(labels):
            stop = _rstrip(text, lab.end, labels[k + 1].start if k + 1 < len(labels) else end)
            if k + 1 < len(labels) and text[stop - 1] in "；;，,":
                self.ledger.add(stop - 1, stop, "。", "split")
            bare = k + 1 == len(labels) and _HEAD_END.search(text, lab.end, stop) is None
            items.append(Item((lab.start, lab.end), [(lab.end, stop)], lab.value, bare))

    def _continue(self, item: Item, s: int, e: int) -> None:
        last = item.text[-1][1]
        if item.bare and len(item.text) == 1 and self.text[last - 1] not in _PUNCT_END:
            self.ledger.add(last, last, "。", "joined")
        item.text.append((s, e))

    def _numbering(self, labels: list[tuple[Span | None, int | None]], what: str) -> None:
        expected = 1
        for span, value in labels:
            if span is None or value is None:
                continue
            label = self.text[span[0]:span[1]]
            if value == expected - 1:
                self.notes.append((span[0], f"{what}编号“{label}”重复（按顺序应为第 {expected} 个），请核对"))
            elif value != expected:
                self.notes.append((span[0], f"{what}编号“{label}”不连续（按顺序应为第 {expected} 个），请核对"))
            expected = max(expected, value) + 1 if value != expected - 1 else expected + 1


def _span(label: segment.Label | None) -> Span | None:
    return (label.start, label.end) if label else None


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _sentences(text: str, start: int, end: int) -> list[Span]:
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in sentences(text, start, end)]
