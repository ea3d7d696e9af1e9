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
from ..forked import arrays, beside, forkable
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


# Files a reader takes from the shared list at a time (one lock each time).
_STEP = 32


class _Shares:
    """The files, shared out while they are read: this process takes from the front, the other
    reader from the back, each the next few the other has not taken, so both finish at once
    however the work falls (this one also imports numpy meanwhile)."""

    def __init__(self, files: list, ctx=None):
        self.files = files
        self.bounds = ctx.Array("i", [0, len(files)]) if ctx else None

    def take(self, front: bool) -> list:
        if self.bounds is None:  # one process: all of them, at once
            return [] if not front else self.files
        with self.bounds.get_lock():
            lo, hi = self.bounds[0], self.bounds[1]
            n = min(_STEP, hi - lo)
            if front:
                self.bounds[0] = lo + n
                return self.files[lo:lo + n]
            self.bounds[1] = hi - n
            return self.files[hi - n:hi]

    def theirs(self) -> list:
        """Once this process has taken its last: the files the other reader took."""
        return self.files[self.bounds[0]:] if self.bounds is not None else []

    def read(self, root: Path, data_dir: Path, front: bool,
             each: Callable[[list[loader.Doc], list[Finding]], None] = lambda docs, found: None,
             ) -> tuple[list[loader.Doc], list[Finding]]:
        """Read (and validate) files as taken until none is left; the docs in the files' order.
        each: called with every few read (the other reader sends them on as it goes)."""
        parts = []
        while chunk := self.take(front):
            parts.append(loader.read_files(chunk, root, data_dir))
            each(*parts[-1])
            if self.bounds is None:
                break
        docs, found = [], []
        for d, f in parts if front else reversed(parts):
            docs += d
            found += f
        return docs, found


def _widen(conn) -> None:
    """Let a pipe hold a megabyte, not 64 KiB (Linux; elsewhere it stays as it is): the other
    reader goes on reading while this process imports numpy, instead of waiting for it to drain."""
    try:
        import fcntl
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


def _other_reader(root: Path, data_dir: Path, shares: _Shares, codes: set[str] | None):
    """Read files from the back of the shares in a forked process, validating each against its
    schema, and then check their text and look for stray files there. Returns three functions:
    one this process calls between its own files, to take in what the other has sent so far;
    one that waits for the rest of the other's docs (this process builds the catalogue with them);
    one that waits for the other's findings. Without shares to take from (no fork) the other
    reader's part is only to look for stray files; if the child dies, its files are read here."""
    def rest(docs: list[loader.Doc]) -> list[Finding]:
        found = loader.stray(root, data_dir, shares.files)
        rules = text_rules(codes)
        if not rules or not docs:
            return found
        typos = text.typos(root, data_dir)
        return found + [f for doc in docs for f in text.check_doc(doc.data, doc.src, context(doc.kind, typos), rules)]
    if shares.bounds is None:
        return lambda *_: None, lambda: ([], []), lambda: rest([])
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    _widen(send)

    def child() -> None:
        # as plain tuples (a tenth of the time pickled Docs take to arrive), a few files at a
        # time: the parent takes them in between its own, and nothing is left to send at the end
        docs, _ = shares.read(root, data_dir, front=False, each=lambda d, f: send.send((loader.pack(d), f)))
        send.send(None)
        send.send(rest(docs))
    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    parts: list = []
    state = {"done": False, "dead": False}

    def take_in(block: bool) -> None:
        try:
            while not state["done"] and (block or receive.poll()):
                message = receive.recv()
                if message is None:
                    state["done"] = True
                else:
                    parts.append((loader.unpack(message[0]), message[1]))
        except EOFError:  # the child died: its files are read here (wait_docs)
            state["done"] = state["dead"] = True
    got: list = []

    def wait_docs():
        take_in(block=True)
        if state["dead"]:
            got.append(loader.read_files(shares.theirs(), root, data_dir))
        else:  # they came from the back: the last sent is the first in the files' order
            docs, found = [], []
            for d, f in reversed(parts):
                docs += d
                found += f
            got.append((docs, found))
        return got[0]

    def wait_rest() -> list[Finding]:
        try:
            if state["dead"]:
                raise EOFError
            return receive.recv()
        except EOFError:
            return rest(got[0][0])
        finally:
            proc.join()
    return lambda *_: take_in(block=False), wait_docs, wait_rest


def _run(root: Path, data_dir: Path, codes: set[str] | None, parallel: bool, later: bool = False) -> Result:
    # The files are read (and validated, and text-checked) by two processes, each taking the next
    # few the other has not: loading is a quarter of the work at 10,000 files.
    shares = _Shares(loader.sources(root, data_dir), multiprocessing.get_context("fork") if forkable(parallel) else None)
    take_in, their_docs, their_rest = _other_reader(root, data_dir, shares, codes)
    if codes is None or codes & {"KB401", "KB402"}:
        arrays()  # here, while the other process reads: then every process forked later has them
    docs, found = shares.read(root, data_dir, front=True, each=take_in)
    mine = len(docs)
    more_docs, more = their_docs()
    docs += more_docs
    found += more
    cat, more = loader.build(docs, data_dir)
    found += more
    rules = text_rules(codes)
    typos = text.typos(root, data_dir) if rules else ({}, None, [])
    found += typos[2]

    def on_catalogue() -> list[Finding]:
        """The rules that need the built catalogue, and the text rules of the files this process
        read (the other reader checks those it read)."""
        out: list[Finding] = []
        # KB402's pair search (0.7 CPU s at 10,000 entries) runs beside the text rules of this
        # process's files (0.4 s) and KB401 (0.45 s), while the other reader finishes the text
        # rules of its own
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
        pending = functools.cache(lambda: sorted(set(rest() + their_rest())))
        return Result(cat, docs, sorted(set(found)), typos, pending=pending)
    found += on_catalogue() + their_rest()
    return Result(cat, docs, sorted(set(found)), typos)


def select(findings: list[Finding], codes: set[str] | None, paths: set[str] | None) -> list[Finding]:
    return [f for f in findings
            if (codes is None or f.code in codes) and (paths is None or f.path in paths)]
