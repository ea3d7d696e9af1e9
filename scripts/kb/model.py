"""The catalogue's typed entries and the links between them.

Entries are built only from data that passed schema validation, so constructors do no checking.
Backlinks (which issues cite a cause, which report an issue came from) are derived here, never stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .yamlsrc import Source

KINDS = ("framework", "dimension", "issue", "cause", "remedy", "report", "criticism", "passage")
KIND_NAMES = {
    "framework": "检视框架", "dimension": "检视维度", "issue": "问题表述",
    "cause": "原因剖析", "remedy": "整改措施", "report": "范文",
    "criticism": "相互批评意见", "passage": "段落范式",
}
# the table of each kind on the Catalogue
TABLES = {"framework": "frameworks", "dimension": "dimensions", "issue": "issues", "cause": "causes",
          "remedy": "remedies", "report": "reports", "criticism": "criticisms", "passage": "passages"}


def joined(head: str, body: str, tail: str = "", sep: str = "。") -> str:
    """A headline and its elaboration as one would write them in a report."""
    return f"{head}{sep}{body}{tail}"


@dataclass
class Term:
    """One entry of a small vocabulary (levels, roots, patterns)."""

    id: str
    name: str
    description: str = ""
    examples: list[str] = field(default_factory=list)


@dataclass
class Entry:
    id: str
    src: Source

    @property
    def path(self) -> str:
        return self.src.path


@dataclass
class Heading:
    title: str = ""  # empty when the wording was not found (unknown)
    dimensions: list[str] = field(default_factory=list)
    note: str = ""
    unknown: bool = False
    group: str = ""
    confidence: str = ""  # only where it differs from the framework's


@dataclass
class Framework(Entry):
    title: str
    short: str
    year: int
    held: str
    meeting: str
    levels: list[str]
    source: str
    confidence: str
    headings: list[Heading]
    note: str = ""
    year_label: str = ""
    kind: str = "official"  # official: 会议通知所列; lens: 常用对照角度 (e.g. 六大纪律)
    case_analysis: bool = False  # the meeting asks for a 反面典型案例剖析 section

    @property
    def label(self) -> str:
        """The year as the notices call it: “2020年度”, or “2019年（主题教育专题）” for a campaign."""
        return self.year_label or f"{self.year}年度"


@dataclass
class Dimension(Entry):
    name: str
    order: int
    description: str
    questions: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.name


@dataclass
class Issue(Entry):
    dimension: str
    headline: str
    body: str
    levels: list[str]
    example: str = ""
    patterns: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    remedies: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)  # none: suits every sector
    roles: list[str] = field(default_factory=list)  # of an individual: none means both

    @property
    def title(self) -> str:
        return self.headline

    @property
    def text(self) -> str:
        """Exactly what the copy button copies."""
        return joined(self.headline, self.body, self.example)


@dataclass
class Cause(Entry):
    title: str
    body: str
    root: str
    levels: list[str]
    terms: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return joined(self.title, self.body)


@dataclass
class Remedy(Entry):
    title: str
    body: str
    levels: list[str]
    terms: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return joined(self.title, self.body)


@dataclass
class Item:
    label: str = ""
    ref: str = ""
    sep: str = "。"
    text: str = ""


@dataclass
class Subsection:
    heading: str
    items: list[Item]
    label: str = ""
    lead: str = ""
    framework_heading: int = 0


@dataclass
class Section:
    kind: str
    title: str
    label: str = ""
    lead: str = ""
    paragraphs: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)

    def all_items(self) -> list[Item]:
        return self.items + [i for s in self.subsections for i in s.items]


@dataclass
class Erratum:
    original: str
    corrected: str
    reason: str
    where: str = ""


@dataclass
class Report(Entry):
    title: str
    source: str
    year: int
    meeting: str
    level: str
    framework: str
    opening: str
    sections: list[Section]
    closing: str = ""
    errata: list[Erratum] = field(default_factory=list)
    origin: str = "model"  # original: a real report, cleaned; model: written by the project

    @property
    def original(self) -> bool:
        return self.origin == "original"

    def refs(self) -> list[str]:
        return [i.ref for s in self.sections for i in s.all_items() if i.ref]


# Which entry kind a report item's ref points to, by the section it stands in.
SECTION_REF_KIND = {"problems": "issue", "causes": "cause", "remedies": "remedy"}


def build_entry(kind: str, data: dict, src: Source) -> Entry:
    """Turn validated data into a typed entry."""
    if kind == "framework":
        data = {**data, "headings": [Heading(**h) for h in data["headings"]]}
    elif kind == "report":
        sections = []
        for s in data["sections"]:
            s = dict(s)
            s["items"] = [Item(**i) for i in s.get("items", [])]
            s["subsections"] = [
                Subsection(**{**sub, "items": [Item(**i) for i in sub["items"]]})
                for sub in s.get("subsections", [])
            ]
            sections.append(Section(**s))
        data = {**data, "sections": sections, "errata": [Erratum(**e) for e in data.get("errata", [])]}
    from .meeting import Criticism, Passage  # they build on Entry, defined here
    cls = {"framework": Framework, "dimension": Dimension, "issue": Issue, "cause": Cause,
           "remedy": Remedy, "report": Report, "criticism": Criticism, "passage": Passage}[kind]
    return cls(src=src, **data)


@dataclass
class Catalogue:
    frameworks: dict[str, Framework] = field(default_factory=dict)
    dimensions: dict[str, Dimension] = field(default_factory=dict)
    issues: dict[str, Issue] = field(default_factory=dict)
    causes: dict[str, Cause] = field(default_factory=dict)
    remedies: dict[str, Remedy] = field(default_factory=dict)
    reports: dict[str, Report] = field(default_factory=dict)
    criticisms: dict[str, Entry] = field(default_factory=dict)  # meeting.Criticism
    passages: dict[str, Entry] = field(default_factory=dict)  # meeting.Passage
    vocab: dict[str, dict[str, Term]] = field(default_factory=dict)
    keywords: list[dict] = field(default_factory=list)  # data/vocab/keywords.yml, for kb import
    selfcheck: dict = field(default_factory=dict)  # data/vocab/selfcheck.yml, for the 起草台's 自查
    layout: dict | None = None  # data/vocab/layout.yml: the Word layout (kb.docx); none, no Word files

    def table(self, kind: str) -> dict[str, Entry]:
        return getattr(self, TABLES[kind])

    # who cites whom, built once on first use (pages ask for every entry's backlinks)
    _backlinks: dict[str, dict[str, list]] | None = field(default=None, repr=False, compare=False)

    def add(self, kind: str, entry: Entry) -> None:
        self.table(kind)[entry.id] = entry
        self._backlinks = None

    def _index(self) -> dict[str, dict[str, list]]:
        if self._backlinks is None:
            index: dict[str, dict[str, list]] = {"causes": {}, "remedies": {}, "reports": {}, "original": {}}
            for i in sorted(self.issues.values(), key=lambda i: i.id):
                for field_name in ("causes", "remedies"):
                    for ref in getattr(i, field_name):
                        index[field_name].setdefault(ref, []).append(i)
            for r in self.sorted_reports():
                for ref in dict.fromkeys(r.refs()):
                    index["reports"].setdefault(ref, []).append(r)
                    if r.original:
                        index["original"].setdefault(ref, []).append(r)
            self._backlinks = index
        return self._backlinks

    # ---- ordering -------------------------------------------------------------------------
    def sorted_dimensions(self) -> list[Dimension]:
        return sorted(self.dimensions.values(), key=lambda d: (d.order, d.id))

    def sorted_frameworks(self) -> list[Framework]:
        return sorted(self.frameworks.values(), key=lambda f: (-f.year, f.id))

    def sorted_reports(self) -> list[Report]:
        return sorted(self.reports.values(), key=lambda r: (-r.year, r.id))

    def issues_of(self, dimension_id: str) -> list[Issue]:
        return sorted((i for i in self.issues.values() if i.dimension == dimension_id), key=lambda i: i.id)

    def issues_by_level(self, dimension_id: str) -> list[tuple[str, list[Issue]]]:
        """A dimension's issues grouped under their first level in vocabulary order (班子, 支部, 个人),
        so that each issue appears once; levels with no issue are left out. In each group the
        authored issues come first, then those taken from a seed report (see authored_first)."""
        rank = {lv: n for n, lv in enumerate(self.vocab.get("levels", {}))}
        groups: dict[str, list[Issue]] = {lv: [] for lv in rank}
        for i in self.authored_first(self.issues_of(dimension_id)):
            groups.setdefault(min(i.levels, key=lambda lv: rank.get(lv, len(rank))), []).append(i)
        return [(lv, issues) for lv, issues in groups.items() if issues]

    # ---- derived links --------------------------------------------------------------------
    def cited_by(self, kind: str, entry_id: str) -> list[Issue]:
        """Issues that link to a cause or remedy."""
        field_name = {"cause": "causes", "remedy": "remedies"}[kind]
        return list(self._index()[field_name].get(entry_id, []))

    def reports_citing(self, entry_id: str) -> list[Report]:
        return list(self._index()["reports"].get(entry_id, []))

    # ---- provenance (derived: an entry an original report cites comes from that report) --------
    def from_reports(self, entry_id: str) -> list[Report]:
        """The original reports whose text an entry was taken from (出自范文原文); [] if authored."""
        return list(self._index()["original"].get(entry_id, ()))

    def authored_first(self, entries: list) -> list:
        """Entries in the given order, except that those written for the catalogue come before those
        taken from a seed report: suggestions offer a model text before a real unit's wording."""
        return sorted(entries, key=lambda e: bool(self.from_reports(e.id)))

    def seed_derived(self) -> list[Entry]:
        """Every issue, cause and remedy an original report cites, in id order."""
        return [e for k in ("issue", "cause", "remedy") for e in sorted(self.table(k).values(), key=lambda e: e.id)
                if self.from_reports(e.id)]

    def frameworks_using(self, dimension_id: str) -> list[tuple[Framework, int]]:
        """(framework, 1-based heading number) pairs whose heading maps onto the dimension."""
        return [(f, n) for f in self.sorted_frameworks()
                for n, h in enumerate(f.headings, 1) if dimension_id in h.dimensions]

    def reports_using(self, framework_id: str) -> list[Report]:
        return [r for r in self.sorted_reports() if r.framework == framework_id]

    def counts(self) -> dict[str, int]:
        return {k: len(self.table(k)) for k in KINDS}
