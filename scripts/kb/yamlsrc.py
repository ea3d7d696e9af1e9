"""Read one YAML file into plain data plus where each value is (from the parser's node marks).

Before anything is built, the file's bytes and the parser's event stream are screened: an
oversized file, a wrong encoding, a BOM, tabs, anchors/aliases (YAML bombs), explicit tags
(object construction) and several documents in one file are each reported as a finding and,
where they make the data untrustworthy, the file is not constructed at all. Only the safe
loader is ever used.
"""
from __future__ import annotations

import bisect
import json
import os
import re
from pathlib import Path
from typing import NamedTuple

import yaml

try:  # the C parser is much faster; the pure one behaves the same
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader

from . import files
from .findings import Finding, finding, rule

Key = tuple  # a path into the data: ("headings", 2, "dimensions", 0)
MAX_BYTES = 128 * 1024
MAX_DEPTH = 20  # a report, the deepest kind, nests 7 levels (sections → subsections → items → item)
BOM = b"\xef\xbb\xbf"

rule("KB101", "error", "YAML 语法错误", "检查缩进、冒号和引号；字符串中含“: ”或以引号、括号开头时请整体加引号。")
rule("KB107", "error", "文件不是 UTF-8 编码", "用编辑器以 UTF-8（无 BOM）重新保存该文件。")
rule("KB108", "warning", "文件开头有 BOM", "以 UTF-8（无 BOM）保存；kb check --fix 可自动删除。", fixable=True)
rule("KB109", "error", "用制表符缩进", "YAML 只能用空格缩进；把行首的制表符换成空格。")
rule("KB114", "error", "使用了锚点或别名", "数据文件不允许 &锚点 和 *别名：把内容直接写出来。")
rule("KB115", "error", "使用了显式标签", "数据文件只允许普通文本、数字和列表，删除 !! 或 ! 开头的标签。")
rule("KB116", "error", "文件过大", f"一个条目一个文件，单个文件不超过 {MAX_BYTES // 1024} KiB；过长的范文请拆分或精简。")
rule("KB117", "error", "字段重复", "同一层级的字段名只能出现一次；删除或合并重复的那一个。")
rule("KB118", "error", "一个文件含多个条目", "每个文件只写一个条目：删除 --- 分隔的其余部分，另建文件。")
rule("KB120", "error", "嵌套过深", f"条目的字段和列表至多嵌套 {MAX_DEPTH} 层：检查是否多写了 [ {{ 或 - ，或缩进错位。")


class Scalar(NamedTuple):
    """Where a scalar value is written: offsets into the text, its style, its first line and column."""

    start: int
    end: int
    style: str | None  # None plain, "'" or '"' quoted, "|" or ">" block
    line: int
    column: int


class Source:
    """Where an entry came from: its file (relative to the project) and the place of each value.

    The places (`lines`, `scalars`) are worked out from the text the first time they are asked
    for, by the same walk that built the data: only a file with a finding, or one being fixed,
    needs them, and leaving them out makes reading a third faster and a Source small to send to
    another process (kb check reads in two)."""

    __slots__ = ("path", "text", "unusual", "_lines", "_scalars")

    def __init__(self, path: str, text: str = "", unusual: bool = False):
        self.path, self.text, self.unusual = path, text, unusual
        self._lines: dict[Key, int] | None = None
        self._scalars: dict[Key, Scalar] | None = None

    def __repr__(self) -> str:
        return f"Source({self.path!r})"

    def __getstate__(self):  # the places are left behind: the receiver works them out if it needs them
        return self.path, self.text, self.unusual

    def __setstate__(self, state) -> None:
        self.__init__(*state)

    @property
    def lines(self) -> dict[Key, int]:
        if self._lines is None:
            self._locate()
        return self._lines

    @property
    def scalars(self) -> dict[Key, Scalar]:
        if self._scalars is None:
            self._locate()
        return self._scalars

    def _locate(self) -> None:
        self._lines, self._scalars = {}, {}
        if not self.text:
            return
        loader = _Loader(self.text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _build(node, (), self, loader, [], _Where(self.text))
        except (yaml.YAMLError, RecursionError):
            pass  # a file that does not parse has findings of its own, with their places
        finally:
            loader.dispose()

    def line(self, key: Key = ()) -> int:
        """The line of the value at key, or of its nearest ancestor that has one."""
        key, lines = tuple(key), self.lines
        while key not in lines and key:
            key = key[:-1]
        return lines.get(key, 1)

    def place(self, key: Key, value: str, offset: int) -> tuple[int, int]:
        """(line, column) of a character of a string value; column 0 when it cannot be told exactly
        (a value folded over several lines or written with escapes)."""
        sc = self.scalars.get(tuple(key))
        if sc is None:
            return self.line(key), 0
        raw = self.text[sc.start:sc.end]
        if sc.style is None and raw == value:
            return sc.line, sc.column + offset
        if sc.style in ("'", '"') and raw[1:-1] == value:
            return sc.line, sc.column + 1 + offset
        return sc.line, 0


STR = "tag:yaml.org,2002:str"


class _Loader(SafeLoader):
    """The safe loader, with the tag of the commonest nodes found without a search: the parser
    asks for every node's, and most are quoted strings or plain ones that start with a character
    no implicit type can start with (Chinese text). Everything else is asked of the safe loader's
    own resolver, which gives these the same answer (tests/test_properties.py compares the two) as
    long as it has no resolver for every first character and no path resolver (PyYAML's own has
    neither; were that to change, every node goes to it)."""

    _STARTS = frozenset(SafeLoader.yaml_implicit_resolvers)  # first characters of bool, int, null, …
    _DEFAULT = {yaml.ScalarNode: STR, yaml.SequenceNode: SafeLoader.DEFAULT_SEQUENCE_TAG,
                yaml.MappingNode: SafeLoader.DEFAULT_MAPPING_TAG}
    _FAST = None not in SafeLoader.yaml_implicit_resolvers and not SafeLoader.yaml_path_resolvers

    def resolve(self, kind, value, implicit):
        if self._FAST and (kind is not yaml.ScalarNode or not implicit[0] or (value and value[0] not in self._STARTS)):
            return self._DEFAULT[kind]
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):
        if not self._FAST:  # without path resolvers there is no path to follow
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self):
        if not self._FAST:
            super().ascend_resolver()


# PyYAML counts \r, NEL, U+2028 and U+2029 as line breaks too; editors, grep and GitHub's annotations
# count only \n. Places are reported the second way, so a U+2028 in one value does not shift the
# line number of every finding below it (the other characters are KB3xx findings of their own).
_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class _Where:
    """(line, column) of a parser mark, lines counted by \n alone, columns in characters."""

    def __init__(self, text: str):
        self.breaks = [m.start() for m in re.finditer("\n", text)] if _ODD_BREAKS.search(text) else None

    def __call__(self, mark) -> tuple[int, int]:
        if self.breaks is None:
            return mark.line + 1, mark.column + 1
        n = bisect.bisect_left(self.breaks, mark.index)
        return n + 1, mark.index - (self.breaks[n - 1] + 1 if n else 0) + 1


INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
# YAML 1.1 reads 33:42 (base 60), 0o17, 0x7E6, 017 and 2_022 as integers: written so, a year is not
# what it looks like. Like YAML 1.2, kb reads only plain decimal digits as an integer; the rest stay
# the text they are, and the schema names the type a field wants.
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")


def _scalar(node: yaml.ScalarNode, src: Source, loader) -> object:
    """A scalar's value: strings (nearly every value) are taken from the node as they are; other
    scalars (numbers, booleans, null) go through the safe constructor."""
    if node.tag == STR or (node.tag == INT and not _DECIMAL.fullmatch(node.value)):
        return node.value
    value = loader.construct_object(node)
    if not isinstance(value, (int, type(None))):  # floats, dates: the schema looks closer (see schema.validate)
        src.unusual = True
    return value


def _key(k: yaml.Node) -> str:
    name = k.value if isinstance(k, yaml.ScalarNode) else None
    if not isinstance(name, str):
        raise yaml.MarkedYAMLError(problem="字段名必须是一个词", problem_mark=k.start_mark)
    return name


def _duplicate(name: str, k: yaml.Node, src: Source, found: list[Finding], where: _Where) -> None:
    kline, kcol = where(k.start_mark)
    found.append(finding("KB117", src.path, kline, f"字段“{name}”重复出现（后一个会覆盖前一个）", kcol))


def _data(node: yaml.Node, src: Source, loader, found: list[Finding], where: _Where) -> object:
    """Construct the value of a node (aliases never reach here: see _hazards)."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, src, loader)
    if isinstance(node, yaml.SequenceNode):
        return [_data(v, src, loader, found, where) for v in node.value]
    out: dict = {}
    for k, v in node.value:
        name = _key(k)
        if name in out:
            _duplicate(name, k, src, found, where)
        out[name] = _data(v, src, loader, found, where)
    return out


def _build(node: yaml.Node, key: Key, src: Source, loader, found: list[Finding], where: _Where) -> object:
    """_data, recording where each value is (Source.lines and Source.scalars) on the way."""
    m = node.start_mark
    line, column = (m.line + 1, m.column + 1) if where.breaks is None else where(m)  # inline: called per node
    src._lines[key] = line
    if isinstance(node, yaml.ScalarNode):
        # the C parser reports a plain scalar's style as "", the pure one as None
        src._scalars[key] = Scalar(m.index, node.end_mark.index, node.style or None, line, column)
        return _scalar(node, src, loader)
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, key + (i,), src, loader, found, where) for i, v in enumerate(node.value)]
    out: dict = {}
    for k, v in node.value:
        name = _key(k)
        if name in out:
            _duplicate(name, k, src, found, where)
        child = key + (name,)
        out[name] = _build(v, child, src, loader, found, where)
        # a key's own line is where a reader looks for it, even when its value starts below
        src._lines[child] = where(k.start_mark)[0]
    return out


_PLAIN_UNSAFE = set("-?:,[]{}#&*!|>'\"%@`")


def scalar(value: str, plain: bool = True) -> str:
    """A string written as a YAML scalar: plain where that reads back as the same string, else
    double-quoted (a JSON string is a valid double-quoted YAML scalar)."""
    if plain and value and value[0] not in _PLAIN_UNSAFE and value == value.strip() and "\n" not in value \
            and ": " not in value and " #" not in value and not any(c in value for c in ",[]{}") \
            and not _UNPRINTABLE.search(value):
        try:
            if yaml.load(value, Loader=SafeLoader) == value:
                return value
        except yaml.YAMLError:
            pass
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))


# json.dumps leaves these raw, but YAML refuses them in a file (DEL, C1) or reads them as line
# breaks (NEL, U+2028/9): written as \u escapes, which mean the same in both
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


# Where the parser gave up is not always where the mistake is: for an unclosed quote or bracket
# the opening one is what to look at. The parser's English problem text gets a Chinese reading.
_UNCLOSED = {"while scanning a quoted scalar": "引号没有闭合", "while parsing a flow sequence": "方括号 [ 没有闭合",
             "while parsing a flow mapping": "花括号 { 没有闭合"}
_PROBLEMS = (
    ("mapping values are not allowed", "这里多了一个“: ”：文字中有英文冒号加空格时，把整段文字用引号括起来"),
    ("did not find expected key", "缩进或格式不对：同一层的字段要左对齐；文字以引号开头又没在引号处结束时，把整段文字再用引号括起来"),
    ("tab character", "用了制表符缩进，只能用空格"),
    ("cannot start any token", "这个字符不能作为值的开头（如 @、`、%），把整段文字用引号括起来"),
    ("expected '-' indicator", "列表项的缩进不对，或列表中间混进了字段"),
    ("could not find expected ':'", "缺少“: ”，或上一行的引号没有闭合"),
    ("expected <block end>", "缩进不对：这一行比上一层缩进得少或多"),
    ("found unexpected end of stream", "文件意外结束"),
    ("found undefined alias", "引用了不存在的别名"),
)


def _syntax(exc: yaml.YAMLError, path: str, where: _Where) -> Finding:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return finding("KB101", path, 1, f"YAML 语法错误：{exc}")
    problem = exc.problem or str(exc)
    if exc.context in _UNCLOSED and exc.context_mark:
        mark, text = exc.context_mark, _UNCLOSED[exc.context]
    else:
        mark = exc.problem_mark or exc.context_mark
        text = next((zh for en, zh in _PROBLEMS if en in problem), f"YAML 语法错误：{problem}")
    line, col = where(mark) if mark else (1, 0)
    return finding("KB101", path, line, text, col)


# What can open a level of nesting. In block style a collection starts at the indentation, after a
# "- ", "? " or ": " indicator, or after an anchor or tag there; its column grows with each level
# (an indentless list under a key adds one level at the same column). So 2 × (the widest such line
# prefix + 1), plus every [ and { in the file, bounds the depth from above.
_PREFIX = re.compile(r"^[ ]*(?:(?:[-?:]|[&!][^ \n]*)(?:[ ]+|$))*", re.M)


def _depth(text: str, path: str, where: _Where) -> Finding | None:
    """A KB120 finding when the file nests deeper than MAX_DEPTH. Both the pure and the C composer
    recurse once per level (RecursionError, or a crash of the process); the parser's event stream
    does not, so the exact depth is counted there, and only for a file the cheap bound cannot clear."""
    widest = max(map(len, _PREFIX.findall(text)), default=0)
    if 2 * (widest + 1) + text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=SafeLoader):
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line, col = where(ev.start_mark)
                    return finding("KB120", path, line, f"从这里起嵌套超过 {MAX_DEPTH} 层，未读取此文件", col)
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # the syntax error is reported by the parse that follows; the nesting up to it was shallow
    return None


def _hazards(text: str, path: str, where: _Where) -> list[Finding]:
    """Screen the event stream: nothing is constructed, so an alias bomb costs nothing here."""
    if not any(c in text for c in "&*!") and "---" not in text and "..." not in text:
        return []  # without these characters there can be no anchor, alias, tag or second document
    out, docs = [], 0
    for ev in yaml.parse(text, Loader=SafeLoader):
        line, col = where(ev.start_mark)
        if isinstance(ev, yaml.DocumentStartEvent):
            docs += 1
            if docs == 2:
                out.append(finding("KB118", path, line, "文件中有第二个条目（--- 之后）", col))
        elif isinstance(ev, yaml.AliasEvent):
            out.append(finding("KB114", path, line, f"别名 *{ev.anchor}", col))
        elif isinstance(ev, yaml.NodeEvent):
            if ev.anchor is not None:
                out.append(finding("KB114", path, line, f"锚点 &{ev.anchor}", col))
            if getattr(ev, "tag", None) is not None:  # untagged nodes have none
                out.append(finding("KB115", path, line,
                                   f"标签 {ev.tag.replace('tag:yaml.org,2002:', '!!')}", col))
    return out


def parse(text: str, rel_path: str) -> tuple[object, Source, list[Finding]]:
    """Parse YAML text. Returns (data, source, findings); data is None when it cannot be trusted,
    and then the source has no text either: nothing works out places in it later (see _locate)."""
    source, untrusted = Source(rel_path, text=text), Source(rel_path)
    # a tab in a value or a comment is legal YAML (KB303 deals with one in a value); in indentation it is not
    found = [finding("KB109", rel_path, n, "此行用制表符缩进", len(line) - len(line.lstrip(" ")) + 1)
             for n, line in enumerate(text.split("\n"), 1) if line.lstrip(" ").startswith("\t")] if "\t" in text else []
    tab_lines = {f.line for f in found}
    where = _Where(text)
    deep = _depth(text, rel_path, where)
    if deep:
        return None, untrusted, found + [deep]
    try:
        hazards = _hazards(text, rel_path, where)
        if hazards:
            return None, untrusted, found + hazards
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = None if node is None else _data(node, source, loader, found, where)
        finally:
            loader.dispose()
    except RecursionError:  # a safety net: _depth should have stopped such a file already
        return None, untrusted, found + [finding("KB120", rel_path, 1, "嵌套过深，未读取此文件")]
    except yaml.YAMLError as exc:
        syntax = _syntax(exc, rel_path, where)
        # a tab in indentation is what broke the parse: the KB109 finding already says so
        return None, untrusted, [f for f in found if f.code == "KB109"] + (
            [] if syntax.line in tab_lines else [syntax])
    return data, source, found


def read(path: Path, root: Path, dirs: set[str] | None = None) -> tuple[object, Source, list[Finding]]:
    """Read one data file through the file gate (files.py) and parse it; dirs: see files.why_not."""
    p, r = str(path), str(root).rstrip("/") + "/"
    # as relative_to, which also goes by the names alone; a string slice is a tenth of its time
    rel = p[len(r):] if os.sep == "/" and p.startswith(r) else path.relative_to(root).as_posix()
    try:
        raw = files.read_bytes(path, root, MAX_BYTES, dirs)
    except files.NotRegular as exc:
        return None, Source(rel), [finding("KB119", rel, 1, f"此路径{exc}")]
    if len(raw) > MAX_BYTES:
        size = path.lstat().st_size
        return None, Source(rel), [finding("KB116", rel, 1, f"文件有 {max(size, len(raw)) // 1024} KiB，未读取")]
    found = []
    if raw.startswith(BOM):
        found.append(finding("KB108", rel, 1, "文件以 BOM（EF BB BF）开头"))
        raw = raw[len(BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[:exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Source(rel), found + [finding(
            "KB107", rel, line, f"第 {exc.start + 1} 个字节（0x{raw[exc.start]:02X}）不是 UTF-8", col)]
    data, src, more = parse(text, rel)
    return data, src, found + more
