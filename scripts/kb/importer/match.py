"""Items against the catalogue: the entry an item repeats (bigram Dice, the measure and threshold
of KB401), or a ready-to-edit new entry built from its text."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import new
from ..checks.dupes import dice, grams
from ..model import Catalogue, Entry

KIND = {"problems": "issue", "causes": "cause", "remedies": "remedy"}  # what an item may cite
NEAREST = 0.5  # below the threshold, a nearest entry this similar is still worth a look
_STOP = re.compile(r"[。！？!?]")
_EXAMPLE = re.compile(r"(?:(?<=[。；;，,])|^)(?:再比如|比如|例如|譬如)")


@dataclass(frozen=True)
class Match:
    id: str
    score: float


class Matcher:
    def __init__(self, cat: Catalogue):
        self.cat = cat
        self.grams = {kind: [(e.id, grams(e.text)) for e in sorted(cat.table(kind).values(), key=lambda e: e.id)]
                      for kind in KIND.values()}

    def nearest(self, text: str, kind: str) -> Match | None:
        g = grams(text)
        scored = sorted((-dice(g, eg), ident) for ident, eg in self.grams[kind])
        if not scored or -scored[0][0] < NEAREST:
            return None
        return Match(scored[0][1], -scored[0][0])

    def entry(self, kind: str, ident: str) -> Entry:
        return self.cat.table(kind)[ident]


def sep(text: str, title: str) -> str:
    """The mark after the headline where the report wrote one other than 。 (the item's `sep`)."""
    if text.startswith(title) and len(text) > len(title) and text[len(title)] in "，：；":
        return text[len(title)]
    return ""


def split(text: str) -> tuple[str, str, str]:
    """(headline, body, example) of an item's text: the headline is its first sentence (its first
    clause when that sentence is long), the example starts at 比如/例如."""
    m = _STOP.search(text)
    head = text[:m.start()] if m else text
    if len(head) > 40 and "，" in head[:40]:
        head = head[:head.index("，")]
    rest = text[len(head) + 1:] if len(head) < len(text) else ""
    ex = _EXAMPLE.search(rest)
    body, example = (rest[:ex.start()], rest[ex.start():]) if ex else (rest, "")
    if not body.strip("。！？!?") and "，" in head:  # one sentence only: its first clause heads it
        head, body = head[:head.index("，")], head[head.index("，") + 1:] + "。"
    if body and body[-1] in "；;，,":
        body = body[:-1] + "。"
    return head, body, example


def suggest_root(title: str, cat: Catalogue) -> str:
    """The cause root whose name the title shares most with (理论学习有所松懈 → theory)."""
    g = grams(title)
    scored = [(len(g & grams(t.name)) / len(grams(t.name)), t.id) for t in cat.vocab.get("roots", {}).values()]
    best = max(scored, default=(0, ""))
    return best[1] if best[0] > 0.5 else ""


class Numberer:
    """The next free ids, one after another: kb new's numbering, continued across candidates."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.taken: dict[str, int] = {}

    def next(self, kind: str, dimension: str) -> str:
        prefix = dimension if kind == "issue" else kind
        if prefix not in self.taken:
            self.taken[prefix] = int(new.next_id(self.data_dir, kind, dimension).rsplit("-", 1)[1]) - 1
        self.taken[prefix] += 1
        return f"{prefix}-{self.taken[prefix]:03d}"


def draft(kind: str, text: str, dimension: str, level: str, numberer: Numberer, cat: Catalogue) -> dict:
    """A new entry's fields, in the order kb new writes them, ready to be saved as its file."""
    head, body, example = split(text)
    if kind != "issue" or not dimension:
        body, example = body + example, ""
    ident = numberer.next(kind, dimension) if kind != "issue" or dimension else ""
    out: dict = {"id": ident}
    if kind == "issue":
        out |= {"dimension": dimension, "headline": head, "body": body}
        if example:
            out["example"] = example
    else:
        out |= {"title": head, "body": body}
    if kind == "cause":
        out["root"] = suggest_root(head, cat)
    out["levels"] = [level] if level else []
    if kind == "issue":
        out |= {"patterns": [], "terms": [], "causes": [], "remedies": []}
    return out
