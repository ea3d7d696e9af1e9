"""The 句式 section: an overview page, one page per pattern, and one each for the formulas of causes
and of remedies.

One page holding every pattern with all of its issues grows with the catalogue (792 KiB at 10,000
entries). The overview (patterns.md, the address the nav and older links use) keeps each pattern's
anchor (#zhong-qing) with its description and a few issues from different dimensions, and links to
the pattern's own page, which lists all of them by dimension. The causes and remedies grouped by
formula get a page each. Every page below the overview is cut into pages like the other listings
(paging.py) and is reached from the overview, not from the nav.
"""
from __future__ import annotations

import re

from . import links, paging
from .model import Catalogue

# The formulas of DOMAIN §4 items 24 and 25, read off the titles: (anchor, label, rule). A title goes
# to the first form it matches; titles that match none are not listed.
CAUSE_FORMS = (("songxie", "……有所松懈（淡化、弱化）", re.compile(r"有所")),
               ("renshi", "对……认识不足（不到位、不深）", re.compile(r"^对.*(认识|理解|把握)")),
               ("piancha", "……存在偏差（误区、倾向）", re.compile(r"偏差|误区|倾向|错位")),
               ("bugou", "……不够（不强、不牢、不足）",
                re.compile(r"不够|不强|不牢|不足|不深|不到位|不实|不严|欠缺|缺乏|淡薄")))
LEADS = (("zhuoli", "着力"), ("chixu", "持续"), ("zhuzhong", "注重"), ("jianchi", "坚持"))
REMEDY_FORMS = tuple((anchor, f"{lead}……", re.compile(f"^{lead}")) for anchor, lead in LEADS)

SAMPLES = 3  # issues shown under each pattern on the overview, whatever the catalogue's size
# These pages list one-line links, not cards: 500 of the longest titles (80 characters) are about
# 170 KB of HTML, well under the 512 KiB bound with the site's chrome, and a pattern of the real
# catalogue (up to about 200 issues) stays on one page.
PER_PAGE = 500
FOLDER = "patterns"
CAUSES = f"{FOLDER}/causes.md"
REMEDIES = f"{FOLDER}/remedies.md"


def issue_page(pid: str) -> str:
    """A pattern's own page. Under issues/ so that no pattern id can take the address of the
    overview (patterns/index) or of the formula pages (patterns/causes)."""
    return f"{FOLDER}/issues/{pid}.md"


def is_sub_page(path: str) -> bool:
    """A page of the section other than the overview: reached from the overview, not from the nav."""
    return path.startswith(f"{FOLDER}/")


def grouped(entries, forms) -> list[tuple[str, str, list]]:
    """(anchor, label, entries) for each form with entries, in the order given; each entry under
    the first form its title matches."""
    groups: dict[str, list] = {anchor: [] for anchor, _, _ in forms}
    for e in sorted(entries, key=lambda e: e.id):
        anchor = next((anchor for anchor, _, rx in forms if rx.search(e.title)), None)
        if anchor:
            groups[anchor].append(e)
    return [(anchor, label, groups[anchor]) for anchor, label, _ in forms if groups[anchor]]


def samples(by_dimension: list[tuple[str, list]], n: int = SAMPLES) -> list:
    """Up to n issues, the first of each dimension in turn, so the overview shows the pattern at work
    in different dimensions rather than n issues of the first one."""
    queues = [list(issues) for _, issues in by_dimension]
    out: list = []
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop(0))
    return out


def _listing(base: str, groups: list[tuple[str, list]], label) -> tuple[list[paging.Page], list]:
    """The pages of one listing, and page 1's jumps (anchor, label, page) to the groups that begin later."""
    pages = paging.paginate(base, groups, PER_PAGE)
    jumps = [(key, label(key), path) for key, path in paging.group_starts(pages).items() if path != base]
    return pages, jumps


def pages(cat: Catalogue) -> list[tuple[str, str, dict]]:
    """(path, template, context) for every page of the section, the overview first."""
    patterns = cat.vocab.get("patterns", {})
    dims = cat.sorted_dimensions()
    by_dim = {d.id: cat.issues_of(d.id) for d in dims}
    used: dict[str, list[tuple[str, list]]] = {}
    for pid in patterns:
        groups = [(d.id, [i for i in by_dim[d.id] if pid in i.patterns]) for d in dims]
        groups = [(did, issues) for did, issues in groups if issues]
        if groups:
            used[pid] = groups
    forms = {CAUSES: ("原因剖析的句式", "原因", grouped(cat.causes.values(), CAUSE_FORMS)),
             REMEDIES: ("整改措施的句式", "措施", grouped(cat.remedies.values(), REMEDY_FORMS))}

    out: list[tuple[str, str, dict]] = []
    listed_forms: list[tuple[str, str, str, str, int]] = []  # the overview's (kind, label, page, anchor, count)
    for base, (title, kind, groups) in forms.items():
        if not groups:
            continue
        labels = {anchor: label for anchor, label, _ in groups}
        pgs, jumps = _listing(base, [(anchor, es) for anchor, _, es in groups], labels.get)
        starts = paging.group_starts(pgs)
        listed_forms += [(kind, label, starts[anchor], anchor, len(es)) for anchor, label, es in groups]
        out += [(pg.path, "pattern-forms.md.j2", {"pg": pg, "title": title, "labels": labels,
                                                  "overview": links.PATTERNS, "jumps": jumps if pg.first else []})
                for pg in pgs]
    for pid, groups in used.items():
        pgs, jumps = _listing(issue_page(pid), groups, lambda did: cat.dimensions[did].name)
        out += [(pg.path, "pattern.md.j2", {"pg": pg, "pid": pid, "p": patterns[pid],
                                            "overview": links.PATTERNS, "jumps": jumps if pg.first else []})
                for pg in pgs]
    overview = {"patterns": patterns, "page_of": issue_page,
                "used": {pid: (sum(len(es) for _, es in groups), samples(groups)) for pid, groups in used.items()},
                "forms": listed_forms}
    return [(links.PATTERNS, "patterns.md.j2", overview)] + out
