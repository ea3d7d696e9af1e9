"""The report's errata: what cleaning and splitting changed, in the form the curated reports use."""
from __future__ import annotations

import bisect

from .ledger import Edit, squeeze
from .reasons import REASONS

CONTEXT = 6


class Locator:
    """Where in the report a position of the clean text ended up: title, opening, an entry id, a label."""

    def __init__(self, places: list[tuple[int, int, str]]):
        self.places = sorted(places)
        self.starts = [p[0] for p in self.places]

    def __call__(self, pos: int) -> str:
        k = bisect.bisect_right(self.starts, pos) - 1
        if k >= 0 and pos <= self.places[k][1]:
            return self.places[k][2]
        return ""


def _around(text: str, a: int, b: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, a) + 1
    line_end = text.find("\n", b)
    line_end = len(text) if line_end < 0 else line_end
    return squeeze(text[max(line_start, a - CONTEXT):a]), squeeze(text[b:min(line_end, b + CONTEXT)])


def _quoted(edit: Edit, clean: str, at: int, where: str) -> dict:
    """One erratum quoting the change with a little of the clean text around it."""
    before, after = _around(clean, at, at + len(edit.new))
    if edit.reason == "split":
        after = ""
    out = {"original": f"{before}{squeeze(edit.old)}{after}", "corrected": f"{before}{edit.new}{after}",
           "reason": REASONS[edit.reason].why}
    if where:
        out["where"] = where
    return out


def build(cleaning: list[Edit], origin: list[int], clean: str, structure: list[Edit],
          locate: Locator, refs: set[str]) -> list[dict]:
    """cleaning: edits of the raw text (origin maps the clean text back to it); structure: edits
    of the clean text. Changes inside an item that became a reference are left out: the entry's
    own text is what the page shows there."""
    quoted: list[tuple[int, dict]] = []
    groups: dict[str, list[int]] = {}
    for stage, edits in (("clean", cleaning), ("structure", structure)):
        for e in edits:
            reason = REASONS[e.reason]
            if not reason.errata or not squeeze(e.old + e.new):
                continue
            at = bisect.bisect_left(origin, e.start) if stage == "clean" else e.start
            if reason.errata == "group":
                groups.setdefault(e.reason, []).append(at)
                continue
            where = locate(at)
            if where in refs:
                continue
            quoted.append((at, _quoted(e, clean, at, where)))
    for key, positions in groups.items():
        r = REASONS[key]
        quoted.append((positions[0], {"original": r.described.format(n=len(positions)), "corrected": r.corrected,
                                      "reason": r.why}))
    return [e for _, e in sorted(quoted, key=lambda p: p[0])]
