"""KB401 finds every near-duplicate pair: the prefix index must give what comparing all pairs gives."""
from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kb import loader
from kb.checks import dupes


def brute_force(texts: dict[str, str], floor: float) -> dict[tuple[str, str], float]:
    """The score of every pair at or above floor, by comparing all pairs (once for every threshold
    from floor up)."""
    g = {k: dupes.grams(v) for k, v in texts.items()}
    return {tuple(sorted(p, reverse=True)): score for p in itertools.combinations(g, 2)
            if (score := dupes.dice(g[p[0]], g[p[1]])) >= floor}


def test_the_indexed_search_finds_exactly_the_pairs_all_pairs_comparison_finds():
    cat, _ = loader.load(ROOT)
    texts = {e.id: dupes.text_of(e) for kind in dupes.KINDS for e in cat.table(kind).values()}
    rng = random.Random(7)
    for key in list(texts)[::3]:  # plant edited copies: a character changed, dropped or added
        t, i = texts[key], rng.randrange(len(texts[key]))
        texts[f"{key}-a"] = t[:i] + "的" + t[i + 1:]
        texts[f"{key}-b"] = t[:i] + t[i + 1:] + "。还要进一步加强"
    scores = brute_force(texts, 0.3)
    for threshold in (0.95, 0.85, 0.6, 0.3):
        found = {(a, b) for a, b, _ in dupes.similar_pairs(texts, threshold)}
        assert found == {pair for pair, score in scores.items() if score >= threshold}, threshold
    assert sum(score >= 0.85 for score in scores.values()) >= len(texts) // 3


def test_the_score_is_reported_with_the_twin():
    pairs = dupes.similar_pairs({"a-1": "理论学习不够深入系统，满足于读原文、记笔记",
                                 "a-2": "理论学习不够深入系统，满足于读原文、抄笔记",
                                 "a-3": "调查研究不够深入，到基层一线的次数偏少"})
    assert [(a, b) for a, b, _ in pairs] == [("a-2", "a-1")]
    assert 0.85 <= pairs[0][2] < 1


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(st.text(st.sampled_from(list("党员学习理论不够，。 _") + ["𠀀", "a"]), max_size=12),
                      min_size=2, max_size=40),
       threshold=st.floats(0.3, 1.0))
def test_the_sparse_prefix_search_matches_all_pairs_on_random_short_texts(texts, threshold):
    """Short texts on a small alphabet: empty and one-character texts (their own gram), sets of
    equal size, ties in bigram frequency; the pairs and the scores are exactly all-pairs Dice."""
    named = {f"t{i:02}": t for i, t in enumerate(texts)}
    g = {k: dupes.grams(v) for k, v in named.items()}
    brute = sorted((b, a, dupes.dice(g[a], g[b])) for a, b in itertools.combinations(sorted(g), 2)
                   if dupes.dice(g[a], g[b]) >= threshold)
    assert dupes.similar_pairs(named, threshold) == brute
