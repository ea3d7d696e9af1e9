"""From the outline to the report's data: each field's text rendered from its spans of the clean
text, subsections matched to dimensions and the framework, items matched to entries (an item
that repeats an entry becomes a `ref`; the others become candidate entries)."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..checks.dupes import THRESHOLD
from ..checks.text import tidy_space
from ..model import Catalogue
from . import dimensions, match, meta
from .ledger import Ledger
from .structure import Item, Outline, Span


@dataclass
class Assembled:
    data: dict  # the report, as it will be written (placeholders are "")
    todo: dict[str, str]  # field → why it is left for the contributor
    meta: meta.Meta
    where: list[tuple[int, int, str]]  # (start, end, place) of the clean text, for errata and notes
    candidates: list[dict] = field(default_factory=list)
    headings: list[tuple[str, tuple[str, ...], str]] = field(default_factory=list)  # (heading, dimensions, how)


class Renderer:
    """Field text from spans of the clean text, with the structure stage's edits applied."""

    def __init__(self, text: str, ledger: Ledger):
        self.text, self.ledger = text, ledger

    def piece(self, s: int, e: int) -> str:
        edits = self.ledger.edits
        k = bisect.bisect_left([x.start for x in edits], s)
        out, i = [], s
        for ed in edits[k:]:
            if ed.start > e or (ed.start == s and ed.start == ed.end):
                break
            if ed.end <= e:
                out += [self.text[i:ed.start], ed.new]
                i = ed.end
        out.append(self.text[i:e])
        return "".join(out)

    def __call__(self, spans: list[Span] | Span | None) -> str:
        if spans is None:
            return ""
        if isinstance(spans, tuple):
            spans = [spans]
        return tidy_space("\n".join(self.piece(s, e) for s, e in spans))


def assemble(outline: Outline, text: str, ledger: Ledger, cat: Catalogue, dims: dimensions.Dimensions,
             numberer: match.Numberer) -> Assembled:
    render = Renderer(text, ledger)
    title, opening = render(outline.title), render(outline.opening)
    info = meta.infer(title, opening)
    matcher = match.Matcher(cat)
    where: list[tuple[int, int, str]] = []

    def place(spans, name):
        for s, e in [spans] if isinstance(spans, tuple) else spans or []:
            where.append((s, e, name))

    heading_matches = {}
    for sec in outline.sections:
        for sub in sec.subsections:
            heading_matches[id(sub)] = dims.heading(render(sub.heading), info.year, info.level)
    fw = dimensions.framework(list(heading_matches.values()), info.year, cat)
    if fw and info.year and cat.frameworks[fw].year != info.year:
        outline.notes.append((0, f"按小标题选的框架“{fw}”是{cat.frameworks[fw].label}的，范文是{info.year}年度："
                                 f"请核对 framework，本年度另有框架时改用它"))
    out = Assembled({}, {}, info, where)
    used: set[str] = set()

    def item(it: Item, kind: str, among: tuple[str, ...], at: str) -> dict:
        label = render(it.label)
        body = render(it.text)
        here = f"{at}{label}"
        entry_kind = match.KIND.get(kind)
        if not entry_kind or not body:
            place(it.text, here)
            return {"label": label, "text": body} if label else {"text": body}
        dim = dims.of_item(body, among) if entry_kind == "issue" else ""
        found = matcher.nearest(body, entry_kind)
        cand = {"where": here, "kind": entry_kind, **({"dimension": dim} if dim else {}), "text": body}
        if found and found.score >= THRESHOLD and found.id not in used:
            used.add(found.id)
            for s, e in it.text:
                ledger.drop(s, e)
                ledger.add(s, e, "", "ref")
            place(it.text, found.id)
            cand["match"] = {"id": found.id, "score": round(found.score, 2)}
            out.candidates.append(cand)
            res = {"label": label} if label else {}
            res["ref"] = found.id
            if mark := match.sep(body, matcher.entry(entry_kind, found.id).title):
                res["sep"] = mark
            return res
        if found:
            cand["nearest"] = {"id": found.id, "score": round(found.score, 2)}
        cand["entry"] = match.draft(entry_kind, body, dim, info.level, numberer, cat)
        out.candidates.append(cand)
        place(it.text, here)
        return {"label": label, "text": body} if label else {"text": body}

    place(outline.title, "title")
    place(outline.opening, "opening")
    sections = []
    for sec in outline.sections:
        s_label = render(sec.label)
        d: dict = {"kind": sec.kind}
        if s_label:
            d["label"] = s_label
        d["title"] = render(sec.title)
        place(sec.lead, f"{s_label}{d['title']}")
        if sec.lead:
            d["lead"] = render(sec.lead)
        if sec.paragraphs:
            d["paragraphs"] = [render(p) for p in sec.paragraphs]
            for p in sec.paragraphs:
                place(p, f"{s_label}{d['title']}")
        if sec.items:
            d["items"] = [item(it, sec.kind, (), s_label) for it in sec.items]
        subs = []
        for sub in sec.subsections:
            m = heading_matches[id(sub)]
            sd: dict = {}
            if sub.label:
                sd["label"] = render(sub.label)
            sd["heading"] = render(sub.heading)
            out.headings.append((sd["heading"], m.dimensions if m else (), m.how if m else ""))
            if m and m.framework == fw:
                sd["framework_heading"] = m.index
            if sub.lead:
                sd["lead"] = render(sub.lead)
                place(sub.lead, f"{s_label}{sd.get('label', '')}")
            sd["items"] = [item(it, sec.kind, m.dimensions if m else (), f"{s_label}{sd.get('label', '')}")
                           for it in sub.items]
            subs.append(sd)
        if subs:
            d["subsections"] = subs
        sections.append(d)
    place(outline.closing, "closing")

    data = {"title": title, "year": info.year or "", "meeting": info.meeting, "level": info.level,
            "framework": fw, "opening": opening, "sections": sections}
    if outline.closing:
        data["closing"] = render(outline.closing)
    todo = {"title": "没有找到标题（第一行应是一行不带句号的标题）", "year": "标题和开头都没有写年度",
            "meeting": "标题和开头都没有写是民主生活会还是组织生活会", "level": "看不出是班子、支部还是个人的材料",
            "framework": "小标题与已有的检视框架都对不上", "opening": "正文第一部分之前没有开头段"}
    out.data, out.todo = data, {k: v for k, v in todo.items() if data[k] in ("", None)}
    where.sort()
    return out
