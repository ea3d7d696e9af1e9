"""How the phrase engine compares text: what a reader types and what an entry says are folded alike.

The rules are data, fold.json, read here to build the index and shipped in the index's meta.js
for docs/assets/js/phrase-engine.js, which folds queries with them; a test runs both sides on
every catalogue text. They are an explicit table rather than Unicode NFKC or \\p{P} because
Python and the browser ship different Unicode versions.

Two foldings:
- `fold_exact` (a "quoted" phrase): whitespace and zero-width characters are dropped,
  full-width ASCII becomes ASCII, ASCII letters lower case, half-width CJK punctuation full
  width, and quotes, dashes, ellipses and middle dots of every style one each;
- `fold` (ordinary matching and the index): the same, and punctuation is dropped as well, so
  重部署轻落实, 重部署，轻落实 and 重部署、轻落实 are one text.

Traditional characters are not folded to simplified: the catalogue is written in simplified
Chinese and a reliable mapping is a dictionary, not a rule.
"""
from __future__ import annotations

import json
from pathlib import Path

TABLE = json.loads((Path(__file__).with_name("fold.json")).read_text(encoding="utf-8"))


def _table(table: dict) -> tuple[dict[int, str], frozenset[str]]:
    mapping: dict[int, str] = {}
    for op, ranges, *arg in table["rules"]:
        for start, end in ranges:
            for cp in range(start, end + 1):
                mapping[cp] = "" if op == "drop" else chr(cp + arg[0]) if op == "shift" else arg[0]
    punct = frozenset(chr(cp) for start, end in table["punctuation"] for cp in range(start, end + 1))
    return mapping, punct


MAP, PUNCTUATION = _table(TABLE)
# fold in one translate: every character whose exact folding is all punctuation goes too
_LOOSE = {**MAP, **{ord(ch): "" for ch in PUNCTUATION}}
_LOOSE.update({cp: "".join(c for c in rep if c not in PUNCTUATION) for cp, rep in MAP.items()})


def fold_exact(text: str) -> str:
    """Text as a "quoted" phrase is compared: punctuation kept."""
    return text.translate(MAP)


def fold(text: str) -> str:
    """Text as the phrase engine compares it and indexes it: punctuation and spaces ignored."""
    return text.translate(_LOOSE)


def bigrams(folded: str) -> set[str]:
    """Every pair of adjacent characters (code points) of folded text."""
    return set(map(str.__add__, folded, folded[1:]))


def bucket(key: str, buckets: int) -> int:
    """Which posting file holds a key: 32-bit FNV-1a over its code points (Math.imul in JS)."""
    h = 2166136261
    for ch in key:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h % buckets
