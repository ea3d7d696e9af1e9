"""KB401 near-duplicates: two entries of one kind that say the same thing in nearly the same words.

Similarity is the Dice coefficient of the two texts' sets of character bigrams (punctuation and
spaces ignored): 2·|A∩B| / (|A|+|B|). Comparing every pair is quadratic, so candidate pairs come
from prefix filtering (Bayardo et al., "Scaling up all pairs similarity search", WWW 2007) with
PPJoin's positional filter: two sets can only reach the threshold if they share a token among
each one's rarest few, so only those tokens are indexed. The result is exact, not sampled.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from itertools import chain
from operator import add

from ..findings import Finding, finding, rule
from ..model import Catalogue, Entry

THRESHOLD = 0.85
KINDS = ("issue", "cause", "remedy")

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
    # one total order on bigrams, rarest first (ties by first appearance), the same for every set
    order = {g: c * len(freq) + n for n, (g, c) in enumerate(freq.items())}
    jac = threshold / (2 - threshold)  # the Jaccard bound equivalent to this Dice bound
    index: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    out = []
    # sets are visited smallest first, so every set already indexed is no larger than the current one
    for key in sorted(sets, key=lambda k: (len(sets[k]), k)):
        s = sets[key]
        ordered = sorted(s, key=order.__getitem__)
        n = len(ordered)
        least = jac * n  # a set smaller than this cannot reach the threshold (size filter)
        overlap: dict[str, int] = {}
        for i, g in enumerate(ordered[:n - math.ceil(jac * n) + 1]):  # probing prefix
            for other, j, m in index[g]:
                have = overlap.get(other, 0)
                if have < 0 or m < least:
                    continue
                need = math.ceil(jac / (1 + jac) * (n + m))  # the overlap the threshold requires
                # positional filter (Xiao et al., PPJoin, WWW 2008): what is left after these positions
                overlap[other] = have + 1 if have + 1 + min(n - i - 1, m - j - 1) >= need else -1
        for other, have in overlap.items():
            if have > 0:
                score = dice(s, sets[other])
                if score >= threshold:
                    a, b = sorted((key, other))
                    out.append((b, a, score))
        # a set is only ever probed by larger ones, so a shorter indexing prefix suffices
        for j, g in enumerate(ordered[:n - math.ceil(2 * jac / (1 + jac) * n) + 1]):
            index[g].append((key, j, n))
    return sorted(out)


def check(cat: Catalogue, kinds: tuple[str, ...] = KINDS) -> list[Finding]:
    out = []
    for kind in kinds:
        table = cat.table(kind)
        for ident, twin, score in similar_pairs({e.id: text_of(e) for e in table.values()}):
            e = table[ident]
            out.append(finding("KB401", e.path, e.src.line(("body",)),
                               f"与 {table[twin].path}（{twin}）的文字相似度为 {score:.0%}"))
    return out


def twins_of(text: str, kind: str, cat: Catalogue, threshold: float = THRESHOLD) -> list[tuple[Entry, float]]:
    """Existing entries of a kind that a new text nearly duplicates, most similar first."""
    g = grams(text)
    scored = [(e, dice(g, grams(text_of(e)))) for e in cat.table(kind).values()]
    return sorted(((e, s) for e, s in scored if s >= threshold), key=lambda p: (-p[1], p[0].id))
