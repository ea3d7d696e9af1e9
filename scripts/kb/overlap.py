"""The 起草台's 照搬照抄 index: every run of RUN characters of catalogue and report text, hashed.

A draft's character sits in a copied run of at least RUN characters exactly when one of the
RUN-character windows covering it occurs in the catalogue, so the browser needs only a set of
window hashes (plus, to name the source, which record each came from): it hashes every window
of the folded draft and looks it up — no scan over the catalogue. Text is folded as the phrase
finder folds it (kb.fold), so width, spaces and quote styles do not hide a copy.

The hash is a polynomial over code points modulo 2**32, base HASH_BASE; the browser computes the
same with Math.imul (docs/assets/js/draft-check.js), and a test compares the two.
"""
from __future__ import annotations

from itertools import accumulate

from .fold import fold

HASH_BASE = 16777619
MASK = 0xFFFFFFFF
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUV"  # last base-32 digit of a number
MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"  # a base-32 digit with more to follow


def windows(folded: str, run: int) -> list[int]:
    """The hash of every run-character window of folded text, in order: the difference of two
    prefix hashes (the same value a rolling hash gives, computed with C-level loops)."""
    if len(folded) < run:
        return []
    prefix = list(accumulate(map(ord, folded), lambda h, c: (h * HASH_BASE + c) & MASK, initial=0))
    shift = pow(HASH_BASE, run, 1 << 32)
    return [(b - a * shift) & MASK for a, b in zip(prefix, prefix[run:])]


def varint(n: int) -> str:
    digits = DIGITS[n & 31]
    n >>= 5
    while n:
        digits = MORE[n & 31] + digits
        n >>= 5
    return digits


_SHORT: list[str] = []  # varint of every number below 2**16, made on first use


def varints(numbers: list[int]) -> str:
    """varint of each number, joined (a table lookup for all but the rare large ones)."""
    if not _SHORT:
        _SHORT.extend(varint(n) for n in range(1 << 16))
    if not numbers or max(numbers) < len(_SHORT):
        return "".join(map(_SHORT.__getitem__, numbers))
    return "".join([varint(n) for n in numbers])


def build(texts: list[str], run: int) -> tuple[str, str, int]:
    """(ascending hashes as gaps, the record number of each, how many): first record wins."""
    first: dict[int, int] = {}
    for n in range(len(texts) - 1, -1, -1):  # last to first, so an earlier record overwrites a later one
        first.update(dict.fromkeys(windows(fold(texts[n]), run), n))
    hashes = sorted(first)
    gaps = list(map(int.__sub__, hashes, [-1, *hashes]))  # gap + 1
    gaps = [g - 1 for g in gaps]
    return varints(gaps), varints(list(map(first.__getitem__, hashes))), len(hashes)
