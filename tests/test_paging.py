"""Pages that scale: long listings are cut into pages, no page outgrows 512 KiB, and every link and
anchor still lands."""
from __future__ import annotations

import functools
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb import listings, loader, paging, patterns
from conftest import ROOT, make_project, mkdocs_build, run_kb

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (the benchmark's catalogue generator)

LIMIT = 512 * 1024


class Things(HTMLParser):
    """ids and local hrefs of one page."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") and not re.match(r"[a-z]+:", a["href"]):
            self.hrefs.append(a["href"])


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> Things:
    t = Things()
    t.feed(path.read_text(encoding="utf-8"))
    return t


def _target(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url, _, anchor = href.partition("#")
    if not url:
        return page, anchor
    target = (page.parent / url).resolve()
    return (target / "index.html" if url.endswith("/") or target.is_dir() else target), anchor


def test_a_listing_is_cut_into_whole_entries_in_group_order():
    groups = [("a", list(range(5))), ("b", []), ("c", list(range(5, 12)))]
    pages = paging.paginate("causes.md", groups, per_page=4)
    assert [p.path for p in pages] == ["causes.md", "causes/2.md", "causes/3.md"]
    assert [[(part.key, part.entries, part.starts) for part in p.parts] for p in pages] == [
        [("a", [0, 1, 2, 3], True)],
        [("a", [4], False), ("b", [], True), ("c", [5, 6, 7], True)],
        [("c", [8, 9, 10, 11], False)],
    ]
    assert paging.group_starts(pages) == {"a": "causes.md", "b": "causes/2.md", "c": "causes/2.md"}
    assert paging.paginate("remedies.md", [], per_page=4)[0].path == "remedies.md"  # an empty listing keeps its page


def test_every_entry_of_a_listing_is_placed_on_exactly_one_page():
    cat, _ = loader.load(ROOT)
    place = listings.placement(cat)
    listed = [e.id for _, pages, _ in listings.listings(cat).values()
              for p in pages for part in p.parts for e in part.entries]
    assert len(listed) == len(set(listed)) == len(place)
    expected = set(cat.issues) | set(cat.causes) | set(cat.remedies) | set(cat.criticisms) | set(cat.passages)
    assert set(place) == expected


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    """A synthetic catalogue of 2,000 records, built as a user would build it."""
    source = tmp_path_factory.mktemp("synth-2000")
    synth.write(source, 2000, seed=11)
    project = make_project(tmp_path_factory.mktemp("big"), source / "data")
    site = tmp_path_factory.mktemp("big-site") / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def test_no_page_outgrows_512_kib_at_2000_entries(big_site):
    project, site = big_site
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    over = {p: s for p, s in sizes.items() if s > LIMIT}
    assert over == {}
    assert "causes/2/index.html" in sizes  # the listing really was cut into pages
    assert "patterns/index.html" in sizes and any(p.startswith("patterns/issues/") for p in sizes)


def test_the_patterns_pages_do_not_grow_with_the_catalogue(big_site):
    """A page listing every tagged issue is under 512 KiB at 2,000 entries but not at 10,000 (792 KiB),
    so the size bound alone would not see it grow back: what holds the 句式 pages down is how many
    entries each may list, checked here."""
    project, site = big_site
    cat, _ = loader.load(project)
    overview = _parse(site / "patterns/index.html").hrefs
    shown = [h for h in overview if re.search(r"dimensions/[a-z0-9-]+/(\d+/)?#", h)]
    assert 0 < len(shown) <= patterns.SAMPLES * len(cat.vocab["patterns"])  # the same few at any size
    tags = sum(len(i.patterns) for i in cat.issues.values())
    assert tags > patterns.PER_PAGE  # enough that one page listing them all would be too many
    listed = 0
    for html in (site / "patterns").rglob("index.html"):
        if html.parent == site / "patterns":
            continue
        entries = [h for h in _parse(html).hrefs if re.search(r"/(dimensions/[a-z0-9-]+|causes|remedies)/(\d+/)?#", h)]
        assert len(entries) <= patterns.PER_PAGE, html
        listed += len([h for h in entries if "/dimensions/" in h])
    assert listed == tags  # and every tagged issue is still listed, on the pattern's own page


def test_every_link_and_anchor_on_the_listings_lands(big_site):
    project, site = big_site
    cat, _ = loader.load(project)
    checked = 0
    paths = [pg.path for _, pages, _ in listings.listings(cat).values() for pg in pages]
    for path in paths + [path for path, _, _ in patterns.pages(cat)]:  # and the 句式 section's
        html = site / (path.removesuffix(".md") + "/index.html")
        page = _parse(html)
        for href in page.hrefs:
            target, anchor = _target(site, html, href)
            if target.suffix != ".html" or not target.is_relative_to(site):
                continue
            assert target.is_file(), (html, href)
            if anchor:
                assert anchor in _parse(target).ids, (html, href)
            checked += 1
    assert checked > 1000


def test_group_anchors_from_before_the_split_still_land_on_page_1(big_site):
    project, site = big_site
    cat, _ = loader.load(project)
    first = _parse(site / "causes/index.html").ids
    assert {f"root-{c.root}" for c in cat.causes.values()} <= first
