"""Where every entry lives in the generated docs tree, and relative links between pages.

Links are written as relative .md paths so MkDocs resolves and validates them (a broken link
or anchor fails `mkdocs build --strict`), and any other mkdocs.yml-compatible engine can too.
"""
from __future__ import annotations

import posixpath
from functools import lru_cache

from markupsafe import Markup

from .meeting import Criticism, Passage
from .model import Entry, Issue, Cause, Remedy, Report, Framework, Dimension

HOME = "index.md"
FRAMEWORKS = "frameworks/index.md"
DIMENSIONS = "dimensions/index.md"
CAUSES = "causes.md"
REMEDIES = "remedies.md"
PATTERNS = "patterns.md"
REPORTS = "reports/index.md"
PHRASES = "phrases.md"
CRITICISMS = "criticisms.md"
PASSAGES = "passages.md"


def page_of(entry: Entry) -> str:
    if isinstance(entry, Issue):
        return f"dimensions/{entry.dimension}.md"
    if isinstance(entry, Cause):
        return CAUSES
    if isinstance(entry, Remedy):
        return REMEDIES
    if isinstance(entry, Criticism):
        return CRITICISMS
    if isinstance(entry, Passage):
        return PASSAGES
    if isinstance(entry, Report):
        return f"reports/{entry.id}.md"
    if isinstance(entry, Framework):
        return f"frameworks/{entry.id}.md"
    if isinstance(entry, Dimension):
        return f"dimensions/{entry.id}.md"
    raise TypeError(type(entry))


@lru_cache(maxsize=1 << 16)  # pages × link targets: a few thousand pairs
def _relative(target: str, page: str) -> str:
    """target relative to page's folder (the same few pairs recur thousands of times)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


class Linker:
    """Relative links from one page; used by templates as `to`. Links are built from ids, which the
    schema restricts to [a-z0-9-] (a build refuses any other), and page paths of our own."""

    def __init__(self, page: str, place: dict[str, str] | None = None):
        self.page = page
        self.place = place or {}  # entry id → page, for listings cut into pages (listings.placement)

    def path(self, target: str, anchor: str = "") -> str:
        rel = _relative(target, self.page)
        # safe as it is (not escaped in templates): page paths are ours, anchors are checked ids
        return Markup(rel + (f"#{anchor}" if anchor else ""))

    def entry(self, e: Entry, anchor: str | None = None) -> str:
        """Link to an entry; issues, causes and remedies by their anchor on the page that lists them."""
        target = self.place.get(e.id) or page_of(e)
        if anchor is None:
            anchor = e.id if isinstance(e, (Issue, Cause, Remedy, Criticism, Passage)) else ""
        return self.path(target, anchor)

    def heading(self, f: Framework, number: int) -> str:
        return self.path(page_of(f), f"h-{number}")

    def in_report(self, r: Report, entry_id: str) -> str:
        return self.path(page_of(r), entry_id)
