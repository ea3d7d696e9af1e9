"""Nothing lost: every change the importer makes is an Edit, and the report it writes plus those
edits give back the input, character for character apart from whitespace. The check runs on the
written file, not on the importer's own bookkeeping, so a slip anywhere in between is caught.

Two stages of edits are kept apart because they apply to different texts: cleaning edits the raw
text (noise out, placeholders unified, punctuation made full-width) into the clean text; the
structure stage edits the clean text (punctuation at a split, items that become references).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..checks.text import _WS as WHITESPACE  # the same whitespace `kb check` tidies away


@dataclass(frozen=True)
class Edit:
    """Characters start:end of a text replaced by new (an empty new removes them)."""

    start: int
    end: int
    new: str
    old: str
    reason: str  # a key of reasons.REASONS


def squeeze(text: str) -> str:
    return WHITESPACE.sub("", text)


class Ledger:
    """The edits of one stage, never overlapping, so applying them is unambiguous."""

    def __init__(self, text: str):
        self.text = text
        self.edits: list[Edit] = []
        self._starts: list[int] = []

    def _clashes(self, start: int, end: int) -> bool:
        n = bisect.bisect_left(self._starts, start)
        for e in self.edits[max(0, n - 1):n + 1]:
            if start < e.end and e.start < end:
                return True
            if (start == end or e.start == e.end) and e.start <= end and start <= e.end:
                return True  # an insertion touching another edit: which comes first would be a guess
        return False

    def add(self, start: int, end: int, new: str, reason: str) -> bool:
        """Record an edit; False (and nothing recorded) where it would overlap one already made."""
        old = self.text[start:end]
        if old == new or self._clashes(start, end):
            return False
        n = bisect.bisect_left(self._starts, start)
        self.edits.insert(n, Edit(start, end, new, old, reason))
        self._starts.insert(n, start)
        return True

    def drop(self, start: int, end: int) -> None:
        """Forget the edits inside start:end (a span about to be replaced whole)."""
        keep = [e for e in self.edits if not (start <= e.start and e.end <= end)]
        self.edits, self._starts = keep, [e.start for e in keep]

    def blanked(self) -> str:
        """The text with every edited span replaced by spaces of the same length: detectors that
        run later see positions unchanged and no longer see what has been dealt with."""
        parts, i = [], 0
        for e in self.edits:
            parts += [self.text[i:e.start], " " * (e.end - e.start)]
            i = e.end
        return "".join(parts) + self.text[i:]

    def apply(self) -> tuple[str, list[int]]:
        """The edited text and, for each of its characters, the index in the text it came from
        (an inserted character maps to where it was inserted)."""
        parts: list[str] = []
        origin: list[int] = []
        i = 0
        for e in self.edits:
            parts += [self.text[i:e.start], e.new]
            origin += [*range(i, e.start), *[e.start] * len(e.new)]
            i = e.end
        parts.append(self.text[i:])
        origin += range(i, len(self.text))
        return "".join(parts), origin


def anchors(text: str, edits: list[Edit]) -> list[int]:
    """For each edit, how many non-space characters of the edited text stand before its new text."""
    out, n, i = [], 0, 0
    for e in edits:
        n += len(squeeze(text[i:e.start]))
        out.append(n)
        n += len(squeeze(e.new))
        i = e.end
    return out


class Mismatch(Exception):
    """The written report and the removed list do not give back the input."""

    def __init__(self, offset: int, expected: str, got: str):
        super().__init__(f"第 {offset + 1} 个非空白字符处：原文是“{expected}”，还原出的是“{got}”")
        self.offset = offset


def restore(out: str, edits: list[Edit], at: list[int]) -> str:
    """Undo edits on whitespace-free output: each edit's new text, found where the anchor says,
    is replaced by the old text it stands for."""
    parts, i = [], 0
    for e, n in zip(edits, at):
        new = squeeze(e.new)
        if n < i or out[n:n + len(new)] != new:
            raise Mismatch(n, new, out[n:n + len(new)])
        parts += [out[i:n], squeeze(e.old)]
        i = n + len(new)
    parts.append(out[i:])
    return "".join(parts)


def prove(written: str, stages: list[tuple[str, list[Edit]]]) -> int:
    """Check that the written text, with each stage's edits undone from the last stage back to the
    first, is the first stage's text (whitespace aside). stages: (text the stage edited, its edits).
    Returns the number of non-space characters accounted for; raises Mismatch otherwise."""
    text = squeeze(written)
    for source, edits in reversed(stages):
        text = restore(text, edits, anchors(source, edits))
        want = squeeze(source)
        if text != want:
            n = next((k for k, (a, b) in enumerate(zip(want, text)) if a != b), min(len(want), len(text)))
            raise Mismatch(n, want[n:n + 12], text[n:n + 12])
    return len(text)
