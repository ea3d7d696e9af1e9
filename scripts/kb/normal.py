"""The one text normaliser: which characters no text may carry, what `--fix` turns them into, how a
finding shows them, and the folded view the contact and advertising rules (checks/contact.py)
match against.

A control or direction character in a value is invisible in an editor and dangerous on a page: a
carriage return starts new Markdown blocks, U+202E shows a sentence reversed, ESC recolours the
terminal that prints a finding. KB309 rejects every one of them in every text field. `--fix`
normalises those whose meaning is clear: a line break of any style becomes "\\n" (which KB303 then
tidies like any other line break), and invisible format characters (soft hyphen, direction marks,
embeddings, overrides and isolates, joiners) are dropped. NUL, ESC and the other control characters
have no clear meaning in text (an escape sequence leaves its parameters behind), so they are left
for the contributor.
"""
from __future__ import annotations

import re
import unicodedata

LINE_BREAKS = "\r\u2028\u2029\x85\x0b\x0c"  # \n is ordinary whitespace (KB303)
INVISIBLE = ("\xad\u061c\u180e\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
             "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069")
# C0 except tab and line feed, DEL and C1 except NEL: no meaning in text, not fixable
CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))
                   if chr(c) not in LINE_BREAKS)
HAZARD = re.compile("[" + re.escape(LINE_BREAKS + INVISIBLE + CONTROLS) + "]")

NAMES = {"\x00": "空字符 NUL", "\x1b": "转义符 ESC", "\r": "回车符", "\u2028": "行分隔符", "\u2029": "段分隔符",
         "\x85": "下一行符 NEL", "\xad": "软连字符", "\u200e": "从左到右标记", "\u200f": "从右到左标记",
         "\u202a": "从左到右嵌入", "\u202b": "从右到左嵌入", "\u202c": "方向嵌入结束",
         "\u202d": "从左到右强制", "\u202e": "从右到左强制", "\u2066": "从左到右隔离", "\u2067": "从右到左隔离",
         "\u2068": "方向隔离", "\u2069": "方向隔离结束", "\u200c": "零宽非连接符", "\u200d": "零宽连接符"}

_FIX = {ord(c): "\n" for c in LINE_BREAKS} | {ord(c): None for c in INVISIBLE}


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def describe(ch: str) -> str:
    """“U+202E（从右到左强制）”: a hazard character named without printing it."""
    name = NAMES.get(ch) or ("控制字符" if ch in CONTROLS else unicodedata.name(ch, "不可见字符"))
    return f"{code_point(ch)}（{name}）"


def normalise(text: str) -> str:
    """Text with every line break as "\\n" ("\\r\\n" as one) and invisible format characters dropped;
    other control characters stay (what `--fix` may do, and no more)."""
    return text.replace("\r\n", "\n").translate(_FIX)


def hazards(text: str) -> tuple[int, str, int] | None:
    """(offset, character, count) of the first hazard character, or None: one scan, no backtracking."""
    m = HAZARD.search(text)
    if m is None:
        return None
    return m.start(), m[0], len(HAZARD.findall(text, m.start()))


# ---- showing text on a terminal -------------------------------------------------------------------
# Every character that moves the cursor, recolours the terminal, reorders a line or is invisible:
# general categories Cc, Cf, Zl and Zp (written out: the Unicode tables are not scanned at import).
_UNSHOWN = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")


def visible(text: str) -> str:
    """Text safe to print on one terminal line: each control, format or separator character written
    as a \\u escape (\\u202e), so a finding can quote a value without the terminal acting on it."""
    if not _UNSHOWN.search(text):
        return text
    return _UNSHOWN.sub(lambda m: f"\\u{ord(m[0]):04x}" if ord(m[0]) < 0x10000 else f"\\U{ord(m[0]):08x}", text)
