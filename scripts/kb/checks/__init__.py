"""`kb check`: every rule over the whole catalogue, and `--fix` for the fixable ones.

Rules are declared where they are detected: file and YAML hazards in yamlsrc, shape in schema,
identity in loader, references in refs, text in checks/text, near-duplicates in checks/dupes,
duplicates in substance across dimensions and kinds in checks/similar.
Importing this package imports all of them, so RULES is complete here.
"""
from __future__ import annotations

import gc
import multiprocessing
from dataclasses import dataclass
from pathlib import Path

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


def all_rules() -> list[Rule]:
    from .. import importer  # noqa: F401  kb import's findings (KB5xx) share the registry and the rules page
    return sorted(RULES.values(), key=lambda r: r.code)


def text_rules(codes: set[str] | None = None) -> list[text.TextRule]:
    return [r for r in text.TEXT_RULES if codes is None or r.code in codes]


def context(kind: str, typos: tuple) -> text.Context:
    return text.Context(kind, typos[0], typos[1])


def run(root: Path, data_dir: Path | None = None, codes: set[str] | None = None,
        parallel: bool = False) -> Result:
    """Load and check everything; codes limits the work to those rules' families where it can.
    parallel: use two cores (see _run)."""
    # Loading makes hundreds of thousands of small objects and no reference cycles; left on, the
    # cyclic collector rescans the growing heap again and again (a fifth of the time at 10k files).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(root, data_dir or root / "data", codes, parallel)
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


def _run(root: Path, data_dir: Path, codes: set[str] | None, parallel: bool) -> Result:
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
    near_dupes = codes is None or "KB401" in codes
    same_idea = codes is None or "KB402" in codes
    # KB402's pair search, the longest single step (1.5 CPU s at 10,000 entries), runs beside the
    # text rules of the first half and KB401 (0.8 s), which keeps the two processes about equally
    # busy; the second half's text rules ran where those files were read.
    near = beside(lambda: similar.check(cat) if same_idea else [], parallel)
    rules = text_rules(codes)
    typos = text.typos(root, data_dir) if rules else ({}, None, [])
    if rules:
        found += typos[2]
        for doc in docs[:mine]:  # the rest are checked where they were read
            found += text.check_doc(doc.data, doc.src, context(doc.kind, typos), rules)
    if codes is None or "KB322" in codes:
        found += roles.check(cat)
    if near_dupes:
        found += dupes.check(cat)
    found += their_text()
    found += near()
    return Result(cat, docs, sorted(set(found)), typos)


def select(findings: list[Finding], codes: set[str] | None, paths: set[str] | None) -> list[Finding]:
    return [f for f in findings
            if (codes is None or f.code in codes) and (paths is None or f.path in paths)]
