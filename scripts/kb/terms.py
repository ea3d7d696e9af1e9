"""The jieba user dictionary: catalogue terms that the header search must keep whole.

Material's search segments Chinese text with jieba at build time. Without help jieba splits
fixed expressions (一岗双责 → 一岗/双责), so a reader typing the whole expression finds nothing.
Terms come from the entries' `terms` fields, from “quoted” expressions in their text, and from
the names of dimensions, levels, roots and patterns.
"""
from __future__ import annotations

import re

from .model import Catalogue

_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,12}")
_QUOTED = re.compile(r"“([^“”]{2,12})”")


def _han_parts(text: str) -> list[str]:
    """Han runs of a term: 红红脸、出出汗 → 红红脸, 出出汗."""
    return _HAN_RUN.findall(text)


def collect(cat: Catalogue) -> list[str]:
    found: set[str] = set()
    texts: list[str] = []
    for kind in ("issue", "cause", "remedy", "criticism", "passage"):
        for e in cat.table(kind).values():
            for t in e.terms:
                found.update(_han_parts(t))
            texts += [e.text]
    for r in cat.reports.values():
        texts += [r.opening, r.closing]
    for text in texts:
        for quoted in _QUOTED.findall(text):
            found.update(_han_parts(quoted))
    for d in cat.dimensions.values():
        found.update(_han_parts(d.name))
    for vocab in cat.vocab.values():
        for term in vocab.values():
            found.update(_han_parts(term.name))
    return sorted(found)


def userdict(cat: Catalogue) -> str:
    """jieba's user dictionary format: one word per line (jieba picks a frequency that keeps it whole)."""
    return "".join(f"{t}\n" for t in collect(cat))
