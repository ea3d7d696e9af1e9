"""Raw bytes to text. UTF-8 first (a BOM is allowed), then GB18030, which also reads GBK and
GB2312 text; NUL bytes, or bytes that are neither, mean the file is not a pasted report.

Line endings become "\\n": they are whitespace, which the nothing-lost check does not count.
"""
from __future__ import annotations

from dataclasses import dataclass

BOM = b"\xef\xbb\xbf"
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


def decode(raw: bytes) -> Decoded | Refusal:
    if len(raw) > MAX_BYTES:
        return Refusal("KB502", 1, 0, f"文件有 {len(raw) // 1024} KiB，不像一篇材料的原文")
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Refusal("KB501", 1, 0, "文件是空的（没有文字）")
    return Decoded(text, encoding)
