"""Read one YAML file into plain data plus the line of every value (from the parser's node marks).

Only the safe loader is used: tags that construct objects are refused by it, so nothing in data/
can run code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C loader is much faster; the pure one behaves the same
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader

from .findings import Finding, finding

Key = tuple  # a path into the data: ("headings", 2, "dimensions", 0)


@dataclass
class Source:
    """Where an entry came from: its file (relative to the project) and the line of each value."""

    path: str
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, key: Key = ()) -> int:
        """The line of the value at key, or of its nearest ancestor that has one."""
        key = tuple(key)
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


def _mark_lines(node: yaml.Node, key: Key, out: dict[Key, int]) -> None:
    out[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            child = key + (k.value,)
            _mark_lines(v, child, out)
            # a key's own line is where a reader looks for it, even when its value starts below
            out[child] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _mark_lines(v, key + (i,), out)


def parse(text: str, rel_path: str) -> tuple[object, Source, list[Finding]]:
    """Parse YAML text. Returns (data, source, findings); data is None when the text is not valid."""
    source = Source(rel_path)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, source, []
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        problem = exc.problem or str(exc)
        return None, source, [finding("KB101", rel_path, line, f"YAML 语法错误：{problem}", col)]
    except yaml.YAMLError as exc:
        return None, source, [finding("KB101", rel_path, 1, f"YAML 语法错误：{exc}")]
    finally:
        loader.dispose()
    _mark_lines(node, (), source.lines)
    return data, source, []


def read(path: Path, root: Path) -> tuple[object, Source, list[Finding]]:
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, Source(rel), [finding("KB101", rel, 1, f"文件不是 UTF-8 编码（第 {exc.start} 字节）")]
    return parse(text, rel)
