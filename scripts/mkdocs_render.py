"""MkDocs adapter, second part: the generated pages' Markdown rendered on two cores.

MkDocs renders pages one after another. Rendering our generated pages' Markdown is about half of a
build (the cards, links and headings of 10,000 entries), so `mkdocs build` renders them when the
nav is ready (on_nav), in this process and a forked one at once. Both render exactly as MkDocs
would (the same Page.render, with the same config and files); the forked one sends back what a
render leaves on a page: the HTML, the table of contents, the title, the anchors, the links to
other pages' anchors, and the warnings it logged, which are logged again here, so `--strict`
counts them and they are printed once. MkDocs' own render of those pages then has nothing to do.

Rendering stays in one process when a fork is unsafe or useless: under `mkdocs serve` (its server
runs in threads), where the platform cannot fork or the machine has one core, and when a plugin
changes pages before rendering (on_pre_page, on_page_markdown), which the forked process would skip.
If the forked process dies, its pages are rendered here: the site is the same either way.
"""
from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import re
import threading
from typing import Iterable

from markdown import Extension
from markdown.inlinepatterns import DelimiterProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from mkdocs.structure.pages import Page

from kb.forked import beside, forkable

_MKDOCS = logging.getLogger("mkdocs")


def usable(config) -> bool:
    """Whether a forked process may render pages for this build."""
    if not forkable(threading.active_count() == 1):
        return False
    events = config.plugins.events
    return not events["pre_page"] and not events["page_markdown"]


class _Keep(logging.Handler):
    """In the forked process: keeps what is logged, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


def _render_one(page: Page, config, files) -> None:
    """What _populate_page does to render a page (no plugin changes pages before: usable())."""
    config._current_page = page
    try:
        page.read_source(config)
        page.render(config, files)
    finally:
        config._current_page = None


def _render(pages: list[Page], take, config, files) -> dict:
    """The forked process: render the pages it takes; what each render left on its page."""
    gc.disable()  # short-lived, makes many objects and no cycles worth collecting
    keep = _Keep()
    _MKDOCS.handlers = [keep]  # nothing printed from here: the parent logs each record once
    out = {}
    while (n := take()) is not None:
        page, keep.records = pages[n], []
        _render_one(page, config, files)
        links = page.links_to_anchors
        out[page.file.src_uri] = (
            page.content, page.toc, page._title_from_render, page.present_anchor_ids,
            None if links is None else {f.src_uri: v for f, v in links.items()},
            keep.records,
        )
    return out


def _put(page: Page, got: tuple, files) -> None:
    """A render's result from the forked process, on this process's page; its warnings logged."""
    page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, records = got
    if links is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): v for uri, v in links.items()}
    for record in records:
        logging.getLogger(record.name).handle(record)


def _rendered(page: Page, config, files) -> None:
    """Page.render for a page rendered already: nothing left to do this build."""
    del page.render  # a later build (mkdocs serve) renders it as usual


def render(files, config, generated: Iterable[str]) -> None:
    """Render the generated pages now, on two cores, so that MkDocs finds each one done. The
    pages are lined up largest first; the forked process takes from the front, this one from the
    back, each the next page the other has not taken, so both finish within a page of each other
    (and a given page always goes to the same side)."""
    ours = set(generated)
    pages = []
    for f in files.documentation_pages():
        if f.src_uri in ours:
            if f.page is None:  # off the nav: MkDocs would make its Page when it reaches it
                Page(None, f, config)
            pages.append(f.page)
    if not pages:
        return
    pages.sort(key=lambda p: len(p.file.content_string), reverse=True)
    ctx = multiprocessing.get_context("fork")
    ends = ctx.Array("i", [0, len(pages) - 1])  # the first and the last page nobody has taken

    def take(side: int):
        """The next page from the front (side 0) or the back (side 1), or None: all are taken."""
        with ends.get_lock():
            if ends[0] > ends[1]:
                return None
            n = ends[side]
            ends[side] += 1 if side == 0 else -1
            return n

    # usable() said the fork is safe; if the forked process dies, what it took is rendered here
    wait = beside(functools.partial(_render, pages, functools.partial(take, 0), config, files), True, lost=dict)
    mine = set()
    while (n := take(1)) is not None:
        _render_one(pages[n], config, files)
        mine.add(n)
    theirs = wait()
    for n, page in enumerate(pages):
        if n not in mine:
            got = theirs.get(page.file.src_uri)
            if got is None:
                _render_one(page, config, files)
            else:
                _put(page, got, files)
        page.render = functools.partial(_rendered, page)


# A card (templates/_macros.md.j2 `card`) is one line of finished HTML between blank lines, with no
# id or name in it: the anchor is the Markdown heading above it.
_CARD = re.compile(r'<div class="kb-entry kb-[a-z-]+" data-id="[a-z0-9-]+">.*</div>')
_BLANK = re.compile(r" *")


class _Cards(Preprocessor):
    """Stash each card's line as Markdown's raw-HTML step would (the same stash entry, the same
    placeholder paragraph), before MkDocs and Markdown each parse the whole page as HTML: cards
    are most of a generated page's bytes, and parsing them twice was a fifth of a build."""

    def __init__(self, md, applies):
        super().__init__(md)
        self.applies = applies

    def run(self, lines: list[str]) -> list[str]:
        if not self.applies():
            return lines
        out, last = [], len(lines) - 1
        for n, line in enumerate(lines):
            if (_CARD.fullmatch(line) and ' id="' not in line and ' name="' not in line
                    and (n == 0 or _BLANK.fullmatch(lines[n - 1]))
                    and (n == last or _BLANK.fullmatch(lines[n + 1]))):
                # Markdown keeps the line break of a block a blank line follows (at the very end,
                # the output is stripped)
                out += ["", self.md.htmlStash.store(line + "\n"), ""]
            else:
                out.append(line)
        return out


# Markdown's own inline patterns, and what any text they match contains.
_NEEDS = {"backtick": ("`",), "escape": ("\\",), "reference": ("[",), "link": ("[",), "short_reference": ("[",),
          "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",), "autolink": ("<",),
          "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",)}


class _Unused(Preprocessor):
    """Leave out the inline patterns that cannot match anything on this page. Markdown tries each
    of its inline patterns on every piece of text; a generated page's text is catalogue text
    escaped to character references, links and headings, so most patterns never match, and trying
    them was a third of rendering it. Runs after the raw HTML is stashed: what inline patterns see
    is in the lines left. (Only with Markdown's own raw-HTML step: md_in_html would parse stashed
    HTML as Markdown later.)"""

    def __init__(self, md, applies):
        super().__init__(md)
        self.applies = applies

    def run(self, lines: list[str]) -> list[str]:
        if not self.applies() or type(self.md.preprocessors["html_block"]) is not HtmlBlockPreprocessor:
            return lines
        text = "\n".join(lines)
        patterns = self.md.inlinePatterns
        for name, needs in _NEEDS.items():
            if name in patterns and not any(n in text for n in needs):
                patterns.deregister(name)
        delims = self.md.delimiters
        if ("em_strong" in patterns and isinstance(delims, DelimiterProcessor) and patterns["em_strong"] is delims
                and not any(t in text for t in delims.tokens)):
            patterns.deregister("em_strong")
        return lines


class Cards(Extension):
    """The _Cards and _Unused steps, for the generated pages only (hand-written pages render as
    ever)."""

    def __init__(self, config, generated: Iterable[str]):
        super().__init__()
        self.mkdocs, self.generated = config, generated

    def _applies(self) -> bool:
        page = getattr(self.mkdocs, "_current_page", None)
        return page is not None and page.file.src_uri in self.generated

    def extendMarkdown(self, md) -> None:  # noqa: N802  Markdown's name
        # before MkDocs' anchor scan of raw HTML (21) and Markdown's html_block (20)
        md.preprocessors.register(_Cards(md, self._applies), "kb_cards", 25)
        md.preprocessors.register(_Unused(md, self._applies), "kb_unused_inline", 10)  # after them
