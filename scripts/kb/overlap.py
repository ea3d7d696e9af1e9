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

from .fold import fold

HASH_BASE = 16777619
MASK = 0xFFFFFFFF
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUV"  # last base-32 digit of a number
MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"  # a base-32 digit with more to follow


def windows(folded: str, run: int) -> list[int]:
    """The hash of every run-character window of folded text, in order (rolling)."""
    cps = [ord(c) for c in folded]
    if len(cps) < run:
        return []
    top = pow(HASH_BASE, run - 1, 1 << 32)
    h = 0
    for c in cps[:run]:
        h = (h * HASH_BASE + c) & MASK
    out = [h]
    for i in range(run, len(cps)):
        h = ((h - cps[i - run] * top) * HASH_BASE + cps[i]) & MASK
        out.append(h)
    return out


def varint(n: int) -> str:
    digits = DIGITS[n & 31]
    n >>= 5
    while n:
        digits = MORE[n & 31] + digits
        n >>= 5
    return digits


def build(texts: list[str], run: int) -> tuple[str, str, int]:
    """(ascending hashes as gaps, the record number of each, how many): first record wins."""
    first: dict[int, int] = {}
    for n, text in enumerate(texts):
        for h in windows(fold(text), run):
            first.setdefault(h, n)
    hashes = sorted(first)
    gaps, prev = [], -1
    for h in hashes:
        gaps.append(varint(h - prev - 1))
        prev = h
    return "".join(gaps), "".join(varint(first[h]) for h in hashes), len(hashes)
