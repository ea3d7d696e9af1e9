"""KB322: an entry for individuals that assumes a leader's duties says so with roles: [leader].

个人 covers both 领导干部 and 普通党员; suggestions for an ordinary member must not talk about 分管
领域. The words that give a leader's text away are few and reliable (分管, 主管, 班子成员的职责);
“向分管领导汇报” is what a member does, so a 分管/主管 after 向、由、找、与、和、或 does not count.
"""
from __future__ import annotations

import re

from ..findings import Finding, finding, rule
from ..model import Catalogue

rule("KB322", "warning", "写到分管、主管职责的个人条目没有标 roles: [leader]",
     "这条文字只适合领导干部：加上 roles: [leader]；若也适合普通党员，改写成不涉及分管、主管领域的说法。")

LEADER_WORDS = re.compile(r"(?<![向由找与和或])(分管|主管(?!部门))|作为班子成员|班子成员的职责")
KINDS = ("issue", "cause", "remedy", "criticism", "passage")
FIELDS = ("headline", "title", "body", "example", "text", "analysis", "self_check")


def check(cat: Catalogue) -> list[Finding]:
    out = []
    for kind in KINDS:
        for e in sorted(cat.table(kind).values(), key=lambda e: e.id):
            if "individual" not in e.levels or "leader" in e.roles:
                continue
            for name in FIELDS:
                m = LEADER_WORDS.search(getattr(e, name, "") or "")
                if m and name in _written(e):
                    out.append(finding("KB322", e.path, e.src.line((name,)),
                                       f"{name} 中写到“{m[0]}”，适用层级含个人，却没有标 roles: [leader]"))
                    break
    return out


def _written(e) -> set[str]:
    """The fields the file itself has (a passage's text may be derived from its two halves)."""
    return {k[0] for k in e.src.lines if len(k) == 1}
