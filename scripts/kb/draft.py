"""What the 起草台 (/draft/) loads: the catalogue as classic scripts, so it works over file://.

Every file is `window.KbDraftData[name] = {...}`, loaded by a <script> tag (the page adds the
tags it needs; nothing is fetched):

  assets/draft/core.js        frameworks, dimensions, levels, meetings, sample report list, the
                              skeleton's default paragraphs, the 自查 vocabulary (data/vocab/
                              selfcheck.yml) and the rules shared with `kb check` (placeholders,
                              contact details, typos): the same patterns and table, exported
  assets/draft/dim-<id>.js    the issues of one dimension (suggestions load only what they show)
  assets/draft/dim-<id>-<level>.js  those of them at one level: what a heading's suggestions show first
  assets/draft/causes.js, remedies.js
  assets/draft/criticisms.js  相互批评意见, for the draft's optional 会上发言提纲 (not part of the report)
  assets/draft/passages.js    段落范式, offered under the opening, 整改情况, case analysis and closing
  assets/draft/report-<id>.js a sample report resolved to text, to start a draft from
  assets/draft/overlap.js     the 照搬照抄 index (kb.overlap), loaded after the page is usable

Entry text is plain text inside JSON; the page only ever puts it in text nodes.
"""
from __future__ import annotations

import json
import re

from . import links, overlap, phrases, search
from .checks import contact, text as textrules
from .findings import RULES
from . import fold as folding
from .model import Catalogue, Report, SECTION_REF_KIND

DIR = "assets/draft"
PAGE = "draft/index.md"  # at draft/ with or without directory URLs: the site root is ../
MEETINGS = [["dsh", "民主生活会"], ["zsh", "组织生活会"], ["special", "专题民主生活会或专题组织生活会"]]
ROLES = [["leader", "领导干部"], ["member", "普通党员"]]
# The skeleton's paragraphs before passages of the catalogue fit: 〔〕 marks what the writer supplies.
SKELETON = {
    "opening": {
        "team": "根据〔上级党委〕《关于召开〔某年度〕民主生活会的通知》要求，会前，班子认真组织专题学习〔若干〕次，广泛征求意见建议〔若干〕条，班子成员之间、班子成员与分管部门负责同志开展谈心谈话〔若干〕人次。现将对照检查情况报告如下。",
        "branch": "根据〔上级党组织〕关于召开〔某年度〕组织生活会的通知要求，支部委员会会前组织党员集中学习〔若干〕次，通过〔方式〕征求意见建议〔若干〕条，支委之间、支委与党员之间开展谈心谈话〔若干〕人次。下面，我代表支部委员会作对照检查。",
        "individual": "根据〔上级党组织〕关于召开〔某年度〕〔会议名称〕的通知要求，会前，我认真学习了〔学习内容〕，主动听取意见建议，与〔若干〕名同志谈心谈话，对照要求深入查摆问题、剖析根源。现作个人对照检查如下。",
    },
    "rectification": {
        "team": "〔某年度〕民主生活会查摆的〔若干〕个方面〔若干〕项问题，班子逐项制定整改措施〔若干〕条，目前已整改〔若干〕项，〔若干〕项需长期坚持的正在持续推进。",
        "branch": "上年度组织生活会查摆的〔若干〕个方面〔若干〕项问题，支部逐项明确整改措施和时限，目前已整改〔若干〕项，〔若干〕项需长期坚持的正在持续推进。",
        "individual": "上年度对照检查查摆的〔若干〕个方面〔若干〕项问题，我逐项制定了整改措施，目前已整改〔若干〕项，〔具体问题〕还需长期坚持、持续整改。",
    },
    "closing": {
        "team": "以上是班子的对照检查，请同志们批评指正。",
        "branch": "以上是支部委员会的对照检查，请各位党员同志批评指正。",
        "individual": "以上是我的个人对照检查，请同志们批评指正。",
    },
}


def id_runs(ids) -> list[list]:
    """Every id of a kind, as runs [prefix, digits, first, last] of consecutive numbers (an id that
    does not end in digits stays as [id]): the plain list was most of core.js at 10,000 entries,
    and the page needs it before it is usable. draft-page.js expands it back (a test: same ids)."""
    out: list[list] = []
    for rid in sorted(ids):
        m = re.fullmatch(r"(.*?)(\d+)", rid)
        if not m:
            out.append([rid])
            continue
        prefix, digits, n = m.group(1), len(m.group(2)), int(m.group(2))
        last = out[-1] if out else None
        if last and len(last) == 4 and last[0] == prefix and last[1] == digits and last[3] + 1 == n:
            last[3] = n
        else:
            out.append([prefix, digits, n, n])
    return out


def _script(name: str, obj) -> str:
    body = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # JSON is valid script; these two keep it so in every engine, and `<` can never close a tag
    body = body.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.KbDraftData=window.KbDraftData||{{}})[{json.dumps(name)}]={body};\n"


# A heading whose wording was not found (`unknown: true`) still gets its place in the draft: a
# placeholder the self-check flags until the writer puts in the wording of the notice they received,
# with suggestions from every dimension. Dropping it left 2024/2025 支部 and 党员 drafts with no
# place for a problem at all.
UNKNOWN_HEADING = "〔本方面的标题，照所收通知填写〕"


def _case_heading(h) -> bool:
    return h.group == "反面典型案例剖析" or h.title == "反面典型案例剖析"


def _framework(f, directory_urls: bool) -> dict:
    return {"id": f.id, "title": f.title, "short": f.short, "year": f.year, "label": f.label,
            "meeting": f.meeting, "levels": f.levels, "confidence": f.confidence,
            "kind": getattr(f, "kind", "") or "official",
            "case": bool(getattr(f, "case_analysis", False)) or any(_case_heading(h) for h in f.headings),
            "url": search.url_of(links.page_of(f), directory_urls),
            "headings": [{"title": h.title, "dims": h.dimensions, "group": h.group, "case": _case_heading(h)}
                         if not h.unknown else
                         {"title": UNKNOWN_HEADING, "dims": [], "group": h.group, "case": False, "unknown": True}
                         for h in f.headings]}


def _passages(cat: Catalogue) -> dict:
    """Paragraphs the skeleton may start from, per part and level, best first: the catalogue's
    段落范式 (with the meetings and roles they fit; none = all), then SKELETON's general one."""
    out: dict = {part: {lv: [] for lv in texts} for part, texts in SKELETON.items()}
    out["case"] = {}
    for p in sorted(cat.passages.values(), key=lambda p: p.id):
        fits = {"meetings": list(getattr(p, "meetings", []) or []), "roles": list(getattr(p, "roles", []) or [])}
        for lv in p.levels:
            if p.part == "case-analysis":
                out["case"].setdefault(lv, []).append({**fits, "analysis": p.analysis, "self_check": p.self_check})
            elif p.part in SKELETON:
                out[p.part].setdefault(lv, []).append({**fits, "text": p.text})
    for part, texts in SKELETON.items():
        for lv, text in texts.items():
            out[part][lv].append({"meetings": [], "roles": [], "text": text})
    return out


def _entry_text(e, sep: str = "。") -> str:
    return f"{e.title}{sep}{e.body}{getattr(e, 'example', '') or ''}"


def _report(cat: Catalogue, r: Report) -> dict:
    def items(kind, its):
        out = []
        for it in its:
            e = cat.table(kind).get(it.ref) if it.ref and kind else None
            out.append({"ref": it.ref, "text": _entry_text(e, it.sep) if e else it.text})
        return out
    sections = []
    for s in r.sections:
        kind = SECTION_REF_KIND.get(s.kind)
        sections.append({"kind": s.kind, "title": s.title, "lead": s.lead, "paragraphs": s.paragraphs,
                         "items": items(kind, s.items),
                         "headings": [{"title": sub.heading, "n": sub.framework_heading, "lead": sub.lead,
                                       "items": items(kind, sub.items)} for sub in s.subsections]})
    return {"id": r.id, "title": r.title, "year": r.year, "meeting": r.meeting, "level": r.level,
            "framework": r.framework, "origin": getattr(r, "origin", "") or "", "opening": r.opening,
            "closing": r.closing, "sections": sections}


SHARED = ("KB304", "KB305", "KB306")


def fold_table() -> dict[str, str]:
    """kb.fold's folding character by character, for a page without the phrase engine's index."""
    cps = set(folding.MAP) | {ord(c) for c in getattr(folding, "PUNCTUATION", ())}
    return {str(cp): folding.fold(chr(cp)) for cp in sorted(cps) if folding.fold(chr(cp)) != chr(cp)}


def shared_rules() -> dict:
    """The `kb check` rules the 自查 shares: the same patterns, codes, messages and tips (a test
    runs both sides on the same samples)."""
    return {"placeholder": textrules._PLACEHOLDER.pattern, "contact": contact.for_browser(),
            "rules": [{"code": c, "severity": RULES[c].severity, "message": RULES[c].summary, "tip": RULES[c].tip}
                      for c in SHARED]}


def files(cat: Catalogue, directory_urls: bool = True, typos: dict[str, str] | None = None,
          recs: list[phrases.Record] | None = None) -> dict[str, str]:
    """recs: phrases.records(cat), when the caller has them (records of hand-written pages are left out)."""
    out: dict[str, str] = {}
    dims = cat.sorted_dimensions()
    levels_of = list(cat.vocab.get("levels", {}))
    for d in dims:
        issues = [
            {"id": i.id, "dim": i.dimension, "levels": i.levels, "headline": i.headline, "body": i.body,
             "example": i.example, "causes": i.causes, "remedies": i.remedies,
             "roles": getattr(i, "roles", []) or [], "sectors": getattr(i, "sectors", []) or [],
             "seed": bool(cat.from_reports(i.id))}
            # authored entries first, those taken from an original report after them
            for i in cat.authored_first(cat.issues_of(d.id))]
        out[f"{DIR}/dim-{d.id}.js"] = _script(f"dim-{d.id}", issues)
        # what a heading's suggestions show first: the issues at the draft's level, a third of the
        # dimension's file (the rest loads when the reader asks for the other levels)
        for lv in levels_of:
            out[f"{DIR}/dim-{d.id}-{lv}.js"] = _script(f"dim-{d.id}-{lv}", [i for i in issues if lv in i["levels"]])
    for kind, name in (("cause", "causes"), ("remedy", "remedies")):
        out[f"{DIR}/{name}.js"] = _script(name, [
            {"id": e.id, "levels": e.levels, "title": e.title, "body": e.body,
             "dims": sorted({i.dimension for i in cat.cited_by(kind, e.id)}), "sectors": getattr(e, "sectors", []) or [],
             "seed": bool(cat.from_reports(e.id))}
            for e in cat.authored_first(sorted(cat.table(kind).values(), key=lambda e: e.id))])
    out[f"{DIR}/criticisms.js"] = _script("criticisms", [
        {"id": c.id, "target": c.target, "dim": c.dimension, "levels": c.levels, "headline": c.headline,
         "text": c.text, "sectors": getattr(c, "sectors", []) or []}
        for c in sorted(cat.criticisms.values(), key=lambda c: c.id)])
    out[f"{DIR}/passages.js"] = _script("passages", [
        {"id": p.id, "part": p.part, "title": p.title, "levels": p.levels, "meetings": list(getattr(p, "meetings", []) or []),
         "roles": list(getattr(p, "roles", []) or []), "sectors": list(getattr(p, "sectors", []) or []),
         # a case analysis comes in its two halves, one for each of the section's sub-headings
         **({"halves": [p.analysis, p.self_check]} if p.part == "case-analysis" else {"text": p.text})}
        for p in sorted(cat.passages.values(), key=lambda p: p.id)])
    for r in cat.sorted_reports():
        out[f"{DIR}/report-{r.id}.js"] = _script(f"report-{r.id}", _report(cat, r))
    levels = cat.vocab.get("levels", {})
    meetings = cat.vocab.get("meetings")
    roles = cat.vocab.get("roles")
    out[f"{DIR}/core.js"] = _script("core", {
        "dimSizes": {d.id: len(cat.issues_of(d.id)) for d in dims},
        "levels": [[k, t.name] for k, t in levels.items()],
        "roles": [[k, t.name] for k, t in roles.items()] if roles else ROLES,
        "sectors": [[k, t.name] for k, t in cat.vocab.get("sectors", {}).items()],
        "targets": [[k, t.name] for k, t in cat.vocab.get("targets", {}).items()],
        "meetings": MEETINGS if not meetings else [[k, t.name] for k, t in meetings.items()] + [MEETINGS[2]],
        "dims": [{"id": d.id, "name": d.name, "url": search.url_of(links.page_of(d), directory_urls)} for d in dims],
        "frameworks": [_framework(f, directory_urls) for f in cat.sorted_frameworks()],
        "reports": [{"id": r.id, "title": r.title, "year": r.year, "level": r.level, "framework": r.framework,
                     "origin": getattr(r, "origin", "") or ""} for r in cat.sorted_reports()],
        "skeleton": _passages(cat),
        "selfcheck": cat.selfcheck,
        "shared": {**shared_rules(), "typos": typos or {}},
        # the phrase finder's fold table, for when the page has no KbPhrase.fold (kb.fold, tested equal)
        "fold": fold_table(),
        "ids": {k: id_runs(cat.table(k)) for k in ("issue", "cause", "remedy", "criticism", "passage")},
    })
    recs = phrases.records(cat) if recs is None else [r for r in recs if r.kind != "page"]
    run = int(cat.selfcheck.get("overlap", {}).get("run", 12))
    gaps, owners, count = overlap.build([r.text for r in recs], run)
    out[f"{DIR}/overlap.js"] = _script("overlap", {
        "run": run, "base": overlap.HASH_BASE, "count": count, "gaps": gaps, "owners": owners,
        "records": [[r.rid, r.kind, (r.context or r.text)[:24]] for r in recs]})
    return out
