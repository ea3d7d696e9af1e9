"""Escaping for the two contexts generated pages contain: Markdown text and HTML.

Catalogue text is plain text. In HTML it is escaped by Jinja's autoescape; in Markdown it goes
through `md`, which escapes HTML and then every character Markdown would read as markup, so no
contributed string can become a link, a tag, emphasis, a heading or an attribute list.
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

# Characters Python-Markdown (with the tables extension) honours a backslash escape for.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def md(value: object) -> Markup:
    """Plain text → Markdown inline text that renders as exactly that text."""
    text = " ".join(str(value).split("\n")).strip()
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def cn_num(n: int) -> str:
    """1 → 一, 12 → 十二: for the 一是/（一） style labels generated pages use."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")
