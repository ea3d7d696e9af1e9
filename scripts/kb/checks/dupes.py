"""KB401 near-duplicates: two entries of one kind that say the same thing in nearly the same words.

Similarity is the Dice coefficient of the two texts' sets of character bigrams (punctuation and
spaces ignored): 2·|A∩B| / (|A|+|B|). Comparing every pair is quadratic, so candidate pairs come
from prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007): two
sets can only reach the threshold if they share a bigram among each one's rarest few, so only
those are indexed, and a set is compared only with the sets its rarest bigrams lead to. The
result is exact, not sampled.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from itertools import chain, repeat
from operator import add

from ..findings import Finding, finding, rule
from ..model import Catalogue, Entry

THRESHOLD = 0.85
KINDS = ("issue", "cause", "remedy", "criticism", "passage")
# the field a finding points at: where the entry's text is written
_TEXT_FIELD = {"criticism": "text", "passage": "text"}

rule("KB401", "warning", "与另一条目近似重复",
     f"文字相似度达 {round(THRESHOLD * 100)}% 以上：若说的是一回事，合并为一条；若不同，改写得能看出区别。")

_NOISE = re.compile(r"[\W_]+")


def text_of(e: Entry) -> str:
    return " ".join(filter(None, (e.title, getattr(e, "body", ""))))


def grams(text: str) -> frozenset[str]:
    t = _NOISE.sub("", text)
    return frozenset(map(add, t, t[1:])) or frozenset([t])


def dice(a: frozenset, b: frozenset) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def similar_pairs(texts: dict[str, str], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, twin id, score) for every pair at or above the threshold; the first id sorts after the twin."""
    sets = {k: grams(t) for k, t in texts.items()}
    freq = Counter(chain.from_iterable(sets.values()))
    # number the bigrams rarest first: one total order, the same for every set
    rank = {g: n for n, g in enumerate(sorted(freq, key=freq.__getitem__))}
    jac = threshold / (2 - threshold)  # the Jaccard bound equivalent to this Dice bound
    index: dict[int, list[str]] = {}
    out = []
    # sets are visited smallest first, so every set already indexed is no larger than the current one
    for key in sorted(sets, key=lambda k: (len(sets[k]), k)):
        s = sets[key]
        ordered = sorted(map(rank.__getitem__, s))
        n = len(ordered)
        least = jac * n  # a smaller set cannot reach the threshold (size filter)
        probe = ordered[:n - math.ceil(jac * n) + 1]
        for other in set(chain.from_iterable(map(index.get, probe, repeat((), len(probe))))):
            if len(sets[other]) >= least:
                score = dice(s, sets[other])
                if score >= threshold:
                    a, b = sorted((key, other))
                    out.append((b, a, score))
        # a set is only ever probed by larger ones, so a shorter indexing prefix suffices
        for g in ordered[:n - math.ceil(2 * jac / (1 + jac) * n) + 1]:
            index.setdefault(g, []).append(key)
    return sorted(out)


def check(cat: Catalogue, kinds: tuple[str, ...] = KINDS) -> list[Finding]:
    out = []
    for kind in kinds:
        table = cat.table(kind)
        for ident, twin, score in similar_pairs({e.id: text_of(e) for e in table.values()}):
            e = table[ident]
            where = _TEXT_FIELD.get(kind, "body")
            if kind == "passage" and not e.src.lines.get((where,)):
                where = "analysis"
            out.append(finding("KB401", e.path, e.src.line((where,)),
                               f"与 {table[twin].path}（{twin}）的文字相似度为 {score:.0%}"))
    return out


def twins_of(text: str, kind: str, cat: Catalogue, threshold: float = THRESHOLD) -> list[tuple[Entry, float]]:
    """Existing entries of a kind that a new text nearly duplicates, most similar first."""
    g = grams(text)
    scored = [(e, dice(g, grams(text_of(e)))) for e in cat.table(kind).values()]
    return sorted(((e, s) for e, s in scored if s >= threshold), key=lambda p: (-p[1], p[0].id))
