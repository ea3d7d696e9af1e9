"""KB402 duplicates in substance: two entries, of any dimension or kind, that say the same thing.

KB401 catches one kind's copies in nearly the same words. Writers who copy an idea into another
dimension (八小时以外 under both 纪律 and 廉洁) or turn a problem into its own cause reword it
enough to escape a bigram Dice bound, yet keep its distinctive phrases. Those phrases are what
TF-IDF weights: each text becomes a sparse vector of its character 2- and 3-grams (punctuation
and spaces ignored), weighted by (1 + log tf) · log(N / df), and pairs are scored by cosine.

Comparing every pair is quadratic, so the dot products are summed through an inverted index of
the rarer n-grams only (df ≤ RARE_DF): n-grams common to many entries carry little weight and
would make the index quadratic again. A pair whose partial sum, plus the most its common n-grams
could add, reaches the threshold is then scored over all its n-grams; the result is exact. Standard library only: dicts are the sparse vectors.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

from ..findings import Finding, finding, rule
from ..model import Catalogue, Entry
from . import dupes

# Chosen from the distribution over the catalogue (1,578 entries; the top 60 pairs read): from
# 0.21 up nearly every pair was one idea told twice — 廉政风险排查, 八小时以外, 纪检委员的监督,
# 请示报告, 双重组织生活, 慎独慎微 (the most blatant copies score only 0.3–0.4: character 3-grams
# spread the weight); below it the pairs share a topic's vocabulary (意识形态责任制, 整改台账) but
# say different things.
THRESHOLD = 0.21
KINDS = ("issue", "cause", "remedy", "criticism")
RARE_DF = 0.01
# IDF needs a population: in a handful of entries every shared phrase (even 〔×××〕同志) is "rare"
# and any two entries on one topic score high, so a catalogue this small is not checked.
MIN_ENTRIES = 100  # share of entries an n-gram may occur in and still be indexed
_TEXT_FIELD = {"criticism": "text"}
# Kinds whose entries may not say the same thing: one kind across dimensions, and a cause that
# restates an issue. An issue and its remedy, or a criticism and the issue it names, share their
# topic's words by design.
_CLASH = {frozenset([k]) for k in KINDS} | {frozenset(["issue", "cause"])}

rule("KB402", "warning", "与另一条目实质重复",
     f"字符二元、三元组 TF-IDF 余弦相似度达 {round(THRESHOLD * 100)}% 以上（可跨维度、跨类型）："
     "若说的是同一件事，合并为一条并改指所有引用；若不同，改写其中一条，写出不同的角度。")

_NOISE = re.compile(r"[\W_]+")


def text_of(e: Entry) -> str:
    return " ".join(filter(None, (e.title, getattr(e, "body", "") or getattr(e, "text", ""))))


def ngrams(text: str) -> Counter:
    t = _NOISE.sub("", text)
    return Counter([t[i:i + 2] for i in range(len(t) - 1)] + [t[i:i + 3] for i in range(len(t) - 2)])


def vectors(texts: dict[str, str]) -> tuple[dict[str, dict[str, float]], Counter]:
    """Unit-length TF-IDF vectors, and each n-gram's document frequency."""
    counts = {k: ngrams(t) for k, t in texts.items()}
    df = Counter(g for c in counts.values() for g in c)
    n = len(texts)
    out = {}
    for k, c in counts.items():
        v = {g: (1 + math.log(tf)) * math.log(n / df[g]) for g, tf in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        out[k] = {g: w / norm for g, w in v.items() if w}
    return out, df


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def similar_pairs(texts: dict[str, str], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, twin id, score) for every pair at or above the threshold; the first id sorts after the twin.

    Exact: a pair's common n-grams add at most the product of the two vectors' common-part norms
    (Cauchy–Schwarz), so a pair is scored in full only when its rare part plus that bound can reach
    the threshold."""
    vecs, df = vectors(texts)
    cap = max(2, int(RARE_DF * len(texts)))
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    common: dict[str, float] = {}
    for k, v in vecs.items():
        rest = 0.0
        for g, w in v.items():
            if df[g] <= cap:
                postings[g].append((k, w))
            else:
                rest += w * w
        common[k] = math.sqrt(rest)
    partial: Counter = Counter()
    for plist in postings.values():
        for i, (a, wa) in enumerate(plist):
            for b, wb in plist[i + 1:]:
                partial[(a, b) if a < b else (b, a)] += wa * wb
    candidates = {pair for pair, part in partial.items()
                  if part + common[pair[0]] * common[pair[1]] >= threshold}
    # pairs that share no rare n-gram but whose common parts alone might reach the threshold
    by_common = sorted(common, key=common.__getitem__, reverse=True)
    for i, a in enumerate(by_common):
        for b in by_common[i + 1:]:
            if common[a] * common[b] < threshold:
                break
            candidates.add((a, b) if a < b else (b, a))
    out = []
    for a, b in candidates:
        score = cosine(vecs[a], vecs[b])
        if score >= threshold:
            out.append((b, a, score))
    return sorted(out)


def check(cat: Catalogue, kinds: tuple[str, ...] = KINDS) -> list[Finding]:
    entries = {(kind, e.id): e for kind in kinds for e in cat.table(kind).values()}
    keys = {f"{kind}\0{ident}": (kind, ident) for kind, ident in entries}
    texts = {key: text_of(entries[ki]) for key, ki in keys.items()}
    out: list[Finding] = []
    if len(texts) < MIN_ENTRIES:
        return out
    for later, earlier, score in similar_pairs(texts):
        (k1, i1), (k2, i2) = keys[later], keys[earlier]
        if frozenset([k1, k2]) not in _CLASH:
            continue
        e, twin = entries[(k1, i1)], entries[(k2, i2)]
        if e.path < twin.path:  # report on the later file of the pair
            e, twin, k1 = twin, e, k2
        if cat.from_reports(e.id) and cat.from_reports(twin.id):
            continue  # both are real reports' own wording (出自范文原文): neither is ours to rewrite
        if k1 == k2 and dupes.dice(dupes.grams(dupes.text_of(e)), dupes.grams(dupes.text_of(twin))) >= dupes.THRESHOLD:
            continue  # KB401 already reports this pair
        where = _TEXT_FIELD.get(k1, "body")
        out.append(finding("KB402", e.path, e.src.line((where,)),
                           f"与 {twin.path}（{twin.id}）实质重复，相似度为 {score:.0%}"))
    return out
