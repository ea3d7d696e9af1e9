"""What the phrase finder searches: one record per issue, cause, remedy and report paragraph.

A record carries the text exactly as the site shows and copies it, where it lives (page and
anchor), and what the filters need (kind, dimensions, levels, frameworks, sectors). Report items that
cite an entry are not records of their own: the entry is, and its page links back to the report.
Paragraph anchors follow templates/report.md.j2; a build test checks every one exists.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import links
from .model import Catalogue, Report

KINDS = ("issue", "cause", "remedy", "report")
KIND_NAMES = {"issue": "问题表述", "cause": "原因剖析", "remedy": "整改措施", "report": "范文段落"}


@dataclass(frozen=True)
class Record:
    rid: str  # data-id of the result: the entry id, or "<report id>#<paragraph anchor>"
    kind: str
    page: str  # docs-relative Markdown path
    anchor: str
    text: str
    context: str = ""  # where a report paragraph stands: report title and section
    dimensions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # data/vocab/sectors.yml ids; none: written for every sector


def records(cat: Catalogue) -> list[Record]:
    """Every searchable text, issues first (by dimension), then causes, remedies, report paragraphs."""
    order = {d.id: n for n, d in enumerate(cat.sorted_dimensions())}
    fws = {d: tuple(dict.fromkeys(f.id for f, _ in cat.frameworks_using(d))) for d in cat.dimensions}

    def frameworks_of(dims) -> tuple[str, ...]:
        ids = {f for d in dims for f in fws.get(d, ())}
        return tuple(f.id for f in cat.sorted_frameworks() if f.id in ids)

    out: list[Record] = []
    for d in cat.sorted_dimensions():
        for i in cat.issues_of(d.id):
            out.append(Record(i.id, "issue", links.page_of(i), i.id, i.text, "", (d.id,),
                              tuple(i.levels), frameworks_of([d.id]), tuple(i.sectors)))
    for kind in ("cause", "remedy"):
        for e in sorted(cat.table(kind).values(), key=lambda e: e.id):
            dims = sorted({i.dimension for i in cat.cited_by(kind, e.id)}, key=lambda d: order.get(d, 0))
            out.append(Record(e.id, kind, links.page_of(e), e.id, e.text, "", tuple(dims),
                              tuple(e.levels), frameworks_of(dims), tuple(e.sectors)))
    for r in cat.sorted_reports():
        out += report_records(cat, r)
    return out


def report_paragraphs(r: Report) -> list[tuple[str, str, str, int]]:
    """(anchor, text, section context, framework heading) of every paragraph the report writes itself."""
    out = [("p-opening", r.opening, "", 0)]
    for sn, s in enumerate(r.sections, 1):
        where = f"{s.label}{s.title}"
        if s.lead:
            out.append((f"s{sn}-lead", s.lead, where, 0))
        for n, p in enumerate(s.paragraphs, 1):
            out.append((f"s{sn}-p{n}", p, where, 0))
        for n, it in enumerate(s.items, len(s.paragraphs) + 1):
            if not it.ref:
                out.append((f"s{sn}-p{n}", f"{it.label}{it.text}", where, 0))
        for bn, sub in enumerate(s.subsections, 1):
            inner = f"{where} › {sub.label}{sub.heading}"
            if sub.lead:
                out.append((f"s{sn}-{bn}-lead", sub.lead, inner, sub.framework_heading))
            for n, it in enumerate(sub.items, 1):
                if not it.ref:
                    out.append((f"s{sn}-{bn}-p{n}", f"{it.label}{it.text}", inner, sub.framework_heading))
    if r.closing:
        out.append(("p-closing", r.closing, "", 0))
    return out


def report_records(cat: Catalogue, r: Report) -> list[Record]:
    fw = cat.frameworks.get(r.framework)
    out = []
    for anchor, text, where, heading in report_paragraphs(r):
        dims: tuple[str, ...] = ()
        if fw and 0 < heading <= len(fw.headings):
            dims = tuple(fw.headings[heading - 1].dimensions)
        context = f"{r.title} › {where}" if where else r.title
        out.append(Record(f"{r.id}#{anchor}", "report", links.page_of(r), anchor, text, context, dims,
                          (r.level,), (r.framework,)))
    return out
