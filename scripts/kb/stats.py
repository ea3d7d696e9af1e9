"""Counts per kind, per dimension and per level (`kb stats`, the home page).

The content minimums of the catalogue (issue 5) are asserted on this output by
tests/test_catalogue.py, so the figures here are the ones a regression would show in.
"""
from __future__ import annotations

import re

from .model import Catalogue

# An example written as a template: it opens with 比如/例如 and marks the writer's own facts with 〔〕.
_TEMPLATE = re.compile(r"^(比如|例如|再比如)，.*〔[^〔〕]+〕", re.S)


def templated(example: str) -> bool:
    return bool(_TEMPLATE.match(example or ""))


def compute(cat: Catalogue) -> dict:
    dims = {}
    for d in cat.sorted_dimensions():
        issues = cat.issues_of(d.id)
        dims[d.id] = {
            "name": d.name,
            "issues": len(issues),
            "causes": len({c for i in issues for c in i.causes}),
            "remedies": len({m for i in issues for m in i.remedies}),
            "levels": {lv: sum(lv in i.levels for i in issues) for lv in cat.vocab.get("levels", {})},
            "with_example": sum(templated(i.example) for i in issues),
            "linked": sum(bool(i.causes and i.remedies) for i in issues),
            "questions": len(d.questions),
        }
    levels = {
        lv: {"name": term.name, **{k: sum(lv in e.levels for e in cat.table(k).values())
                                   for k in ("issue", "cause", "remedy")},
             "report": sum(r.level == lv for r in cat.reports.values())}
        for lv, term in cat.vocab.get("levels", {}).items()
    }
    linked = [i for i in cat.issues.values() if i.causes and i.remedies]
    roots = cat.vocab.get("roots", {})
    frameworks = cat.sorted_frameworks()
    tagged = ("issue", "cause", "remedy", "criticism", "passage")  # the kinds that carry sectors
    sectors = {sid: {"name": t.name, **{k: sum(sid in e.sectors for e in cat.table(k).values()) for k in tagged}}
               for sid, t in cat.vocab.get("sectors", {}).items()}
    for v in sectors.values():
        v["total"] = sum(v[k] for k in tagged)
    return {
        "kinds": cat.counts(),
        "sectors": sectors,
        "provenance": {
            "original_reports": sum(r.original for r in cat.reports.values()),
            "from_original_reports": len(cat.seed_derived()),
            **{k: sum(bool(cat.from_reports(e.id)) for e in cat.table(k).values()) for k in ("issue", "cause", "remedy")},
        },
        "roles": {rid: sum(rid in e.roles for k in tagged for e in cat.table(k).values())
                  for rid in cat.vocab.get("roles", {})},
        "criticisms": {t: sum(c.target == t for c in cat.criticisms.values()) for t in cat.vocab.get("targets", {})},
        "passages": {p: sum(x.part == p for x in cat.passages.values()) for p in cat.vocab.get("parts", {})},
        "dimensions": dims,
        "levels": levels,
        "causes_by_root": {r: sum(c.root == r for c in cat.causes.values()) for r in roots},
        "frameworks": {
            "years": sorted({f.year for f in frameworks}),
            "confidence": {c: sum(f.confidence == c for f in frameworks) for c in ("high", "medium", "unsure")},
            "headings": sum(len(f.headings) for f in frameworks),
            "headings_unknown": sum(h.unknown for f in frameworks for h in f.headings),
        },
        "coverage": {
            "issues_with_cause_and_remedy": len(linked),
            "issues_with_example": sum(v["with_example"] for v in dims.values()),
            "issues": len(cat.issues),
            "dimensions_uncovered": [d for d, v in dims.items()
                                     if v["issues"] and not (v["causes"] and v["remedies"])],
        },
    }


def table(s: dict) -> str:
    """A plain-text rendering for the terminal."""
    out = ["条目数量：" + "，".join(f"{k} {v}" for k, v in s["kinds"].items())]
    out.append("")
    out.append(f"{'维度':<14}{'问题':>6}{'原因':>6}{'措施':>6}{'模板':>6}{'关联':>6}  各层级问题数（占比）")
    for did, v in s["dimensions"].items():
        n = v["issues"] or 1
        lv = " ".join(f"{k}={c}（{c * 100 // n}%）" for k, c in v["levels"].items())
        out.append(f"{did:<14}{v['issues']:>6}{v['causes']:>6}{v['remedies']:>6}{v['with_example']:>6}"
                   f"{v['linked']:>6}  {lv}")
    out.append("")
    out.append("层级：" + "；".join(
        f"{k}（{v['name']}）问题 {v['issue']}、原因 {v['cause']}、措施 {v['remedy']}、范文 {v['report']}"
        for k, v in s["levels"].items()))
    c = s["coverage"]
    out.append("原因按根源：" + "，".join(f"{k} {v}" for k, v in s["causes_by_root"].items()))
    f = s["frameworks"]
    out.append(f"框架覆盖年度：{'、'.join(map(str, f['years']))}；可信度 " + "，".join(
        f"{k} {v}" for k, v in f["confidence"].items()) + f"；方面 {f['headings']} 个，其中未找到原文 {f['headings_unknown']} 个")
    out.append(f"同时关联原因和措施的问题：{c['issues_with_cause_and_remedy']}/{c['issues']}")
    out.append(f"带模板事例（比如……〔〕）的问题：{c['issues_with_example']}/{c['issues']}")
    out.append("行业领域（问题、原因、措施、批评意见、段落范式合计，未标的为通用）：" + "，".join(
        f"{v['name']} {v['total']}" for v in s["sectors"].values()))
    out.append("相互批评意见按对象：" + "，".join(f"{k} {v}" for k, v in s["criticisms"].items())
               + "；段落范式按部分：" + "，".join(f"{k} {v}" for k, v in s["passages"].items()))
    p = s["provenance"]
    out.append(f"出自范文原文的条目：{p['from_original_reports']}（来自 {p['original_reports']} 篇原文范文）")
    if c["dimensions_uncovered"]:
        out.append("缺少原因或措施覆盖的维度：" + "、".join(c["dimensions_uncovered"]))
    return "\n".join(out)
