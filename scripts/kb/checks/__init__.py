"""`kb check`: every rule over the whole catalogue, and `--fix` for the fixable ones.

Rules are declared where they are detected: file and YAML hazards in yamlsrc, shape in schema,
identity in loader, references in refs, text in checks/text, near-duplicates in checks/dupes,
duplicates in substance across dimensions and kinds in checks/similar.
Importing this package imports all of them, so RULES is complete here.
"""
from __future__ import annotations

import functools
import gc
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import loader, model
from ..findings import RULES, Finding, Rule
from ..forked import beside, forkable
from . import dupes, placeholders, roles, similar, text  # noqa: F401  placeholders: its rules register on import


@dataclass
class Result:
    cat: model.Catalogue
    docs: list[loader.Doc]
    findings: list[Finding]
    typos: tuple = ({}, None, [])  # text.typos(): what --fix corrects KB304 with
    # run(later=True): waits for the findings of the rules still running beside (none otherwise)
    pending: Callable[[], list[Finding]] = lambda: []


def all_rules() -> list[Rule]:
    from .. import importer  # noqa: F401  kb import's findings (KB5xx) share the registry and the rules page
    return sorted(RULES.values(), key=lambda r: r.code)


def text_rules(codes: set[str] | None = None) -> list[text.TextRule]:
    return [r for r in text.TEXT_RULES if codes is None or r.code in codes]


def context(kind: str, typos: tuple) -> text.Context:
    return text.Context(kind, typos[0], typos[1])


def run(root: Path, data_dir: Path | None = None, codes: set[str] | None = None,
        parallel: bool = False, later: bool = False) -> Result:
    """Load and check everything; codes limits the work to those rules' families where it can.
    parallel: use two cores (see _run). later (with parallel): return once the catalogue is built,
    with the findings of reading and building it; the rules that look at the built catalogue and
    at the text go on in a forked process, and Result.pending waits for their findings (a build
    generates its pages meanwhile)."""
    # Loading makes hundreds of thousands of small objects and no reference cycles; left on, the
    # cyclic collector rescans the growing heap again and again (a fifth of the time at 10k files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(root, data_dir or root / "data", codes, parallel, later)
    finally:
        if enabled:
            gc.enable()


def _half_read(root: Path, data_dir: Path, files: list, codes: set[str] | None, parallel: bool):
    """Read the files in a forked process and run the text rules on them there; return functions
    that wait for its docs (the parent builds the catalogue with them) and then for its text
    findings. In place where forked.beside would not fork, or if the child dies."""
    def text_findings(docs: list[loader.Doc]) -> list[Finding]:
        rules = text_rules(codes)
        if not rules:
            return []
        typos = text.typos(root, data_dir)
        return [f for doc in docs for f in text.check_doc(doc.data, doc.src, context(doc.kind, typos), rules)]
    if not forkable(parallel):
        docs, found = loader.read_files(files, root)
        return lambda: (docs, found), lambda: text_findings(docs)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        docs, found = loader.read_files(files, root)
        send.send((docs, found))
        send.send(text_findings(docs))
    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    got: list = []

    def wait_docs():
        try:
            got.append(receive.recv())
        except EOFError:  # the child died: do its work here rather than lose the findings
            got.append(loader.read_files(files, root))
        return got[0]

    def wait_text() -> list[Finding]:
        try:
            return receive.recv()
        except EOFError:
            return text_findings(got[0][0])
        finally:
            proc.join()
    return wait_docs, wait_text


def _run(root: Path, data_dir: Path, codes: set[str] | None, parallel: bool, later: bool = False) -> Result:
    # The second half of the files is read, and text-checked, in a second process while this one
    # reads the first half: loading is a quarter of the work at 10,000 files.
    files = loader.sources(root, data_dir)
    half = len(files) // 2
    their_docs, their_text = _half_read(root, data_dir, files[half:], codes, parallel)
    docs, found = loader.read_files(files[:half], root)
    mine = len(docs)
    more_docs, more = their_docs()
    docs += more_docs
    found += loader.stray(root, data_dir, files) + more
    cat, more = loader.build(docs, data_dir)
    found += more
    rules = text_rules(codes)
    typos = text.typos(root, data_dir) if rules else ({}, None, [])
    found += typos[2]

    def on_catalogue() -> list[Finding]:
        """The rules that need the built catalogue, and the text rules of the first half (the rest
        are checked where they were read)."""
        out: list[Finding] = []
        # KB402's pair search, the longest single step (1.5 CPU s at 10,000 entries), runs beside
        # the text rules of the first half and KB401 (0.8 s), which keeps the two processes about
        # equally busy
        near = beside(lambda: similar.check(cat), parallel) if codes is None or "KB402" in codes else lambda: []
        for doc in docs[:mine] if rules else ():
            out += text.check_doc(doc.data, doc.src, context(doc.kind, typos), rules)
        if codes is None or "KB322" in codes:
            out += roles.check(cat)
        if codes is None or "KB401" in codes:
            out += dupes.check(cat)
        return out + near()

    if later and forkable(parallel):
        rest = beside(on_catalogue, parallel)
        # waits once, however often it is asked
        pending = functools.cache(lambda: sorted(set(rest() + their_text())))
        return Result(cat, docs, sorted(set(found)), typos, pending=pending)
    found += on_catalogue() + their_text()
    return Result(cat, docs, sorted(set(found)), typos)


def select(findings: list[Finding], codes: set[str] | None, paths: set[str] | None) -> list[Finding]:
    return [f for f in findings
            if (codes is None or f.code in codes) and (paths is None or f.path in paths)]
