"""The meeting's other texts: 相互批评意见 (what one says to a colleague at the meeting) and
段落范式 (openings, 整改情况, case analyses, closings, 表态), and how their pages group them."""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Catalogue, Entry

# the part of a passage that is written in two halves instead of one text
CASE_ANALYSIS = "case-analysis"


@dataclass
class Criticism(Entry):
    """相互批评意见: what one says to a colleague at the meeting, with 〔〕 for their own facts."""

    target: str
    dimension: str
    levels: list[str]
    headline: str
    text: str  # exactly what is said, and what the copy button copies
    sectors: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.headline

    @property
    def body(self) -> str:
        return self.text


@dataclass
class Passage(Entry):
    """段落范式: an opening, 整改情况, case analysis, closing or 表态 to adapt."""

    part: str
    title: str
    levels: list[str]
    text: str = ""  # every part but case-analysis
    analysis: str = ""  # case-analysis: 案例原因剖析
    self_check: str = ""  # case-analysis: 对照案例查摆自身差距
    meetings: list[str] = field(default_factory=list)  # none: both
    roles: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.part == CASE_ANALYSIS and not self.text:
            # the copy button copies both halves under their usual sub-headings
            self.text = f"（一）案例原因剖析\n{self.analysis}\n（二）对照案例查摆自身差距\n{self.self_check}"

    @property
    def halves(self) -> list[tuple[str, str]]:
        """(sub-heading, text) of a case analysis; one untitled piece for every other part."""
        if self.part == CASE_ANALYSIS:
            return [("案例原因剖析", self.analysis), ("对照案例查摆自身差距", self.self_check)]
        return [("", self.text)]

    @property
    def body(self) -> str:
        return "\n".join(t for _, t in self.halves)


def criticisms_by_target(cat: Catalogue) -> list[tuple[str, list[tuple[str, list[Criticism]]]]]:
    """(target, [(dimension, criticisms)]) in vocabulary and site order; empty groups left out."""
    dims = [d.id for d in cat.sorted_dimensions()]
    out = []
    for target in cat.vocab.get("targets", {}):
        mine = [c for c in cat.criticisms.values() if c.target == target]
        groups = [(d, sorted((c for c in mine if c.dimension == d), key=lambda c: c.id)) for d in dims]
        groups = [(d, cs) for d, cs in groups if cs]
        if groups:
            out.append((target, groups))
    return out


def passages_by_part(cat: Catalogue) -> list[tuple[str, list[Passage]]]:
    """(part, passages) for every part, in the order a report is written (the guide links to
    each part's section, so a part with no passage yet keeps its place)."""
    return [(part, sorted((p for p in cat.passages.values() if p.part == part), key=lambda p: p.id))
            for part in cat.vocab.get("parts", {})]
