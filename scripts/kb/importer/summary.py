"""The stdout report of kb import: what it found, what it removed and why, what it could not
place, which words look like typos, and the nothing-lost check's result."""
from __future__ import annotations

from collections import Counter

from ..model import KIND_NAMES
from ..normal import visible
from .ledger import squeeze
from .reasons import REASONS

SECTION_NAMES = {"rectification": "上年度整改情况", "problems": "存在问题", "causes": "原因剖析",
                 "remedies": "整改措施", "other": "其他"}
LEVEL_NAMES = {"team": "班子", "branch": "支部", "individual": "个人"}
QUOTE = 24  # longer removed text is shown by its length, not quoted in full


def _count_items(items: list[dict]) -> str:
    refs = sum("ref" in i for i in items)
    return f"{len(items)} 项" + (f"（{refs} 项引用已有条目）" if refs else "")


def _structure(data: dict, headings: list[tuple[str, tuple, str]]) -> list[str]:
    how = {h: f"{'、'.join(dims)}（{why}）" for h, dims, why in headings if dims}
    out = [f"  标题：{data['title'] or '（未找到）'}",
           f"  开头：{len(squeeze(data['opening']))} 字" if data["opening"] else "  开头：（未找到）"]
    for s in data["sections"]:
        parts = [f"{len(s['subsections'])} 个小标题" if s.get("subsections") else "",
                 "引导语" if s.get("lead") else "", f"{len(s['paragraphs'])} 段" if s.get("paragraphs") else "",
                 _count_items(s["items"]) if s.get("items") else ""]
        out.append(f"  {s.get('label', '')}{s['title']}〔{SECTION_NAMES[s['kind']]}〕" + "，".join(p for p in parts if p))
        for sub in s.get("subsections", []):
            h = sub["heading"]
            fit = how.get(h) or "未能对应维度"
            extra = "引导语，" if sub.get("lead") else ""
            out.append(f"    {sub.get('label', '')}{h} → {fit}；{extra}{_count_items(sub['items'])}")
    out.append(f"  结尾：{len(squeeze(data['closing']))} 字" if data.get("closing") else "  结尾：（无）")
    return out


def _shown(text: str) -> str:
    t = squeeze(text)
    return f"“{t}”" if len(t) <= QUOTE else f"“{t[:QUOTE // 2]}…{t[-6:]}”（{len(t)} 字）"


def _removed(result) -> list[str]:
    out = []
    for line, e in result.removed:
        if e.reason in ("space", "ref") or not squeeze(e.old + e.new):
            continue
        label = REASONS[e.reason].label
        if e.reason in ("ad", "ad-inline", "contact", "url"):
            what = f"（{len(squeeze(e.old))} 字，不抄录）"  # never repeat an ad on screen either
        elif e.new:
            what = f"{_shown(e.old) if squeeze(e.old) else '（无）'} → “{e.new}”"
        else:
            what = _shown(e.old)
        out.append(f"  第 {line} 行：{label}：{what}")
    return out


def render(result, report_path: str, candidates_path: str) -> str:
    d, r = result.data, result
    lines = [f"kb import：{r.name}（{r.encoding}）", f"  范文：{report_path}", f"  候选条目：{candidates_path}", ""]
    said = r.meta
    facts = [f"年度 {d['year']}（取自{said['year']}）" if d["year"] else "年度 待填",
             f"会议 {d['meeting']}（取自{said['meeting']}）" if d["meeting"] else "会议 待填",
             f"层级 {LEVEL_NAMES.get(d['level'], d['level'])}（取自{said['level']}）" if d["level"] else "层级 待填",
             f"框架 {d['framework']}" if d["framework"] else "框架 待填"]
    lines += ["识别结果：" + "，".join(facts), *_structure(d, r.headings), ""]
    cands = r.candidates
    matched = [c for c in cands if "match" in c]
    by_kind = Counter(KIND_NAMES[c["kind"]] for c in cands if "entry" in c)
    lines.append(f"条目比对：{len(cands)} 项中 {len(matched)} 项与已有条目相同（写为 ref），"
                 f"{len(cands) - len(matched)} 项为候选新条目" + (
                     "（" + "，".join(f"{k} {n}" for k, n in by_kind.items()) + "）" if by_kind else ""))
    removed = _removed(r)
    groups = Counter(REASONS[e.reason].label for _, e in r.removed
                     if e.reason not in ("space", "ref") and squeeze(e.old + e.new))
    lines += ["", f"删除和改动（{len(removed)} 处：" + "，".join(f"{k} {n}" for k, n in groups.items()) + "）："
              if removed else "删除和改动：无", *removed]
    todo = [f"  {k}：{why}" for k, why in r.todo.items()]
    notes = [f"  第 {line} 行：{msg}" for line, msg in r.notes]
    schema = [f"  {f.format()}" for f in r.schema_problems]
    lines += ["", "需要核对：" if todo or notes or schema else "需要核对：无", *todo, *notes, *schema]
    lines += ["", "疑似错别字（未改动，按 data/vocab/typos.yml）：" if r.typos else "疑似错别字：无",
              *[f"  第 {line} 行：“{w}”应为“{right}”？" for line, w, right in r.typos]]
    lines += ["", f"核对：原文 {r.accounted} 个非空白字符，每一个都在写出的范文里、在上面的删除和改动里，"
              f"或在候选文件所列写为 ref 的项里（范文读回后逐字核对，无一遗漏）。"]
    # quoted raw text may hold control characters: shown as \u escapes, never acted on by the terminal
    return "\n".join(visible(line) for line in lines)
