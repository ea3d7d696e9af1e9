"""How the phrase finder compares text: what a reader types and what an entry says are folded alike.

The same rules are written out in docs/assets/js/phrases.js (`fold`); the index is built from
this side and queried from that one, so the two must agree character for character (a test
runs both on every catalogue text). The rules are an explicit table rather than Unicode NFKC
because Python and the browser ship different Unicode versions, and because NFKC would also
rewrite characters that readers never mean to match loosely.

- whitespace and zero-width characters (\\u200b …) are dropped: 学用 结合 finds 学用结合;
- full-width ASCII becomes ASCII and ASCII letters lower case: ，(ＡＢ) finds ,(ab);
- half-width CJK punctuation becomes full width: ｡ ､ ｢ ｣ are 。 、 「 」;
- quotes, dashes, ellipses and middle dots of every style become one each: “” finds "", —— finds --.

Traditional characters are not folded to simplified: the catalogue is written in simplified
Chinese and a reliable mapping is a dictionary, not a rule.
"""
from __future__ import annotations

_DROP = [*range(0x09, 0x0E), 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200E),
         0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000, 0xFEFF]
MAP: dict[int, str] = {cp: "" for cp in _DROP}
MAP.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})  # full-width ASCII
MAP.update({cp: chr(cp + 32) for cp in range(0x41, 0x5B)})  # A-Z
MAP.update({cp: chr(cp - 0xFEE0 + 32) for cp in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
MAP.update({0xFF61: "。", 0xFF62: "「", 0xFF63: "」", 0xFF64: "、"})
MAP.update({cp: '"' for cp in (0x201C, 0x201D, 0x201E, 0x201F, 0x301D, 0x301E, 0x301F)})
MAP.update({cp: "'" for cp in (0x2018, 0x2019, 0x201A, 0x201B)})
MAP.update({cp: "-" for cp in (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63)})
MAP.update({0x2026: "...", 0x22EF: "..."})
MAP.update({cp: "·" for cp in (0x2027, 0x30FB, 0xFF65)})


def fold(text: str) -> str:
    """Text as the phrase finder compares it."""
    return text.translate(MAP)


def bigrams(folded: str) -> set[str]:
    """Every pair of adjacent characters (code points) of folded text."""
    return {folded[i:i + 2] for i in range(len(folded) - 1)}


def bucket(bigram: str, buckets: int) -> int:
    """Which posting file holds a bigram: 32-bit FNV-1a over its code points (Math.imul in JS)."""
    h = 2166136261
    for ch in bigram:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h % buckets
