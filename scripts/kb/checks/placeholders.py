"""Placeholder spellings (KB320, KB321): one spelling for each kind of slot a user fills in.

A count is always 〔若干〕 (〔若干次〕, 〔若干名〕…), never also 〔几〕, 〔N〕, 〔X〕 or 〔数量〕: a reader
scanning for what to fill in should meet one form, and the 起草台's self-check looks for that one.
The replacement is mechanical (the count word becomes 若干, a unit after it stays), so --fix does it.

Criticisms and passages are templates from end to end, so their slots are checked here instead of
by KB305: a slot is written inside 〔〕 (〔×××〕同志), and a bare ×××, XX or 某某 is an error.
"""
from __future__ import annotations

import re

from .text import TEMPLATE_KINDS, Context, Hit, fixed_hit, text_rule

# the count words, and the units a count slot may carry after them
COUNT_WORDS = ("几", "N", "n", "Ｎ", "X", "x", "Ｘ", "数量", "数目", "个数", "多少")
UNITS = ("个月", "小时", "个", "次", "项", "条", "名", "人", "天", "年", "月", "周", "件", "户", "场",
         "位", "家", "处", "起", "页", "篇", "批", "轮", "期", "门", "本", "笔", "元", "万元")
COUNT_SLOT = re.compile("〔(" + "|".join(map(re.escape, COUNT_WORDS)) + ")(" +
                        "|".join(map(re.escape, UNITS)) + ")?〕")


def one_spelling(text: str) -> str:
    return COUNT_SLOT.sub(lambda m: f"〔若干{m[2] or ''}〕", text)


def _everywhere_but_errata(kind: str, field: str) -> bool:
    return not field.startswith("errata.")


@text_rule("KB320", "warning", "计数占位符的写法不统一",
           "表示数量的占位符一律写作〔若干〕（可带量词，如〔若干次〕），不写〔几〕〔N〕〔X〕〔数量〕；"
           "kb check --fix 可自动改正。", fixable=True, applies=_everywhere_but_errata)
def kb320(text: str, ctx: Context) -> list[Hit]:
    if "〔" not in text:
        return []
    return fixed_hit(text, one_spelling(text), "计数占位符")


# what KB305 calls a placeholder, and the slots that may hold one
_BARE = re.compile(r"×{2,}|[xX]{2,}|ＸＸ|\*\*|某某")
_SLOT = re.compile(r"〔[^〔〕]*〕")


def _templates(kind: str, field: str) -> bool:
    return kind in TEMPLATE_KINDS


@text_rule("KB321", "error", "占位符没有放在〔〕里",
           "相互批评意见和段落范式中需要使用者替换的地方写在〔〕里，如“〔×××〕同志”“〔某项工作〕”，"
           "不单独写×××、XX或某某。", applies=_templates)
def kb321(text: str, ctx: Context) -> list[Hit]:
    inside = [m.span() for m in _SLOT.finditer(text)]
    for m in _BARE.finditer(text):
        if not any(a < m.start() and m.end() < b for a, b in inside):
            return [Hit(f"“{m[0]}”是占位符，应写在〔〕里", m.start())]
    return []
