"""`kb check --fix`: rewrite, in place, only the scalars a fixable rule corrects.

Each corrected value replaces exactly the characters its scalar occupies in the file (from the
parser's marks), so comments, key order, quoting of other values and line endings stay as they
were. The rewritten text is parsed again and must give the original data with just those values
changed; otherwise the file is left untouched and its findings stay.
"""
from __future__ import annotations

import copy
from pathlib import Path

from .. import files, yamlsrc
from ..findings import errors
from ..loader import Doc
from . import text


def _render(value: str, style: str | None, quote_all: bool) -> str:
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return yamlsrc.scalar(value, plain=style in (None, "|", ">") and not quote_all)


def _set(data, key: tuple, value) -> None:
    for k in key[:-1]:
        data = data[k]
    data[key[-1]] = value


def rewrite(src: yamlsrc.Source, edits: dict[tuple, str], expected: object) -> str | None:
    """The file text with the edited scalars replaced, or None if that cannot be done safely."""
    for quote_all in (False, True):
        out = src.text
        for key in sorted(edits, key=lambda k: src.scalars[k].start, reverse=True):
            sc = src.scalars[key]
            raw = src.text[sc.start:sc.end]
            # a block scalar's span runs to the end of its last line: keep the line break
            tail = raw[len(raw.rstrip()):] if sc.style in ("|", ">") else ""
            out = out[:sc.start] + _render(edits[key], sc.style, quote_all) + tail + out[sc.end:]
        data, _, found = yamlsrc.parse(out, src.path)
        if not errors(found) and data == expected:
            return out
    return None


def fix_doc(doc: Doc, ctx: text.Context, rules: list[text.TextRule], bom: bool, root: Path) -> bool:
    """Fix one file in place, through the file gate: a link is refused, never written through, and
    nothing outside root is written. True when the file was changed; raises files.NotRegular."""
    edits = {}
    for key, value in text.strings(doc.data):
        new = text.fix_text(value, ctx, text.field_name(key), rules)
        if new != value and key in doc.src.scalars:
            edits[key] = new
    if not edits and not bom:
        return False
    expected = copy.deepcopy(doc.data)
    for key, value in edits.items():
        _set(expected, key, value)
    out = rewrite(doc.src, edits, expected) if edits else doc.src.text
    if out is None:
        return False
    files.write_bytes(doc.path, root, out.encode("utf-8"))
    return True
