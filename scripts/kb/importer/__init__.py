"""`kb import`: a raw report (pasted from Word, a PDF or a web page) in; a structured report in
the catalogue's format, candidate entries for review, and an account of what was done, out.

    decode    bytes → text (UTF-8 or GB18030)
    clean     noise out, placeholders unified, punctuation full-width       (edits of the raw text)
    segment   paragraphs (hard wraps joined) and numbering labels
    structure title, opening, sections, subsections, leads, items, closing   (edits of the clean text)
    assemble  dimensions, framework, year/meeting/level, items → entries or candidates
    errata, write, summary   the report's errata, the two YAML files, the stdout report
    ledger    the edits, and the check that the written report plus them give back the input

Nothing is written unless the check passes; the CLI (kb.cli) does the writing.
"""
from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import new, schema, yamlsrc
from ..findings import Finding, finding, rule
from ..model import Catalogue
from . import clean, errata, match, structure, write
from .assemble import assemble
from .decode import Decoded, decode
from .dimensions import Dimensions
from .ledger import Edit, Ledger, Mismatch, prove, squeeze

rule("KB501", "error", "导入的文件是空的", "确认选对了文件，并且原文已粘贴进去、保存过。")
rule("KB502", "error", "导入的文件不是可读的文本",
     "kb import 读的是纯文本：在 Word 或 PDF 阅读器中全选、复制正文，粘贴到记事本等编辑器，另存为 UTF-8 编码的 .txt 文件。")
rule("KB503", "error", "原文中找不到材料的结构",
     "材料应有“存在的问题”“原因分析”“整改措施”等部分标题（如“一、存在的主要问题”），各占一行；缺了就先在原文中补上。")
rule("KB504", "error", "输出文件已存在", "换一个编号（--id），或确认要覆盖时加 --force。")
rule("KB505", "error", "导入结果与原文对不上",
     "这是 kb import 的缺陷，什么也没有写出；请把原文附在议题中报告给维护者。")


@dataclass
class Result:
    """Everything kb import found and will write."""

    name: str
    encoding: str
    ident: str
    report_text: str  # the report file
    candidates_text: str  # the candidates file
    data: dict  # the report as written (read back from report_text)
    todo: dict[str, str]
    meta: dict  # field → where it was read
    removed: list[tuple[int, Edit]]  # (line of the input, edit), everything the input lost or changed
    notes: list[tuple[int, str]]  # (line, what to look at)
    typos: list[tuple[int, str, str]]  # (line, wrong, suggestion)
    headings: list[tuple[str, tuple[str, ...], str]]  # (subsection heading, dimensions, how matched)
    candidates: list[dict]
    accounted: int  # non-space characters of the input the check accounted for
    schema_problems: list[Finding] = field(default_factory=list)


class Refused(Exception):
    """Bad input: one finding, nothing written."""

    def __init__(self, found: Finding):
        super().__init__(found.format())
        self.finding = found


def _lines(text: str):
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return lambda pos: bisect.bisect_right(starts, pos)


def default_id(data: dict, text: str) -> str:
    """Year, level and a short hash of the input's text: the same text (in any encoding, with any
    line breaks) gets the same id; never derived from the Chinese title."""
    parts = [str(data.get("year") or "report"), data.get("level") or "imported",
             hashlib.sha1(squeeze(text).encode("utf-8")).hexdigest()[:6]]
    return "-".join(parts)


def texts_in_order(data: dict) -> list[str]:
    """The report's own text (what came from the input), in reading order."""
    out = [data.get("title", ""), data.get("opening", "")]
    for sec in data.get("sections", []):
        out += [sec.get("label", ""), sec.get("title", ""), sec.get("lead", ""), *sec.get("paragraphs", [])]
        for it in sec.get("items", []):
            out += [it.get("label", ""), it.get("text", "")]
        for sub in sec.get("subsections", []):
            out += [sub.get("label", ""), sub.get("heading", ""), sub.get("lead", "")]
            for it in sub["items"]:
                out += [it.get("label", ""), it.get("text", "")]
    out.append(data.get("closing", ""))
    return [str(t) for t in out]


def run(raw: bytes, name: str, cat: Catalogue, root: Path, *, ident: str = "",
        report_dir: Path | None = None, typos: tuple = ({}, None, [])) -> Result:
    """Import one raw report. Raises Refused for input that is not a report."""
    decoded = decode(raw)
    if not isinstance(decoded, Decoded):
        raise Refused(finding(decoded.code, name, decoded.line, decoded.message, decoded.column))
    source = decoded.text
    cleaning = clean.clean(source)
    text, origin = cleaning.apply()
    line_of_raw = _lines(source)

    def line(pos: int) -> int:  # a position of the clean text → the input's line
        return line_of_raw(origin[min(pos, len(origin) - 1)]) if origin else 1

    shaping = Ledger(text)
    dims = Dimensions(cat)
    try:
        outline = structure.Builder(text, shaping, dims.names_dimension).outline()
    except structure.NoStructure as exc:
        raise Refused(finding("KB503", name, 1, str(exc))) from None
    data_dir = root / "data"
    done = assemble(outline, text, shaping, cat, dims, match.Numberer(data_dir))
    ident = ident or default_id(done.data, source)
    report_dir = report_dir or data_dir / "reports"
    refs = {c["match"]["id"] for c in done.candidates if "match" in c}
    # an imported report is a real one by definition: the entries it cites are marked 出自范文原文
    data = {"id": ident, "title": done.data["title"], "source": f"导入自原文文件（{Path(name).name}）",
            "origin": "original", **done.data}
    data["errata"] = errata.build(cleaning.edits, origin, text, shaping.edits, errata.Locator(done.where), refs)
    if not data["errata"]:
        del data["errata"]
    schema_path = os.path.relpath(data_dir / "schema" / "report.schema.json", report_dir).replace(os.sep, "/")
    report_text = write.report(data, done.todo, schema_path, Path(name).name)

    # read back what will be written, and prove nothing was lost on the way
    written, src, found = yamlsrc.parse(report_text, name)
    if written is None:
        raise Refused(finding("KB505", name, 1, f"写出的 YAML 无法读回：{found[0].message if found else ''}"))
    try:
        accounted = prove("".join(texts_in_order(written)), [(source, cleaning.edits), (text, shaping.edits)])
    except Mismatch as exc:
        raise Refused(finding("KB505", name, 1, str(exc))) from None
    todo_lines = {src.line((k,)) for k in done.todo}
    problems = [f for f in schema.validate("report", written, src, data_dir / "schema") if f.line not in todo_lines]

    for cand in done.candidates:  # where each draft entry is to be saved, just above it
        if "entry" in cand and cand["entry"]["id"]:
            entry = cand.pop("entry")
            path = new.path_for(data_dir, cand["kind"], entry["id"], entry.get("dimension", ""))
            cand |= {"file": path.relative_to(root).as_posix(), "entry": entry}
    report_rel = (report_dir / f"{ident}.yml")
    try:
        report_rel = report_rel.relative_to(root)
    except ValueError:
        pass
    cands_text = write.candidates(done.candidates, report_rel.as_posix(), Path(name).name)

    removed = [(line_of_raw(e.start), e) for e in cleaning.edits]
    removed += [(line(e.start), e) for e in shaping.edits]
    found_typos = []
    if typos[1] is not None:
        for m in typos[1].finditer(text):
            found_typos.append((line(m.start()), m[0], typos[0][m[0]]))
    return Result(name, decoded.encoding, ident, report_text, cands_text, written, done.todo, done.meta.said,
                  sorted(removed, key=lambda p: (p[0], p[1].start)), [(line(p), m) for p, m in outline.notes],
                  found_typos, done.headings, done.candidates, accounted, problems)


