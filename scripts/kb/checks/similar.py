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


def _numbering(chars: np.ndarray) -> tuple[np.ndarray, int]:
    """The characters of the texts numbered 1, 2, … in code point order, as a table indexed by
    code point, and the bits the largest number takes. An n-gram's code (see _code) keeps the
    order of code points in a third of the bits or less: a few thousand characters take 12."""
    import numpy as np
    table = np.zeros(int(chars.max()) + 1 if len(chars) else 1, np.int64)
    table[chars] = 1
    np.cumsum(table, out=table)
    return table, int(table[-1]).bit_length() or 1


def _code(g: str, table: np.ndarray, bits: int) -> int:
    """An n-gram as one integer: its characters' numbers in fields of `bits` bits. No character is
    numbered 0, so every 3-gram's code is above every 2-gram's."""
    out = 0
    for ch in g:
        out = out << bits | int(table[ord(ch)])
    return out


# bits a sort key may take: an n-gram's code, then its text's index in the lower bits
_KEY_BITS = 63


def _matrix(cleaned: list[str]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray, np.ndarray, int]:
    """The texts' unit TF-IDF vectors as the rows of a sparse matrix, the n-grams' sorted codes
    (the columns), their document frequencies, and the character numbering of the codes (table,
    bits) — `vectors` computed with arrays."""
    import numpy as np  # kb check imports it before it forks (forked.arrays); others when first needed
    from scipy import sparse
    n = len(cleaned)
    lens = np.fromiter(map(len, cleaned), np.int64, n)
    chars = np.frombuffer("".join(cleaned).encode("utf-32-le", "surrogatepass"), np.uint32)
    table, bits = _numbering(chars)
    num = table[chars]
    # every 2-gram and 3-gram of the texts joined, kept where it starts in a text and ends in it:
    # a 2-gram starts at any character but a text's last, a 3-gram where two 2-grams start in a row
    last = np.cumsum(lens) - 1  # an empty text's "last" is the one before it, or -1
    starts = np.ones(len(num), bool)
    starts[last[last >= 0]] = False
    two, three = starts[:-1], starts[:-2] & starts[1:-1]
    g2 = num[:-1] << bits
    g2 |= num[1:]
    g3 = g2[:-1] << bits
    g3 |= num[2:]
    codes = np.concatenate([g2[two], g3[three]])
    del num, g2, g3
    if not len(codes):  # no text has two characters
        return sparse.csr_matrix((n, 0)), codes, codes, table, bits
    doc = np.repeat(np.arange(n), lens)
    docs = np.concatenate([doc[:-1][two], doc[:-2][three]])
    del doc
    # the (n-gram, text) occurrences in order, as one 64-bit key each: one sort gives the
    # vocabulary, term and document frequencies at once. Should the texts use so many distinct
    # characters that a code and a text's index do not fit in one key, the codes are numbered
    # in order first (np.unique) and the number goes in the key.
    span = max(n - 1, 1).bit_length()
    grams = None
    if 3 * bits + span > _KEY_BITS:
        grams, codes = np.unique(codes, return_inverse=True)
    codes <<= span
    codes |= docs
    keys = codes
    del docs
    keys.sort()
    cell = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    tf = np.diff(np.append(cell, len(keys)))
    keys = keys[cell]
    del cell
    row = (keys & ((1 << span) - 1)).astype(np.int32)
    keys >>= span
    new_gram = np.concatenate([[True], keys[1:] != keys[:-1]])
    vocab = keys[new_gram] if grams is None else grams[keys[new_gram]]
    del keys
    col = np.cumsum(new_gram, dtype=np.int32) - 1
    df = np.bincount(col)
    # the logarithms of the few distinct frequencies, looked up: the same floats as np.log of each
    w = (1 + np.log(np.arange(1, tf.max() + 1)))[tf - 1]
    w *= np.log(n / df)[col]
    norm = np.sqrt(np.bincount(row, w * w, minlength=n))
    w /= np.where(norm > 0, norm, 1.0)[row]
    x = sparse.csc_matrix((w, row, np.append(np.flatnonzero(new_gram), len(w))), shape=(n, len(vocab)))
    return x.tocsr(), vocab, df, table, bits


def _candidates(x: sparse.csr_matrix, rare: np.ndarray, shared: np.ndarray, threshold: float) -> np.ndarray:
    """Index pairs (i < j) whose cosine, summed with arrays, is within _SLACK of the threshold or
    above (steps 1 and 2). rare, shared: which n-grams are rare, and which are in more than one
    text (one in a single text adds nothing to any pair: it is left out of R, a third of its cells)."""
    import numpy as np
    from scipy import sparse
    n = x.shape[0]
    is_rare = rare[x.indices]
    kept = x.copy()
    kept.data = np.where(is_rare & shared[x.indices], x.data, 0.0)
    kept.eliminate_zeros()
    rows = np.repeat(np.arange(n), np.diff(x.indptr))
    common = np.sqrt(np.bincount(rows, np.where(is_rare, 0.0, x.data) ** 2, minlength=n))
    keys = []
    # R·Rᵀ a band of rows at a time, each only against the rows from its own on: the lower
    # triangle is never computed
    for s in range(0, n, _BAND):
        part = kept[s:s + _BAND] @ kept[s:].T
        # i and j counted from s; the bound summed in place (the products are millions of cells)
        i = np.repeat(np.arange(part.shape[0], dtype=part.indices.dtype), np.diff(part.indptr))
        j = part.indices
        bound = common[s:][i]
        bound *= common[s:][j]
        bound += part.data
        near = bound >= threshold - _SLACK
        near &= j > i
        keys.append((i[near].astype(np.int64) + s) * n + (j[near] + s))
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
    x, vocab, df, table, bits = _matrix([_NOISE.sub("", t) for t in texts.values()])
    rare = df <= max(2, int(RARE_DF * len(keys)))
    found = _candidates(x, rare, df > 1, threshold)
    vecs: dict[int, dict[str, float]] = {}

    def vector(i: int) -> dict[str, float]:  # the definition's vector, for the few texts it takes
        if i not in vecs:
            c = ngrams(texts[keys[i]])
            grams = list(c)
            at = np.searchsorted(vocab, np.array([_code(g, table, bits) for g in grams], dtype=np.int64))
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
