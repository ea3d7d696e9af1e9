"""Paragraphs into the template: the Python twin of docs/assets/js/docx-writer.js.

A paragraph is (role, text): role is one of profile.ROLES, text is plain text. Both writers
clean text the same way (CONTROL, shipped to the browser in docx-template.js), give the paragraph
its style by id and put the style's fonts on the run, so Word and WPS agree on the East Asian
font even where a document's styles are overridden. A test builds the same paragraphs on both
sides and compares them.
"""
from __future__ import annotations

import copy
import io
import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement

from .package import stable
from .profile import Profile
from .template import set_fonts, set_properties

# Characters XML 1.0 cannot carry (C0 controls other than tab and newline, U+FFFE/FFFF, lone
# surrogates). They are dropped; a tab stays a tab, a line break a line break in the paragraph.
CONTROL = r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]"
_CONTROL = re.compile(CONTROL)


def clean(text: str) -> str:
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def run_properties(p: Profile, role: str):
    """The w:rPr every run of a paragraph of this role carries."""
    rpr = OxmlElement("w:rPr")
    set_fonts(rpr, p.latin, p.style(role).font)
    return rpr


def write(template: bytes, p: Profile, paragraphs: list[tuple[str, str]], title: str, epoch: int) -> bytes:
    """A .docx: the template with these paragraphs, byte-stable for the same input."""
    doc = docx.Document(io.BytesIO(template))
    # each role's style id looked up once, not once a paragraph (what add_paragraph(style=) sets)
    styles = {s.role: doc.part.get_style_id(doc.styles[s.name], WD_STYLE_TYPE.PARAGRAPH) for s in p.styles()}
    rprs = {role: run_properties(p, role) for role in styles}
    for role, text in paragraphs:
        para = doc.add_paragraph()
        para._p.style = styles[role]
        run = para.add_run(clean(text))
        run._r.insert(0, copy.deepcopy(rprs[role]))
    set_properties(doc, clean(title), epoch)
    out = io.BytesIO()
    doc.save(out)
    return stable(out.getvalue(), epoch)
