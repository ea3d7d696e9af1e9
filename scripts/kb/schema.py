"""Validate entry data against the JSON Schemas in data/schema/, with readable findings.

The same schema files are published for editors (yaml-language-server), so what an editor
underlines is what the checker reports.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from .findings import Finding, finding
from .yamlsrc import Source

TYPE_NAMES = {"string": "文本", "integer": "整数", "array": "列表", "object": "键值表",
              "number": "数字", "boolean": "是/否"}


@lru_cache(maxsize=8)
def _validators(schema_dir: str) -> dict[str, jsonschema.protocols.Validator]:
    schemas = {p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
               for p in sorted(Path(schema_dir).glob("*.schema.json"))}
    registry = Registry().with_resources(
        (s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return {kind: jsonschema.Draft202012Validator(s, registry=registry) for kind, s in schemas.items()}


def _field(path) -> str:
    return ".".join(str(p) for p in path) or "（文件顶层）"


def _describe(err: jsonschema.ValidationError) -> tuple[str, str, tuple]:
    """(code, message, where) for one schema error, naming the field and the offending value."""
    where = tuple(err.absolute_path)
    name = _field(where)
    v = err.validator
    if v == "required":
        missing = [f for f in err.validator_value if f not in err.instance]
        return "KB102", f"缺少必填字段“{'、'.join(missing)}”（在 {name}）", where
    if v == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        extra = sorted(k for k in err.instance if k not in allowed)
        key = where + (extra[0],) if extra else where
        return "KB103", f"未知字段“{'、'.join(extra)}”（允许的字段：{'、'.join(sorted(allowed))}）", key
    if v == "type":
        want = err.validator_value
        want = "或".join(TYPE_NAMES.get(t, t) for t in ([want] if isinstance(want, str) else want))
        return "KB104", f"字段 {name} 应为{want}，实际是 {json.dumps(err.instance, ensure_ascii=False)[:40]}", where
    if v in ("enum", "const"):
        allowed = err.validator_value if v == "enum" else [err.validator_value]
        return "KB105", f"字段 {name} 的取值 {json.dumps(err.instance, ensure_ascii=False)} 不允许（可选：{'、'.join(map(str, allowed))}）", where
    if v == "pattern":
        return "KB106", f"字段 {name} 的取值“{err.instance}”格式不对（只能用小写英文字母、数字和连字符）", where
    if v in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        bound = {"minLength": "至少 {} 个字", "maxLength": "至多 {} 个字", "minItems": "至少 {} 项",
                 "maxItems": "至多 {} 项", "minimum": "不小于 {}", "maximum": "不大于 {}"}[v]
        return "KB106", f"字段 {name} 应{bound.format(err.validator_value)}", where
    if v == "uniqueItems":
        return "KB106", f"字段 {name} 中有重复的项", where
    if v == "oneOf":
        return "KB106", f"{name} 应二选一：引用条目（ref）或写原文段落（text）", where
    return "KB106", f"字段 {name}：{err.message}", where


def validate(kind: str, data: object, src: Source, schema_dir: Path) -> list[Finding]:
    validator = _validators(str(schema_dir))[kind]
    out = []
    for err in validator.iter_errors(data):
        # for oneOf, the most specific sub-error reads better than "is not valid under any"
        code, message, where = _describe(err)
        out.append(finding(code, src.path, src.line(where), message))
    return sorted(set(out))
