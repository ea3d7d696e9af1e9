"""Which dimension a subsection heading, or an item, belongs to; which framework a report follows.

A heading is compared, in this order, with the headings of every framework in data/frameworks/
(the exact wording of each year's aspects, compared by the same bigram similarity as KB401, since
reports quote them loosely), with the dimension names (在理论学习方面 → study), and with the
keyword vocabulary data/vocab/keywords.yml. The report's framework is the one whose headings
the subsections matched most often.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..checks.dupes import dice, grams
from ..model import Catalogue

FRAMEWORK_SIMILARITY = 0.6  # a quoted aspect may drop or add a few words (新期待，全面查找在…)
_FRAME = re.compile(r"^(?:[在从]|对照)|(?:等)?方面(?:存在的?|的)?(?:问题)?(?:[和与及])?(?:不足)?$|[“”\"'‘’「」]")


def core(heading: str) -> str:
    """在理论学习方面 → 理论学习; “五学五查五改”方面 → 五学五查五改."""
    return _FRAME.sub("", heading.strip().rstrip("。：:")).strip()


@dataclass(frozen=True)
class HeadingMatch:
    dimensions: tuple[str, ...]
    framework: str = ""
    index: int = 0  # 1-based heading of that framework
    how: str = ""  # what it was matched by, for the stdout report


class Dimensions:
    def __init__(self, cat: Catalogue):
        self.cat = cat
        self.names = {d.name: d.id for d in cat.sorted_dimensions()}
        self.keywords = [(w, k["dimension"]) for k in cat.keywords for w in k["words"]
                         if k["dimension"] in cat.dimensions]
        self.keywords.sort(key=lambda p: -len(p[0]))  # the longest, most specific word first
        self.headings = [(f.id, n, h, grams(core(h.title)))
                         for f in cat.sorted_frameworks() for n, h in enumerate(f.headings, 1)]

    def names_dimension(self, heading: str) -> bool:
        """Whether a short line is a dimension heading even without 方面 (理论学习, 政治素质)."""
        c = core(heading)
        return c in self.names or any(core(h.title) == c for _, _, h, _ in self.headings)

    def scores(self, text: str) -> Counter:
        """How strongly a text speaks of each dimension: the length of the keywords it contains."""
        out: Counter = Counter()
        for word, dim in self.keywords:
            if word in text:
                out[dim] += len(word) * text.count(word)
        return out

    def heading(self, heading: str, year: int | None = None, level: str = "") -> HeadingMatch | None:
        """Several frameworks share a heading (理论学习 is in the 2023 six and in the members' lists of
        2022 and 2024): among near-equal matches, one for the report's level wins, then one of its year."""
        c = core(heading)
        if not c:
            return None
        g = grams(c)
        fws = self.cat.frameworks
        scored = sorted(((round(s, 1), level in fws[fid].levels, fws[fid].year == year, s, -n, fid, n, h)
                         for fid, n, h, hg in self.headings if (s := dice(g, hg)) >= FRAMEWORK_SIMILARITY),
                        reverse=True)
        if scored:
            *_, score, _, fid, n, h = scored[0]
            return HeadingMatch(tuple(h.dimensions), fid, n, f"框架“{fid}”第 {n} 个方面（相似度 {score:.0%}）")
        if c in self.names:
            return HeadingMatch((self.names[c],), how="维度名称")
        best = self.scores(c).most_common(1)
        if best:
            return HeadingMatch((best[0][0],), how=f"关键词（{self.cat.dimensions[best[0][0]].name}）")
        return None

    def of_item(self, text: str, among: tuple[str, ...]) -> str:
        """The dimension of one item: the best-scoring of the heading's dimensions (all when the
        heading matched none), the heading's first when no keyword says otherwise."""
        scores = self.scores(text)
        pool = among or tuple(self.cat.dimensions)
        best = max(pool, key=lambda d: (scores[d], -pool.index(d)))
        return best if scores[best] or not among else among[0]


def framework(matches: list[HeadingMatch], year: int | None, cat: Catalogue) -> str:
    """The framework most of the subsections matched; on a tie the one of the report's year."""
    votes = Counter(m.framework for m in matches if m and m.framework)
    if not votes:
        return ""
    return max(votes, key=lambda f: (votes[f], cat.frameworks[f].year == year, f))
