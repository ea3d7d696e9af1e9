"""What the phrase engine searches: one record per catalogue entry, report paragraph and section
of a hand-written page, and the filters a reader can narrow them by.

A record carries the text exactly as the site shows and copies it, where it lives (page and
anchor), and its facets: for each filter, the values it is listed under. Report items that cite
an entry are not records of their own: the entry is, and its page links back to the report.
Paragraph anchors follow templates/report.md.j2; page section anchors are the heading ids the
Markdown renderer gives (sections.py); build tests check every one exists.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from . import links, listings
from .model import Catalogue, Entry, Report

# The kinds of catalogue entry searched, in result order: adding a kind is one line here (its
# entries need `text`, `levels` and a page in links.page_of; a kind the catalogue lacks is skipped).
ENTRY_KINDS = (("issue", "问题表述"), ("cause", "原因剖析"), ("remedy", "整改措施"),
               ("criticism", "相互批评意见"), ("passage", "段落范式"))
KIND_NAMES = {**dict(ENTRY_KINDS), "report": "范文段落", "page": "站内页面"}


@dataclass(frozen=True)
class Record:
    rid: str  # data-id of the result: the entry id, or "<page>#<anchor>" for paragraphs and sections
    kind: str
    page: str  # docs-relative Markdown path
    anchor: str
    text: str
    context: str = ""  # where a paragraph or section stands: report or page title and section
    dimensions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()  # "<framework id>/<heading number>"
    source: object = field(default=None, compare=False, repr=False)  # the entry, for field filters


@dataclass(frozen=True)
class Filter:
    """One filter of the finder: its address parameter, its menu and which values a record has."""
    name: str
    everything: str  # the menu's first option
    label: str  # for screen readers
    options: Callable[[Catalogue], list[tuple[str, str]]]
    of: Callable[[Record], tuple[str, ...]]
    within: str = ""  # the filter whose choice this one refines (its options start "<value>/")


def _vocab(name: str) -> Callable[[Catalogue], list[tuple[str, str]]]:
    return lambda cat: [(t.id, t.name) for t in cat.vocab.get(name, {}).values()]


def _field(attr: str) -> Callable[[Record], tuple[str, ...]]:
    """A list field of the entry, as tagged: the filter lists exactly the entries tagged with a value
    (an entry without the field is general: it is listed when no value is chosen)."""
    def of(rec: Record) -> tuple[str, ...]:
        values = getattr(rec.source, attr, None) if rec.source is not None else None
        return tuple(values) if values else ()
    return of


def _headings(cat: Catalogue) -> list[tuple[str, str]]:
    return [(f"{f.id}/{n}", f"{n}. {h.title}") for f in cat.sorted_frameworks()
            for n, h in enumerate(f.headings, 1) if not h.unknown]


# The finder's filters, in menu order. A filter over an entry field with a vocabulary is one line
# (`_field`); it appears once the vocabulary exists in data/vocab/.
FILTERS = (
    Filter("kind", "全部类别", "按类别筛选",
           lambda cat: [(k, KIND_NAMES[k]) for k in kinds(cat)], lambda r: (r.kind,)),
    Filter("dim", "全部维度", "按检视维度筛选",
           lambda cat: [(d.id, d.name) for d in cat.sorted_dimensions()], lambda r: r.dimensions),
    Filter("level", "全部层级", "按层级筛选", _vocab("levels"), lambda r: r.levels),
    Filter("sector", "全部行业", "按行业筛选", _vocab("sectors"), _field("sectors")),
    Filter("fw", "全部框架", "按检视框架筛选",
           lambda cat: [(f.id, f.short) for f in cat.sorted_frameworks()], lambda r: r.frameworks),
    Filter("h", "框架的全部方面", "按框架的方面筛选", _headings, lambda r: r.headings, within="fw"),
)


def kinds(cat: Catalogue) -> list[str]:
    """The kinds this catalogue has records of, in result order."""
    return [k for k, _ in ENTRY_KINDS if _entries(cat, k)] + ["report", "page"]


def _entries(cat: Catalogue, kind: str) -> list[Entry]:
    try:
        table = cat.table(kind)
    except (KeyError, AttributeError):  # a kind this catalogue's model does not have
        return []
    return sorted(table.values(), key=lambda e: e.id)


def records(cat: Catalogue, sections: list[tuple[str, str, str, str]] = ()) -> list[Record]:
    """Every searchable text: entries kind by kind (issues by dimension), then report paragraphs,
    then sections of pages (`sections`: (page, anchor, context, text) from sections.py)."""
    order = {d.id: n for n, d in enumerate(cat.sorted_dimensions())}
    uses = {d: cat.frameworks_using(d) for d in cat.dimensions}
    framework_order = [f.id for f in cat.sorted_frameworks()]  # once, not once a record

    @lru_cache(maxsize=None)  # a few distinct dimension tuples, thousands of records
    def where(dims) -> tuple[tuple[str, ...], tuple[str, ...]]:
        pairs = [(f.id, n) for d in dims for f, n in uses.get(d, ())]
        fws = {f for f, _ in pairs}
        return (tuple(f for f in framework_order if f in fws),
                tuple(dict.fromkeys(f"{f}/{n}" for f, n in pairs)))

    out: list[Record] = []
    place = listings.placement(cat)  # long listings are cut into pages: the page that shows each entry
    for kind, _ in ENTRY_KINDS:
        entries = _entries(cat, kind)
        if kind == "issue":
            entries.sort(key=lambda e: (order.get(e.dimension, 0), e.id))
        for e in entries:
            if getattr(e, "dimension", None):
                dims = (e.dimension,)
            elif kind in ("cause", "remedy"):
                dims = tuple(sorted({i.dimension for i in cat.cited_by(kind, e.id)}, key=lambda d: order.get(d, 0)))
            else:
                dims = ()
            fws, heads = where(dims)
            out.append(Record(e.id, kind, place.get(e.id) or links.page_of(e), e.id, e.text, "", dims,
                              tuple(getattr(e, "levels", ())), fws, heads, e))
    for r in cat.sorted_reports():
        out += report_records(cat, r)
    for page, anchor, context, text in sections:
        out.append(Record(f"{page}#{anchor}", "page", page, anchor, text, context))
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
        heads: tuple[str, ...] = ()
        if fw and 0 < heading <= len(fw.headings):
            dims = tuple(fw.headings[heading - 1].dimensions)
            heads = (f"{fw.id}/{heading}",)
        context = f"{r.title} › {where}" if where else r.title
        out.append(Record(f"{r.id}#{anchor}", "report", links.page_of(r), anchor, text, context, dims,
                          (r.level,), (r.framework,), heads, r))
    return out
