"""Raw bytes to text. UTF-16 when it says so (a BOM) or looks so (every other byte NUL, as Windows
Notepad's "Unicode" saves Chinese-free lines), else UTF-8 (a BOM is allowed), then GB18030, which also
reads GBK and GB2312 text; other NUL bytes, or bytes that are none of these, mean the file is not a
pasted report. Control characters are the input's fault and are reported where they are.

Line endings (\\r\\n, \\r, NEL, U+2028, U+2029) become "\\n": they are whitespace, which the
nothing-lost check does not count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# C0 and C1 controls other than tab and line breaks, and DEL
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
MAX_BYTES = 2 * 1024 * 1024  # a long report is 50 KB; anything near this is not one


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


@dataclass(frozen=True)
class Refusal:
    """Why the bytes are not a report we can read: a finding code, where, and what to say."""

    code: str
    line: int
    column: int
    message: str


def _where(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _utf16(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding name) when the bytes are UTF-16, else None."""
    for bom, codec in UTF16_BOMS.items():
        if raw.startswith(bom):
            try:
                return raw[2:].decode(codec), codec.upper().replace("-LE", "LE").replace("-BE", "BE") + "（带 BOM）"
            except UnicodeDecodeError:
                return None
    # no BOM: ASCII characters (line breaks, digits, punctuation) put a NUL in one half of their
    # bytes; CJK characters rarely do. Taken as UTF-16 only if the result reads as text.
    if len(raw) >= 4 and len(raw) % 2 == 0:
        for codec, high, low in (("utf-16-le", raw[1::2], raw[0::2]), ("utf-16-be", raw[0::2], raw[1::2])):
            if high.count(0) >= max(2, low.count(0) + 1):
                try:
                    text = raw.decode(codec)
                except UnicodeDecodeError:
                    return None
                readable = sum(c.isprintable() or c in "\r\n\t" for c in text)
                if "\x00" not in text and readable >= 0.98 * len(text):
                    return text, codec.upper().replace("-LE", "LE").replace("-BE", "BE")
    return None


def _control(text: str) -> Refusal | None:
    m = _CONTROL.search(text)
    if not m:
        return None
    before = text[:m.start()]
    line, col = before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1
    return Refusal("KB502", line, col, f"原文含控制字符 U+{ord(m[0]):04X}，不是干净的纯文本（多为复制时带进来的）")


def decode(raw: bytes) -> Decoded | Refusal:
    if len(raw) > MAX_BYTES:
        return Refusal("KB502", 1, 0, f"文件有 {len(raw) // 1024} KiB，不像一篇材料的原文")
    wide = _utf16(raw)
    if wide:
        return _finish(*wide)
    if b"\x00" in raw:
        line, col = _where(raw, raw.index(b"\x00"))
        return Refusal("KB502", line, col, "文件含 NUL 字节，是二进制文件（如 Word、PDF 本身），不是文本")
    encoding = "UTF-8"
    body = raw
    if raw.startswith(BOM):
        body, encoding = raw[len(BOM):], "UTF-8（带 BOM）"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as utf8:
        try:
            text, encoding = body.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            line, col = _where(raw, utf8.start + (len(raw) - len(body)))
            return Refusal("KB502", line, col, "文件既不是 UTF-8 也不是 GB18030（GBK）编码的文本")
    return _finish(text, encoding)


def _finish(text: str, encoding: str) -> Decoded | Refusal:
    text = re.sub("\r\n?|[\x85\u2028\u2029]", "\n", text)
    if not text.strip():
        return Refusal("KB501", 1, 0, "文件是空的（没有文字）")
    return _control(text) or Decoded(text, encoding)
