"""The two files kb import writes, as YAML text in the catalogue's own style: the report (items and
errata as one-line flow mappings, like the curated reports) and the candidate entries for review."""
from __future__ import annotations

import json

from .. import yamlsrc

TODO = "待填"
_FLOW = ("levels", "patterns", "terms", "causes", "remedies")  # short lists of ids: [a, b]


def _plain_or_quoted(value: str) -> str:
    out = yamlsrc.scalar(value)
    # inside { } a plain ":" or "#" may be read as syntax: quote such values
    return json.dumps(value, ensure_ascii=False) if out == value and (":" in value or "#" in value) else out


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_plain_or_quoted(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    return _plain_or_quoted(str(value))


def _block(data: dict, indent: str, todo: dict[str, str], flow_lists: tuple[str, ...]) -> list[str]:
    lines = []
    for key, value in data.items():
        if key in todo:
            lines.append(f'{indent}{key}: ""  # {TODO}：{todo[key]}')
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{indent}{key}:")
            for v in value:
                if key in flow_lists:
                    lines.append(f"{indent}- {_value(v)}")
                else:
                    inner = _block(v, indent + "  ", {}, flow_lists)
                    lines.append(f"{indent}- {inner[0].lstrip()}")
                    lines += inner[1:]
        elif isinstance(value, list) and value and key not in _FLOW:  # paragraphs: one per line
            lines.append(f"{indent}{key}:")
            lines += [f"{indent}- {_plain_or_quoted(v)}" for v in value]
        elif isinstance(value, dict) and key == "entry":  # the body of a file to save: block style
            lines.append(f"{indent}{key}:")
            lines += _block(value, indent + "  ", {}, flow_lists)
        else:
            lines.append(f"{indent}{key}: {_value(value)}")
    return lines


def _comment(text: str) -> str:
    """Text safe inside a # comment: a line break (or anything unprintable) in a file name would
    end the comment and put the rest of the name into the YAML as keys."""
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def shown_name(name: str) -> str:
    """A file name as findings, comments and the source field show it: unprintable characters escaped."""
    return _comment(name)


def report(data: dict, todo: dict[str, str], schema_path: str, name: str) -> str:
    name, schema_path = _comment(name), _comment(schema_path)
    head = [f"# yaml-language-server: $schema={schema_path}",
            f"# 由 kb import 从原文 {name} 导入。标有“{TODO}”的字段请补上，然后运行 make check；",
            "# 勘误表（errata）记录了导入时对原文的每一处清理和改动，请逐条核对。"]
    return "\n".join(head + _block(data, "", todo, ("items", "errata"))) + "\n"


def candidates(items: list[dict], report_path: str, name: str) -> str:
    name = _comment(name)
    head = ["# kb import 的候选条目：范文中每一项与条目库比对的结果，供整理入库时参考（本文件不入库，kb check 不读它）。",
            f"# 原文：{name}；范文：{_comment(report_path)}",
            "# match：与已有条目相同（相似度达 85%），范文中已写为 ref 引用它。",
            "# entry：没有相同的条目。要收入条目库，把 entry 下的内容另存为 file 所写的文件，改写成通用的表述，",
            "#        补上 causes、remedies 等链接，再把范文中这一项的 text 换成 ref: 新编号。",
            "# nearest：最相近的已有条目，相似度不到 85%，请看看是否其实说的是同一件事。"]
    body = _block({"report": report_path, "items": items}, "", {}, ())
    return "\n".join(head + body) + "\n"
