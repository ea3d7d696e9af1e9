"""Why a piece of the input was removed or changed, and how the report's errata records it.

The errata follow what the curated reports do: every change to the text a reader sees is
recorded; noise (ads, paid markers, page chrome) is described, never quoted, because an erratum
may not contain advertising or contact details either (KB306–KB308); a placeholder or a
punctuation change at a split is quoted with a little context. Whitespace, and the punctuation
that separated a heading from what followed it, are layout, not text, and are not recorded.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    label: str  # how the stdout report names it
    errata: str = "group"  # "group": one erratum for all; "each": one per edit, quoted; "": none
    described: str = ""  # for "group": the erratum's `original`, with {n} for the count
    corrected: str = "（删除）"
    why: str = ""  # the erratum's `reason`; label when empty


REASONS: dict[str, Reason] = {
    "paid": Reason("付费标记", described="付费内容标记（{n} 处）", why="付费标记"),
    "markdown": Reason("Markdown 标记", described="Markdown 标记（{n} 处）", why="格式残留"),
    "html": Reason("HTML 标记", described="HTML 标记（{n} 处）", why="格式残留"),
    "chrome": Reason("网页信息（发布时间、浏览量、来源、上一篇等）", described="网页信息（{n} 行）", why="网页页面信息"),
    "page": Reason("页码", described="页码（{n} 处）", why="页码"),
    "ad": Reason("广告段落", described="推广段落（{n} 段）", why="广告"),
    "ad-inline": Reason("段内广告语", described="段内推广语（{n} 处）", why="广告"),
    "contact": Reason("联系方式", described="联系方式（{n} 处）", why="联系方式"),
    "url": Reason("网址", described="网址（{n} 处）", why="网址"),
    "suffix": Reason("标题后缀", errata="each", why="标题后缀"),
    "placeholder": Reason("占位符统一为×××", errata="each", why="匿名占位符统一为×××"),
    "punct": Reason("半角标点改为全角", described="半角标点（{n} 处）", corrected="全角标点",
                    why="统一为全角标点"),
    "split": Reason("拆分分项，句末标点改为句号", errata="each", why="拆分分项，句末标点改为句号"),
    "joined": Reason("标题句单独成行，补句号", described="标题句单独成行（{n} 处）",
                     corrected="标题句后加句号", why="格式整理"),
    "heading-punct": Reason("标题末的标点", errata=""),
    "space": Reason("空白", errata=""),
    "ref": Reason("与已有条目相同，改为引用", errata=""),
}
