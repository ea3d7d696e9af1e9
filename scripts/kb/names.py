"""Names the site generates, which an entry's id must not take.

An entry's id becomes a page name (frameworks/<id>.md, dimensions/<id>.md, reports/<id>.md) or an
anchor (#<id> on the page that lists it, and on every report page that cites it). The section
overviews are index.md in those folders, and the pages carry anchors of their own: level-<层级> on
a dimension page, root-<根源> on the causes page, h-<n> on a framework page, p-opening, s1, s1-2,
s1-lead, s1-p2 … on a report page. An id taking one of these would silently replace the overview or
duplicate an anchor, so it is reported (KB122) and the build refuses it.
"""
from __future__ import annotations

import re

from .findings import Finding, finding, rule
from .model import KIND_NAMES, Catalogue

PAGES = frozenset({"index"})
ANCHOR = re.compile(r"(?:level|root|h|p)-.*|s[0-9]+(?:-.*)?")

rule("KB122", "error", "编号与生成的页面或锚点重名",
     "换一个编号：index 是各栏目的目录页；level-…、root-…、h-…、p-… 和 s1、s1-2 这样的编号是页面上生成的锚点。")


def why_reserved(ident: str) -> str | None:
    """Why an id cannot be used, or None."""
    if ident in PAGES:
        return f"“{ident}” 是栏目目录页的文件名，用作编号会顶替目录页"
    if ANCHOR.fullmatch(ident):
        return f"“{ident}” 与页面上生成的锚点同名（维度页的层级分组、原因页的根源分组、框架页的方面、范文页的段落）"
    return None


def check(cat: Catalogue) -> list[Finding]:
    out = []
    for kind in KIND_NAMES:
        for e in cat.table(kind).values():
            why = why_reserved(e.id)
            if why:
                out.append(finding("KB122", e.path, e.src.line(("id",)), f"{KIND_NAMES[kind]}的编号{why}"))
    return out
