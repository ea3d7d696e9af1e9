"""What the title and opening say about the report: its year, meeting and level.

Reports name these in their first lines (2023年主题教育专题民主生活会班子对照检查材料; 现作个人
对照检查). Whatever cannot be told is left empty, which `kb check` reports, and the stdout report
says so: a guessed value would pass the checker unnoticed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(r"(20[0-9]{2})\s*年(度?)")
_CAMPAIGN = re.compile(r"“?不忘初心、牢记使命”?主题教育|党史学习教育|党纪学习教育|中央八项规定精神学习教育|主题教育")
_MEETING = re.compile(r"民主生活会|组织生活会")


@dataclass(frozen=True)
class Meta:
    year: int | None
    meeting: str
    level: str
    said: dict  # field → where it was read ("标题", "开头"), for the stdout report


def _year(title: str, opening: str) -> tuple[int | None, str]:
    for where, text in (("标题", title), ("开头", opening)):
        found = _YEAR.findall(text)
        # "2023年度" is the year the meeting reviews; prefer it to a plain date in the same text
        best = next((y for y, du in found if du), found[0][0] if found else None)
        if best:
            return int(best), where
    return None, ""


def _meeting(title: str, opening: str) -> tuple[str, str]:
    for where, text in (("标题", title), ("开头", opening)):
        m = _MEETING.search(text)
        if not m:
            continue
        both = title + opening
        campaign = _CAMPAIGN.search(both)
        special = "专题" if campaign or "专题" in text else ""
        return (campaign[0] if campaign else "") + special + m[0], where
    return "", ""


def _level(title: str, opening: str, meeting: str) -> tuple[str, str]:
    for where, text in (("标题", title), ("开头", opening)):
        if re.search(r"个人|本人|我个人", text):
            return "individual", where
        if re.search(r"支部|支委", text):
            return "branch", where
        if "班子" in text or "党组" in text or "党委" in text:
            return ("team" if "民主生活会" in meeting else "branch"), where
    if meeting.endswith("民主生活会"):
        return "team", "会议类型"
    return "", ""


def infer(title: str, opening: str) -> Meta:
    year, y_where = _year(title, opening)
    meeting, m_where = _meeting(title, opening)
    level, l_where = _level(title, opening, meeting)
    said = {k: v for k, v in (("year", y_where), ("meeting", m_where), ("level", l_where)) if v}
    return Meta(year, meeting, level, said)
