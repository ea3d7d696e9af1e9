"""Validate entry data against the JSON Schemas in data/schema/, with readable findings.

The same schema files are published for editors (yaml-language-server), so what an editor
underlines is what the checker reports. Two libraries share the work: fastjsonschema compiles
each schema to Python and answers "valid?" quickly for the thousands of files that are; only a
file it rejects goes through jsonschema, whose errors name the field and value for the finding.
The schemas use only keywords that mean the same in draft 7 (which fastjsonschema speaks) and
draft 2020-12 (what they declare); a test checks both agree on every fixture.
"""
from __future__ import annotations

import datetime
import json
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema
from referencing import Registry, Resource

from .findings import Finding, finding, rule
from .yamlsrc import Source

rule("KB102", "error", "缺少必填字段", "按该类条目的模板（见“字段说明”页或 kb new）补上此字段。")
rule("KB103", "error", "未知字段", "删除该字段，或检查字段名拼写（各类条目允许的字段见“字段说明”页）。")
rule("KB104", "error", "字段类型错误", "按字段说明改为正确的类型（文本、整数或列表）。")
rule("KB105", "error", "取值不在允许范围内", "改为允许的取值之一。")
rule("KB106", "error", "取值不符合格式或长度要求", "按字段说明调整内容的格式或长度。")
rule("KB113", "error", "编号格式不对", "编号只用小写英文字母、数字和连字符，如 study-012、cause-031。")

TYPE_NAMES = {"string": "文本", "integer": "整数", "array": "列表", "object": "键值表",
              "number": "数字", "boolean": "是/否"}


def _inline(node, resolver):
    """The schema with references to other files replaced by what they point to."""
    if isinstance(node, dict):
        if "$ref" in node and not node["$ref"].startswith("#"):
            return _inline(resolver.lookup(node["$ref"]).contents, resolver)
        return {k: _inline(v, resolver) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, resolver) for v in node]
    return node


def _anchored(node):
    """The schema with each pattern's closing $ written \\Z. In JSON Schema (ECMA-262) $ ends the
    string; in Python it also matches before a final newline, so "team\\n" would pass as an id."""
    if isinstance(node, dict):
        return {k: (v[:-1] + "\\Z" if k == "pattern" and isinstance(v, str) and v.endswith("$")
                    and not v.endswith("\\$") else _anchored(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_anchored(v) for v in node]
    return node


if TYPE_CHECKING:
    import jsonschema


@lru_cache(maxsize=1)
def _validator_class():
    """jsonschema's 2020-12 validator, for which an integer is an int: jsonschema (and
    fastjsonschema) also take 2022.0, which YAML reads from "2022.0". Imported on first use: a
    catalogue whose files all pass fastjsonschema never needs it (kb check starts sooner)."""
    import jsonschema
    return jsonschema.validators.extend(
        jsonschema.Draft202012Validator,
        type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
            "integer", lambda _, x: isinstance(x, int) and not isinstance(x, bool)))


@lru_cache(maxsize=8)
def _registry(schema_dir: str) -> tuple[dict[str, dict], Registry]:
    """Every schema in schema_dir by kind, and the registry that resolves their references."""
    schemas = {p.name.removesuffix(".schema.json"): _anchored(json.loads(p.read_text(encoding="utf-8")))
               for p in sorted(Path(schema_dir).glob("*.schema.json"))}
    return schemas, Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())


@lru_cache(maxsize=64)
def _fast(schema_dir: str, kind: str):
    """fastjsonschema's check for one kind, compiled when the kind is first checked: compiling is
    most of the cost, and each of kb check's two readers meets only some kinds."""
    schemas, registry = _registry(schema_dir)
    s = schemas[kind]
    draft7 = {**_inline(s, registry.resolver(s["$id"])), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7)


@lru_cache(maxsize=64)
def _full(schema_dir: str, kind: str) -> jsonschema.Validator:
    """jsonschema's validator for one kind: its errors name the field and the value."""
    schemas, registry = _registry(schema_dir)
    return _validator_class()(schemas[kind], registry=registry)


def is_valid(kind: str, data: object, schema_dir: Path, fast: bool = True) -> bool:
    """fast: fastjsonschema's answer, which takes 2022.0 as an integer: see validate for how floats
    still get the full validator's."""
    if not fast:
        return _full(str(schema_dir), kind).is_valid(data)
    try:
        _fast(str(schema_dir), kind)(data)
        return True
    except fastjsonschema.JsonSchemaException:
        return False


def _field(path) -> str:
    return ".".join(str(p) for p in path) or "文件顶层"


def _got(value, src: Source, where: tuple) -> str:
    """What YAML made of a value, named for the reader, with how it was written where that explains it."""
    sc = src.scalars.get(where)
    raw = src.text[sc.start:sc.end] if sc else ""
    if isinstance(value, bool):
        return f"是/否（YAML 把没有引号的 {raw or json.dumps(value)} 读作{'是' if value else '否'}）"
    if isinstance(value, float):
        return f"小数 {raw or value}"
    if isinstance(value, datetime.datetime):
        return f"日期时间 {raw or value}（YAML 把它读作日期；要写文字请加引号）"
    if isinstance(value, datetime.date):
        return f"日期 {raw or value}（YAML 把它读作日期；要写文字请加引号）"
    if value is None:
        return "空值"
    name = TYPE_NAMES.get({str: "string", int: "integer", list: "array", dict: "object"}.get(type(value), ""), "其他")
    if isinstance(value, (str, int)):
        name += f" {json.dumps(value, ensure_ascii=False)[:30]}"
    return name


def _shown(value) -> str:
    """A value quoted for a finding: JSON escapes keep a newline or control character from reaching the terminal."""
    return json.dumps(value, ensure_ascii=False, default=str)


def _describe(err: jsonschema.ValidationError, src: Source) -> tuple[str, str, tuple]:
    """(code, message, where) for one schema error, naming the field and the offending value."""
    where = tuple(err.absolute_path)
    name = _field(where)
    v = err.validator
    within = f"（在 {name} 中）" if where else ""
    if v == "required":
        missing = [f for f in err.validator_value if f not in err.instance]
        return "KB102", f"缺少必填字段“{'、'.join(missing)}”{within}", where
    if v == "additionalProperties":
        allowed = set(err.schema.get("properties", {}))
        extra = sorted(k for k in err.instance if k not in allowed)
        key = where + (extra[0],) if extra else where
        return "KB103", f"未知字段“{'、'.join(extra)}”（允许的字段：{'、'.join(sorted(allowed))}）", key
    if v == "type":
        want = err.validator_value
        want = "或".join(TYPE_NAMES.get(t, t) for t in ([want] if isinstance(want, str) else want))
        got = _got(err.instance, src, where)
        subject = f"字段 {name}" if where else "文件内容"
        return "KB104", f"{subject}应为{want}，实际是{got}", where
    if v in ("enum", "const"):
        allowed = err.validator_value if v == "enum" else [err.validator_value]
        return "KB105", f"字段 {name} 的取值 {_shown(err.instance)} 不允许（可选：{'、'.join(map(str, allowed))}）", where
    if v == "pattern":
        why = "末尾有换行（块标量 | 或引号里的 \\n 会带上它）" if err.instance.endswith("\n") else \
            "只能用小写英文字母、数字和连字符"
        return ("KB113" if where == ("id",) else "KB106"), f"字段 {name} 的取值 {_shown(err.instance)} 格式不对（{why}）", where
    if v in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        bound = {"minLength": "至少 {} 个字", "maxLength": "至多 {} 个字", "minItems": "至少 {} 项",
                 "maxItems": "至多 {} 项", "minimum": "不小于 {}", "maximum": "不大于 {}"}[v]
        return "KB106", f"字段 {name} 应{bound.format(err.validator_value)}", where
    if v == "uniqueItems":
        return "KB106", f"字段 {name} 中有重复的项", where
    if v == "not" and set(err.validator_value) == {"required"}:
        # written as if/then: a field that must be left out given another one (unknown heading → no title)
        banned = [f for f in err.validator_value["required"] if f in err.instance]
        return "KB106", f"{name} 中不应写“{'、'.join(banned)}”（见字段说明）", where + tuple(banned[:1])
    if v == "oneOf":
        return "KB106", f"{name} 应二选一：引用条目（ref）或写原文段落（text）", where
    return "KB106", f"字段 {name}：{err.message}", where


def validate(kind: str, data: object, src: Source, schema_dir: Path) -> list[Finding]:
    # a file with a float or a date in it (rare) is judged by the full validator alone
    if not src.unusual and is_valid(kind, data, schema_dir):
        return []
    validator = _full(str(schema_dir), kind)
    out = []
    for err in validator.iter_errors(data):
        # for oneOf, the most specific sub-error reads better than "is not valid under any"
        code, message, where = _describe(err, src)
        out.append(finding(code, src.path, src.line(where), message))
    return sorted(set(out))


# ---- the field reference the site shows, read from the same schema files ------------------------
KIND_ORDER = ("issue", "cause", "remedy", "criticism", "passage", "dimension", "framework", "report", "vocab", "typos",
              "keywords", "layout", "selfcheck")


def _constraints(s: dict) -> list[str]:
    out = []
    if "enum" in s:
        out.append("可选：" + "、".join(map(str, s["enum"])))
    if "pattern" in s:
        out.append("小写英文字母、数字和连字符")
    lo, hi = s.get("minLength"), s.get("maxLength")
    if lo and hi:
        out.append(f"{lo}–{hi} 字")
    elif hi:
        out.append(f"至多 {hi} 字")
    elif lo:
        out.append(f"至少 {lo} 字")
    if s.get("minItems"):
        out.append(f"至少 {s['minItems']} 项")
    if s.get("uniqueItems"):
        out.append("各项不重复")
    if "minimum" in s and "maximum" in s:
        out.append(f"{s['minimum']}–{s['maximum']}")
    elif "minimum" in s:
        out.append(f"不小于 {s['minimum']}")
    return out


def _type(s: dict) -> str:
    t = s.get("type", "string" if "enum" in s else "")
    if t == "array":
        inner = s.get("items", {})
        return f"列表（{TYPE_NAMES.get(inner.get('type', 'object'), '键值表')}）"
    return TYPE_NAMES.get(t, t or "键值表")


def fields(kind: str, schema_dir: Path) -> tuple[dict, list[dict]]:
    """(the schema, its fields flattened: name, required, type, description, constraints)."""
    schemas, registry = _registry(str(schema_dir))
    root, resolver = schemas[kind], registry.resolver(schemas[kind]["$id"])

    def deref(s: dict) -> dict:
        while "$ref" in s:
            s = resolver.lookup(s["$ref"]).contents
        return s

    out: list[dict] = []

    def walk(s: dict, prefix: str) -> None:
        s = deref(s)
        if s.get("type") == "array" and deref(s.get("items", {})).get("type") == "object":
            s = deref(s["items"])
        required = set(s.get("required", []))
        for name, sub in s.get("properties", {}).items():
            said = sub.get("description", "")  # a description beside a $ref is the field's own
            sub = deref(sub)
            item = deref(sub.get("items", {})) if sub.get("type") == "array" else {}
            out.append({"name": prefix + name, "required": name in required, "type": _type(sub),
                        "description": said or sub.get("description", ""),
                        "constraints": _constraints(sub) + _constraints(item)})
            if sub.get("type") == "object" or item.get("type") == "object":
                walk(sub, f"{prefix}{name}{'[].' if item else '.'}")

    walk(root, "")
    return root, out
