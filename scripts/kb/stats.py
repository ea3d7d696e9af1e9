"""Counts per kind, per dimension and per level (`kb stats`, the home page)."""
from __future__ import annotations

from .model import Catalogue


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
        }
    levels = {
        lv: {"name": term.name, **{k: sum(lv in e.levels for e in cat.table(k).values())
                                   for k in ("issue", "cause", "remedy")},
             "report": sum(r.level == lv for r in cat.reports.values())}
        for lv, term in cat.vocab.get("levels", {}).items()
    }
    linked = [i for i in cat.issues.values() if i.causes and i.remedies]
    return {
        "kinds": cat.counts(),
        "dimensions": dims,
        "levels": levels,
        "coverage": {
            "issues_with_cause_and_remedy": len(linked),
            "issues": len(cat.issues),
            "dimensions_uncovered": [d for d, v in dims.items()
                                     if v["issues"] and not (v["causes"] and v["remedies"])],
        },
    }


def table(s: dict) -> str:
    """A plain-text rendering for the terminal."""
    out = ["条目数量：" + "，".join(f"{k} {v}" for k, v in s["kinds"].items())]
    out.append("")
    out.append(f"{'维度':<14}{'问题':>6}{'原因':>6}{'措施':>6}  各层级问题数")
    for did, v in s["dimensions"].items():
        lv = " ".join(f"{k}={n}" for k, n in v["levels"].items())
        out.append(f"{did:<14}{v['issues']:>6}{v['causes']:>6}{v['remedies']:>6}  {lv}")
    out.append("")
    out.append("层级：" + "；".join(
        f"{k}（{v['name']}）问题 {v['issue']}、原因 {v['cause']}、措施 {v['remedy']}、范文 {v['report']}"
        for k, v in s["levels"].items()))
    c = s["coverage"]
    out.append(f"同时关联原因和措施的问题：{c['issues_with_cause_and_remedy']}/{c['issues']}")
    if c["dimensions_uncovered"]:
        out.append("缺少原因或措施覆盖的维度：" + "、".join(c["dimensions_uncovered"]))
    return "\n".join(out)
