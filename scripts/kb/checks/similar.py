"""KB402 duplicates in substance: two entries, of any dimension or kind, that say the same thing.

KB401 catches one kind's copies in nearly the same words. Writers who copy an idea into another
dimension (八小时以外 under both 纪律 and 廉洁) or turn a problem into its own cause reword it
enough to escape a bigram Dice bound, yet keep its distinctive phrases. Those phrases are what
TF-IDF weights: each text becomes a sparse vector of its character 2- and 3-grams (punctuation
and spaces ignored), weighted by (1 + log tf) · log(N / df), and pairs are scored by cosine.

`vectors` and `cosine` below are the definition (plain dicts); `similar_pairs` finds the same
pairs fast, with numpy and scipy.sparse (decided for 10,000 entries, issue 12: the pure-Python
index spent 15 s of `kb check`'s 20 there, summing seven million products one dict update at a
time; the sparse products do the same sums in C, and a pruning scheme alone would still leave
millions of Python-level steps). Comparing every pair is quadratic and the common n-grams make
the full product nearly dense (a 2-gram like 不够 is in most entries), so:

1. the rare n-grams (df ≤ RARE_DF of the entries) are multiplied out exactly, R·Rᵀ;
2. the common n-grams of a pair add at most the product of the two vectors' common-part norms
   (Cauchy–Schwarz), so only a pair whose rare part plus that bound can reach the threshold —
   or that shares no rare n-gram but whose bound alone can — is a candidate, and is scored in full;
3. a pair that scores within a hair of the threshold or above is scored again with `cosine`
   on `vectors`' floats, so the pairs and the printed scores are exactly the definition's
   (floating-point sums in another order may differ in the last bit).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING

from ..findings import Finding, finding, rule
from ..model import Catalogue, Entry
from . import dupes

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

# Chosen from the distribution over the catalogue (1,578 entries; the top 60 pairs read): from
# 0.21 up nearly every pair was one idea told twice — 廉政风险排查, 八小时以外, 纪检委员的监督,
# 请示报告, 双重组织生活, 慎独慎微 (the most blatant copies score only 0.3–0.4: character 3-grams
# spread the weight); below it the pairs share a topic's vocabulary (意识形态责任制, 整改台账) but
# say different things.
THRESHOLD = 0.21
KINDS = ("issue", "cause", "remedy", "criticism")
RARE_DF = 0.01  # share of entries an n-gram may occur in and still be multiplied out in step 1
# IDF needs a population: in a handful of entries every shared phrase (even 〔×××〕同志) is "rare"
# and any two entries on one topic score high, so a catalogue this small is not checked.
MIN_ENTRIES = 100
# how far below the threshold a fast score may fall and still be checked by the definition: the
# fast and the exact sums differ by rounding only, some 1e-16 per term
_SLACK = 1e-9
_BAND = 2000  # rows per band of R·Rᵀ: the triangle in a few products, memory bounded
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


def _vector(c: Counter, df, n: int) -> dict[str, float]:
    v = {g: (1 + math.log(tf)) * math.log(n / df[g]) for g, tf in c.items()}
    norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
    return {g: w / norm for g, w in v.items() if w}


def vectors(texts: dict[str, str]) -> tuple[dict[str, dict[str, float]], Counter]:
    """Unit-length TF-IDF vectors, and each n-gram's document frequency: the definition."""
    counts = {k: ngrams(t) for k, t in texts.items()}
    df = Counter(g for c in counts.values() for g in c)
    return {k: _vector(c, df, len(texts)) for k, c in counts.items()}, df


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(g, 0.0) for g, w in a.items())


def _code(g: str) -> int:
    """An n-gram as one integer: code points in 21-bit fields. A 3-gram's first character is never
    NUL (NUL is punctuation to _NOISE), so every 3-gram's code is above every 2-gram's."""
    out = 0
    for ch in g:
        out = out << 21 | ord(ch)
    return out


def _matrix(cleaned: list[str]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The texts' unit TF-IDF vectors as the rows of a sparse matrix, the n-grams' sorted codes
    (the columns) and their document frequencies — `vectors` computed with arrays."""
    import numpy as np  # kb check imports it before it forks (forked.arrays); others when first needed
    from scipy import sparse
    n = len(cleaned)
    lens = np.fromiter(map(len, cleaned), np.int64, n)
    chars = np.frombuffer("".join(cleaned).encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(n), lens)
    left = lens[doc] - (np.arange(len(chars)) - np.repeat(np.cumsum(lens) - lens, lens))
    two, three = np.flatnonzero(left >= 2), np.flatnonzero(left >= 3)
    codes = np.concatenate([chars[two] << 21 | chars[two + 1],
                            chars[three] << 42 | chars[three + 1] << 21 | chars[three + 2]])
    if not len(codes):  # no text has two characters
        return sparse.csr_matrix((n, 0)), codes, codes
    # one sort of (n-gram, text) occurrences gives the vocabulary, term and document frequencies
    # at once; a code needs 63 bits, so the text goes in a second key only when n-grams tie
    order = np.lexsort((np.concatenate([doc[two], doc[three]]), codes))
    codes, docs = codes[order], np.concatenate([doc[two], doc[three]])[order]
    new_cell = np.concatenate([[True], (codes[1:] != codes[:-1]) | (docs[1:] != docs[:-1])])
    starts = np.flatnonzero(new_cell)
    tf = np.diff(np.append(starts, len(codes)))
    codes, row = codes[starts], docs[starts]
    new_gram = np.concatenate([[True], codes[1:] != codes[:-1]])
    vocab = codes[new_gram]
    col = np.cumsum(new_gram) - 1
    df = np.bincount(col)
    # the logarithms of the few distinct frequencies, looked up: the same floats as np.log of each
    w = (1 + np.log(np.arange(1, tf.max() + 1)))[tf - 1] * np.log(n / df)[col]
    norm = np.sqrt(np.bincount(row, w * w, minlength=n))
    w /= np.where(norm > 0, norm, 1.0)[row]
    x = sparse.csc_matrix((w, row, np.append(np.flatnonzero(new_gram), len(w))), shape=(n, len(vocab)))
    return x.tocsr(), vocab, df


def _candidates(x: sparse.csr_matrix, rare: np.ndarray, threshold: float) -> np.ndarray:
    """Index pairs (i < j) whose cosine, summed with arrays, is within _SLACK of the threshold or
    above (steps 1 and 2)."""
    import numpy as np
    from scipy import sparse
    n = x.shape[0]
    is_rare = rare[x.indices]
    kept = x.copy()
    kept.data = np.where(is_rare, x.data, 0.0)
    kept.eliminate_zeros()
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    common = np.sqrt(np.bincount(rows, np.where(is_rare, 0.0, x.data) ** 2, minlength=n))
    keys = []
    # R·Rᵀ a band of rows at a time, each only against the rows from its own on: the lower
    # triangle is never computed
    for s in range(0, n, _BAND):
        part = (kept[s:s + _BAND] @ kept[s:].T).tocoo()
        i, j = part.row + s, part.col + s
        near = (j > i) & (part.data + common[i] * common[j] >= threshold - _SLACK)
        keys.append(i[near].astype(np.int64) * n + j[near])
    # pairs that share no rare n-gram but whose common parts alone might reach the threshold
    order = np.argsort(-common, kind="stable")
    desc = common[order]
    with np.errstate(divide="ignore"):
        reach = np.searchsorted(-desc, -(threshold - _SLACK) / desc, side="right")
    count = np.maximum(reach - np.arange(n) - 1, 0)
    if count.any():
        first = np.repeat(np.arange(n), count)
        second = first + 1 + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        a, b = order[first], order[second]
        keys.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    pairs = np.unique(np.concatenate(keys))
    i, j = np.divmod(pairs, n)
    scores = np.zeros(len(pairs))
    for s in range(0, len(pairs), 20000):  # row-wise dot products, a slice at a time to bound memory
        scores[s:s + 20000] = np.asarray(x[i[s:s + 20000]].multiply(x[j[s:s + 20000]]).sum(axis=1)).ravel()
    return np.stack([i, j], axis=1)[scores >= threshold - _SLACK]


def similar_pairs(texts: dict[str, str], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, twin id, score) for every pair whose cosine (as `vectors` and `cosine` compute it)
    reaches the threshold; the first id sorts after the twin."""
    import numpy as np
    keys = list(texts)
    if len(keys) < 2:
        return []
    x, vocab, df = _matrix([_NOISE.sub("", t) for t in texts.values()])
    rare = df <= max(2, int(RARE_DF * len(keys)))
    found = _candidates(x, rare, threshold)
    vecs: dict[int, dict[str, float]] = {}

    def vector(i: int) -> dict[str, float]:  # the definition's vector, for the few texts it takes
        if i not in vecs:
            c = ngrams(texts[keys[i]])
            grams = list(c)
            at = np.searchsorted(vocab, np.array([_code(g) for g in grams], dtype=np.int64))
            vecs[i] = _vector(c, dict(zip(grams, df[at].tolist())), len(keys))
        return vecs[i]
    out = []
    for i, j in found.tolist():
        (a, ia), (b, ib) = sorted([(keys[i], i), (keys[j], j)])
        score = cosine(vector(ia), vector(ib))
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
