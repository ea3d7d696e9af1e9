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
    """(id, twin id, score) for every pair at or above the threshold; the first id sorts after the twin.

    Prefix filtering as a sparse product (numpy and scipy.sparse, as KB402 uses; the pure-Python
    index took 1.5 s for 6,000 issues): each set's probing prefix, its rarest n - ⌈J·n⌉ + 1 bigrams
    in one total order, is a row of a 0/1 matrix P, its shorter indexing prefix a row of Q, and the
    candidate pairs are the nonzeros of P·Qᵀ, kept where the indexed set is visited first. Their
    overlaps, whole numbers, come from the full 0/1 matrix; the score from them is the float `dice`
    computes."""
    import numpy as np
    from scipy import sparse
    keys = list(texts)
    n = len(keys)
    if n < 2:
        return []
    # each text's set of bigrams (as `grams`: a text shorter than two characters is its own gram),
    # a bigram as one integer, two code points in 21-bit fields; the cells sorted by gram, then text
    cleaned = [_NOISE.sub("", t) for t in texts.values()]
    lens = np.fromiter(map(len, cleaned), np.int64, n)
    chars = np.frombuffer("".join(cleaned).encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
    doc = np.repeat(np.arange(n), lens)
    starts = np.cumsum(lens) - lens
    two = np.flatnonzero(lens[doc] - (np.arange(len(chars)) - starts[doc]) >= 2)
    short = np.flatnonzero(lens < 2)
    alone = np.zeros(len(short), np.int64)  # an empty text's gram is 0, a character's its code point
    one = lens[short] == 1
    alone[one] = chars[starts[short][one]]
    cells = np.sort(np.concatenate([chars[two] << 21 | chars[two + 1], alone]) * n
                    + np.concatenate([doc[two], short]))
    cells = cells[np.concatenate([[True], cells[1:] != cells[:-1]])]  # np.unique, faster
    code, rows = np.divmod(cells, n)
    new_gram = np.concatenate([[True], code[1:] != code[:-1]])  # every text has a gram: cells has some
    cols = np.cumsum(new_gram) - 1
    width = int(cols[-1]) + 1
    sizes = np.bincount(rows, minlength=n)
    shape = (n, width)
    # the cells are in column order: the full 0/1 matrix at once, canonical (sorted indices)
    full = sparse.csc_matrix((np.ones(len(rows)), rows, np.append(np.flatnonzero(new_gram), len(rows))),
                             shape=shape).tocsr()
    freq = np.bincount(cols, minlength=width)
    # number the bigrams rarest first (ties by code): one total order for every set; then the
    # cells in the order of their set, and in a set rarest first (one sort of one key)
    by_rank = np.argsort(freq, kind="stable")
    rank = np.empty(width, np.int64)
    rank[by_rank] = np.arange(width)
    key = rows * width + rank[cols]
    key.sort()
    rows, cols = np.divmod(key, width)
    cols = by_rank[cols]
    jac = threshold / (2 - threshold)  # the Jaccard bound equivalent to this Dice bound
    # sets are visited smallest first; a set probes with its prefix the sets visited before it,
    # which are indexed by a shorter prefix, as they are only ever probed by larger ones
    visit = np.empty(n, np.int64)
    size = sizes.tolist()
    visit[sorted(range(n), key=lambda k: (size[k], keys[k]))] = np.arange(n)
    probe = np.array([k - math.ceil(jac * k) + 1 for k in sizes.tolist()], np.int64)
    index = np.array([k - math.ceil(2 * jac / (1 + jac) * k) + 1 for k in sizes.tolist()], np.int64)
    place = np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # a bigram's rank in its set

    def prefix(length: np.ndarray):
        keep = place < np.repeat(length, sizes)
        return sparse.csr_matrix((np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=shape)
    probes, indexed = prefix(probe), prefix(index).T.tocsr()
    out = []
    for start in range(0, n, 2000):  # a band of probing sets at a time, to bound memory
        met = (probes[start:start + 2000] @ indexed).tocoo()
        i, j = met.row + start, met.col
        earlier = visit[j] < visit[i]
        i, j = i[earlier], j[earlier]
        fits = sizes[j] >= jac * sizes[i]  # a smaller set cannot reach the threshold (size filter)
        i, j = i[fits], j[fits]
        overlap = np.asarray(full[i].multiply(full[j]).sum(axis=1)).ravel().astype(np.int64)
        for a, b, common in zip(i.tolist(), j.tolist(), overlap.tolist()):
            score = 2 * common / (size[a] + size[b])  # dice(), from whole numbers: the same float
            if score >= threshold:
                x, y = sorted((keys[a], keys[b]))
                out.append((y, x, score))
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
