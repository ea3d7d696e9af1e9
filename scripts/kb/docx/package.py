"""Byte-stable packages, the sample reports as Word files, and the template for the browser.

python-docx stamps every zip member with the current time; `stable` rewrites the zip with the
time of SOURCE_DATE_EPOCH (or 1980), so the same data always builds the same bytes.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile

from .. import links
from ..model import SECTION_REF_KIND, Catalogue, Report
from .profile import ROLES, Profile

# fill and template import python-docx (0.1 s); they are imported where used, so that commands
# that never write a .docx (kb check) do not pay for it.

TEMPLATE_JS = "assets/js/docx-template.js"


def epoch() -> int:
    try:
        return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    except ValueError:
        return 0


def epoch_datetime(when: int) -> dt.datetime:
    """SOURCE_DATE_EPOCH as a naive UTC time, never before 1980 (zip dates start there)."""
    return dt.datetime.fromtimestamp(max(when, 315532800), dt.timezone.utc).replace(tzinfo=None)


def stable(blob: bytes, when: int) -> bytes:
    """The same zip with every member dated `when` and the same attributes: byte-stable output."""
    stamp = epoch_datetime(when).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0
            member.external_attr = 0
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def docx_path(r: Report) -> str:
    """Where a report's Word file lives in the docs tree: beside its page."""
    return links.page_of(r).removesuffix(".md") + ".docx"


def report_paragraphs(cat: Catalogue, r: Report) -> list[tuple[str, str]]:
    """The report as the site shows it, paragraph by paragraph, with a role each."""
    out = [("title", r.title), ("body", r.opening)]
    for s in r.sections:
        out.append(("h1", f"{s.label}{s.title}"))
        kind = SECTION_REF_KIND.get(s.kind)
        out += [("body", s.lead)] if s.lead else []
        out += [("body", p) for p in s.paragraphs]
        out += [("body", _item(cat, kind, it)) for it in s.items]
        for sub in s.subsections:
            out.append(("h2", f"{sub.label}{sub.heading}"))
            out += [("body", sub.lead)] if sub.lead else []
            out += [("body", _item(cat, kind, it)) for it in sub.items]
    if r.closing:
        out.append(("body", r.closing))
    return out


def _item(cat: Catalogue, kind: str | None, it) -> str:
    """An item as report.md.j2 prints it: the label, then the text or the cited entry."""
    if not it.ref:
        return f"{it.label}{it.text}"
    e = cat.table(kind)[it.ref]
    return f"{it.label}{e.title}{it.sep}{e.body}{getattr(e, 'example', '')}"


def browser_script(p: Profile, blob: bytes) -> str:
    """docx-template.js: the template's parts as strings, for a <script> tag (works on file://)."""
    from . import fill

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        parts = [[i.filename, z.read(i.filename).decode("utf-8")] for i in z.infolist()]
    doc = next(text for name, text in parts if name == "word/document.xml")
    cut = doc.rindex("<w:sectPr")  # paragraphs go in front of the body's section properties
    from lxml import etree

    def rpr(role: str) -> str:
        return etree.tostring(fill.run_properties(p, role), encoding="unicode")

    data = {
        "parts": parts,
        "document": [doc[:cut], doc[cut:]],
        "styles": {s.role: {"id": s.id, "name": s.name, "rPr": _bare(rpr(s.role))} for s in p.styles()},
        "roles": list(ROLES),
        "control": fill.CONTROL,
    }
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    # ensure_ascii leaves "<" as is: "</script>" or "<!--" in the data must not end the script
    text = text.replace("<", "\\u003c")
    return ("// Generated at site build time from data/vocab/layout.yml by kb.docx; do not edit.\n"
            f"window.KB_DOCX_TEMPLATE = {text};\n")


def _bare(xml: str) -> str:
    """A w:rPr serialised alone repeats the namespace declaration; inside document.xml it is declared."""
    return xml.replace(' xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"', "")


def site_files(cat: Catalogue) -> dict[str, bytes | str]:
    """The template for the browser and every report's Word file; nothing without a layout."""
    if not cat.layout:
        return {}
    from . import fill, template

    p, when = Profile(cat.layout), epoch()
    blob = template.build(p, when)
    files: dict[str, bytes | str] = {TEMPLATE_JS: browser_script(p, blob)}
    for r in cat.sorted_reports():
        files[docx_path(r)] = fill.write(blob, p, report_paragraphs(cat, r), r.title, when)
    return files
