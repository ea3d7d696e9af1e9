"""Listing pages that grow with the catalogue, cut into pages of at most PER_PAGE entries.

A listing is a sequence of groups (a cause root, a level, a criticism target and dimension, …),
each a list of entries. Pages hold whole entries in group order; a group that does not fit is
continued on the next page under the same heading. Page 1 keeps the listing's path (causes.md), so
links from before the split still land; page n is written beside it (causes/2.md).

A continued group's heading carries the group's anchor plus "-cont" (root-theory-cont), so a page
never gets an id of Markdown's own making. Every group anchor (root-theory, level-team, …) stays reachable from page 1: a group that starts on
a later page gets an anchor in page 1's index that links on to it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# About 100 cards of the largest kind stay well under 512 KiB of HTML with the site's chrome.
PER_PAGE = 100


@dataclass
class Part:
    """One group's entries on one page."""

    key: object
    entries: list
    starts: bool  # the group begins on this page (its heading carries the group's anchor)


@dataclass
class Page:
    path: str
    number: int
    paths: list[str] = field(default_factory=list)  # every page of the listing, in order
    parts: list[Part] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.paths)

    @property
    def first(self) -> bool:
        return self.number == 1


def page_path(base: str, number: int) -> str:
    """causes.md, causes/2.md, causes/3.md …"""
    return base if number == 1 else f"{base.removesuffix('.md')}/{number}.md"


def page_number(path: str) -> int:
    """The page number a listing page's path carries (1 for the base path)."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".md")
    return int(stem) if stem.isdigit() else 1


def is_continuation(path: str) -> bool:
    """Page 2 and later of a listing: not in the nav (page 1 links to them)."""
    return page_number(path) > 1


def paginate(base: str, groups: list[tuple[object, list]], per_page: int = PER_PAGE) -> list[Page]:
    """The listing's pages; always at least one, so an empty listing still has its page."""
    pages = [Page(base, 1)]
    room = per_page
    for key, entries in groups:
        rest, starts = list(entries), True
        while rest or starts:
            if room == 0:
                pages.append(Page(page_path(base, len(pages) + 1), len(pages) + 1))
                room = per_page
            take, rest = rest[:room], rest[room:]
            pages[-1].parts.append(Part(key, take, starts))
            room -= len(take)
            starts = False
            if not rest:
                break
    paths = [p.path for p in pages]
    for p in pages:
        p.paths = paths
    return pages


def group_starts(pages: list[Page]) -> dict[object, str]:
    """{group key: path of the page where the group begins}."""
    return {part.key: page.path for page in pages for part in page.parts if part.starts}


def placement(pages: list[Page]) -> dict[str, str]:
    """{entry id: path of the page that shows it}."""
    return {e.id: page.path for page in pages for part in page.parts for e in part.entries}
