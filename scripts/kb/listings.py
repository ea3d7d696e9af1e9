"""Which listing pages grow with the catalogue, how each is grouped, and where every entry lands.

pages.render_all renders each listing page by page; links and the phrase index ask `placement`
which page shows an entry, so a link never points at page 1 for an entry that moved to page 3.
"""
from __future__ import annotations

from . import links, meeting, paging
from .model import Catalogue


Listing = tuple[str, list[paging.Page], list[tuple[str, str, str]]]


def listings(cat: Catalogue) -> dict[str, Listing]:
    """{base path: (template, pages, jumps)} for every paged listing, in site order. jumps are
    (anchor, label, page) for the groups that begin after page 1: page 1 keeps their anchors.
    Computed once per catalogue: the pages render them and placement reads them."""
    cached = getattr(cat, "_listings", None)
    if cached is None:
        cached = cat._listings = _paginate(cat)
    return cached


def _paginate(cat: Catalogue) -> dict[str, Listing]:
    vocab = cat.vocab
    out: dict[str, Listing] = {}

    def add(base, template, groups, anchors):
        pages = paging.paginate(base, groups)
        jumps = [(anchor, label, path) for key, path in paging.group_starts(pages).items() if path != base
                 for anchor, label in anchors(key)]
        out[base] = (template, pages, jumps)

    levels = vocab.get("levels", {})
    for d in cat.sorted_dimensions():
        add(links.page_of(d), "dimension.md.j2", cat.issues_by_level(d.id),
            lambda lv: [(f"level-{lv}", f"{levels[lv].name}的问题表述")])
    roots = vocab.get("roots", {})
    causes = [(rid, sorted((c for c in cat.causes.values() if c.root == rid), key=lambda c: c.id)) for rid in roots]
    add(links.CAUSES, "causes.md.j2", [(k, v) for k, v in causes if v], lambda rid: [(f"root-{rid}", roots[rid].name)])
    add(links.REMEDIES, "remedies.md.j2", [(None, sorted(cat.remedies.values(), key=lambda r: r.id))], lambda k: [])
    targets, by_target = vocab.get("targets", {}), meeting.criticisms_by_target(cat)
    first = {target: dims[0][0] for target, dims in by_target}

    def target_anchors(key):
        target, did = key
        head = [(f"target-{target}", f"对{targets[target].name}")] if first[target] == did else []
        return head + [(f"target-{target}-{did}", f"对{targets[target].name}·{cat.dimensions[did].name}")]

    add(links.CRITICISMS, "criticisms.md.j2",
        [((target, did), items) for target, dims in by_target for did, items in dims], target_anchors)
    parts = vocab.get("parts", {})
    add(links.PASSAGES, "passages.md.j2", meeting.passages_by_part(cat), lambda p: [(f"part-{p}", parts[p].name)])
    return out


def placement(cat: Catalogue) -> dict[str, str]:
    """{entry id: page that shows it} for every entry on a paged listing (computed once per catalogue)."""
    cached = getattr(cat, "_placement", None)
    if cached is None:
        cached = {}
        for _, pages, _ in listings(cat).values():
            cached.update(paging.placement(pages))
        cat._placement = cached
    return cached
