"""The one escape: every string from data/ reaches every generated page through `escape`.

Generated pages are Markdown with raw HTML inside (cards, tables, admonitions), and a value may
land in either, or in an HTML attribute, or in a nav title the theme prints as HTML. Rather than an
escape per context, one escape is valid in all of them: HTML's five special characters and every
character Markdown (with the site's extensions: tables, attr_list, admonition, toc) could read as
markup become numeric character references. A browser shows `&#42;` as “*” in text and in an
attribute alike, Markdown leaves a character reference alone, and a table never splits on
`&#124;`. So no string can become a tag, an attribute, a link, emphasis, a heading, a list, a
table cell or an attribute list, and what the reader sees (and copies) is the text as written.

Line breaks of every kind become a space (a value is one line of Markdown: a \\r must not start a
block) and other control and direction characters are dropped. `kb check` refuses those (KB309)
before a build, so this only matters for a catalogue built without it.

pages.environment() applies `escape` to the output of every {{ }} (Jinja's finalize), so a template
cannot forget it; only values already marked safe pass unchanged: macro output (itself built from
escaped values), links built from ids (links.Linker) and JSON for data attributes (tojson).
"""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from .normal import CONTROLS, INVISIBLE

# `-` only at the start (a list, a rule): inside text it is harmless and ids need it plain
_SPECIAL = "&<>\"'\\`*_{}[]()#+!|.=~^$:%@"
_REFS = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
_DROP = re.compile("[" + re.escape(CONTROLS + INVISIBLE) + "]")


def escape(value: object) -> Markup:
    """Plain text → text that renders as exactly that text in Markdown, HTML and attributes."""
    if isinstance(value, Markup):
        return value
    return _escaped(str(value))


@lru_cache(maxsize=1 << 16)  # a site escapes the same titles and names thousands of times
def _escaped(value: str) -> Markup:
    text = _DROP.sub("", _BREAKS.sub(" ", value)).strip().translate(_REFS)
    if text.startswith("-"):
        text = "&#45;" + text[1:]
    return Markup(text)


def escape_lines(value: object) -> Markup:
    """Like escape, but line breaks survive as &#10; — for an attribute whose value is copied as it
    is (the 复制全文 text of a case analysis keeps its two halves on lines of their own)."""
    return Markup("&#10;".join(escape(line) for line in _BREAKS.split(str(value))))


def cn_num(n: int) -> str:
    """1 → 一, 12 → 十二: for the 一是/（一） style labels generated pages use."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
