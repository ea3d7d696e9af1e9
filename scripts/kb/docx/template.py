"""The template .docx, built with python-docx from the layout profile.

python-docx's blank document carries Word's full style gallery (800 KB of styles, a theme,
numbering, custom XML, a thumbnail). The template keeps only what the 公文 layout uses, so the
browser's copy of it stays small: the document, four paragraph styles and the page-number style,
the page set-up with its line grid, the footers with a PAGE field, the font table, settings and
the document properties.
"""
from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips

from .package import epoch_datetime, stable
from .profile import Profile, Style, twips_mm, twips_pt

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# parts of python-docx's blank document the layout does not use
DROP = {"http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RT.CUSTOM_XML, RT.NUMBERING, RT.THEME, RT.WEB_SETTINGS, RT.THUMBNAIL,
        RT.EXTENDED_PROPERTIES}  # app.xml: "Microsoft Macintosh Word", page and word counts of nothing
KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
AUTHOR = "对照检查知识库"


def set_fonts(rpr, latin: str, cjk: str) -> None:
    """Latin letters and digits in `latin`, Chinese in `cjk`: w:eastAsia is what WPS and Word read
    for Chinese text, ascii/hAnsi for the rest."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), cjk)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


# w:pPr children in the order the schema requires (Word refuses a file with them out of order)
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
             "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()


def _put(ppr, tag: str, val: str) -> None:
    """Set w:<tag w:val=…/> in a w:pPr, in its place among the other children."""
    old = ppr.find(qn(f"w:{tag}"))
    if old is not None:
        ppr.remove(old)
    later = PPR_ORDER[PPR_ORDER.index(tag) + 1:]
    ppr.insert_element_before(parse_xml(f'<w:{tag} {nsdecls("w")} w:val="{val}"/>'), *(f"w:{t}" for t in later))


RPR_AFTER_SPACING = ("w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
                     "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath").split()


def _char_spacing(rpr, twips: int) -> None:
    """w:spacing of a w:rPr: space added after each character, in twips (negative: tighter)."""
    old = rpr.find(qn("w:spacing"))
    if old is not None:
        rpr.remove(old)
    rpr.insert_element_before(parse_xml(f'<w:spacing {nsdecls("w")} w:val="{twips}"/>'), *RPR_AFTER_SPACING)


def _indent(ppr, chars: int, size_pt: float, side: str = "firstLine") -> None:
    """An indent of `chars` characters: Word honours the *Chars form, other readers the twips."""
    ind = ppr.get_or_add_ind()
    ind.set(qn(f"w:{side}"), str(twips_pt(chars * size_pt)))
    ind.set(qn(f"w:{side}Chars"), str(chars * 100))


def _paragraph_style(doc, p: Profile, s: Style):
    style = doc.styles.add_style(s.name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), s.id)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.next_paragraph_style = style if s.role == "body" else None
    style.font.size = Pt(s.size_pt)
    style.font.bold = False
    set_fonts(style.element.get_or_add_rPr(), p.latin, s.font)
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[s.align]
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Twips(p.line_twips)
    fmt.space_before = Twips(0)
    fmt.space_after = Twips(s.space_after_lines * p.line_twips)
    ppr = style.element.get_or_add_pPr()
    if s.space_after_lines:
        ppr.get_or_add_spacing().set(qn("w:afterLines"), str(s.space_after_lines * 100))
    if s.indent_chars:
        _indent(ppr, s.indent_chars, s.size_pt)
    if s.outline_level:
        fmt.keep_with_next = True
        _put(ppr, "outlineLvl", str(s.outline_level - 1))
    if s.size_pt != p.style("body").size_pt:  # the tightening is for the body size only
        _char_spacing(style.element.get_or_add_rPr(), 0)
    if s.role == "title":
        fmt.keep_with_next = True


def _styles(doc, p: Profile) -> None:
    root = doc.styles.element
    for el in list(root):
        if el.tag == qn("w:latentStyles") or (el.tag == qn("w:style") and el.get(qn("w:styleId")) not in KEEP_STYLES):
            root.remove(el)
    body = p.style("body")
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, p.latin, body.font)
    for lang in rpr.findall(qn("w:lang")):
        rpr.remove(lang)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(round(body.size_pt * 2)))
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.attrib.update({qn("w:after"): "0", qn("w:line"): str(p.line_twips), qn("w:lineRule"): "exact"})
    normal = doc.styles["Normal"]
    normal.font.size = Pt(body.size_pt)
    set_fonts(normal.element.get_or_add_rPr(), p.latin, body.font)
    # 28 characters a line (GB/T 9704): 16 pt characters tightened a little. It also keeps
    # LibreOffice from hanging a “。” past the right edge of a full justified line, which it then
    # leaves out of the PDF.
    _char_spacing(normal.element.get_or_add_rPr(), p.char_spacing_twips)
    normal.paragraph_format.alignment = ALIGN[body.align]
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Twips(p.line_twips)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Twips(0)
    for s in p.styles():
        _paragraph_style(doc, p, s)
    pn = p.data["page_number"]
    style = doc.styles.add_style(pn["name"], WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), pn["id"])
    style.base_style = normal
    style.font.size = Pt(pn["size_pt"])
    set_fonts(style.element.get_or_add_rPr(), pn["font"], pn["font"])  # 4号半角宋体阿拉伯数字
    _char_spacing(style.element.get_or_add_rPr(), 0)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _put(style.element.get_or_add_pPr(), "snapToGrid", "0")


def page_number_runs(paragraph, p: Profile) -> None:
    """“— 1 —”: the dashes as text, the number a PAGE field, every run in the page-number font."""
    pn = p.data["page_number"]

    def run(xml: str = "", text: str = ""):
        r = paragraph.add_run(text)
        set_fonts(r._r.get_or_add_rPr(), pn["font"], pn["font"])
        if xml:
            r._r.append(parse_xml(xml))
        return r

    w = nsdecls("w")
    before, after = pn["format"].split("{PAGE}")
    run(text=before)
    run(f'<w:fldChar {w} w:fldCharType="begin"/>')
    run(f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>')
    run(f'<w:fldChar {w} w:fldCharType="separate"/>')
    run(text="1")
    run(f'<w:fldChar {w} w:fldCharType="end"/>')
    run(text=after)


def _page(doc, p: Profile) -> None:
    d, m = p.data, p.data["margins"]
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(twips_mm(d["page"]["width_mm"])), Twips(twips_mm(d["page"]["height_mm"]))
    section.top_margin, section.bottom_margin = Twips(twips_mm(m["top_mm"])), Twips(twips_mm(m["bottom_mm"]))
    section.left_margin, section.right_margin = Twips(twips_mm(m["left_mm"])), Twips(twips_mm(m["right_mm"]))
    section.header_distance = Twips(twips_mm(15))
    section.footer_distance = Twips(twips_mm(d["footer_mm"]))
    section.gutter = Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    # A grid of lines only. A character grid ("linesAndChars") would give the 28 characters too,
    # but LibreOffice then puts every character in two cells; the 28 come from character spacing.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(p.line_twips))
    # odd pages: number on the right; even pages: on the left (GB/T 9704 §7.5)
    doc.settings.odd_and_even_pages_header_footer = True
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    pn = d["page_number"]
    for footer, side in ((section.footer, pn["odd"]), (section.even_page_footer, pn["even"])):
        para = footer.paragraphs[0]
        para.style = doc.styles[pn["name"]]
        para.alignment = ALIGN[side]
        if pn["indent_chars"] and side in ("left", "right"):
            _indent(para._p.get_or_add_pPr(), pn["indent_chars"], pn["size_pt"], side)
        page_number_runs(para, p)


def _fonts(doc, p: Profile) -> None:
    """The font table names each font with its fallback (w:altName), charset GB2312 for Chinese."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    w = nsdecls("w")
    fonts = [f'<w:font w:name="{_attr(p.latin)}"><w:charset w:val="00"/><w:family w:val="roman"/>'
             f'<w:pitch w:val="variable"/></w:font>']
    for name, fallback in p.fallbacks().items():
        alt = f'<w:altName w:val="{_attr(fallback)}"/>' if fallback else ""
        fonts.append(f'<w:font w:name="{_attr(name)}">{alt}<w:charset w:val="86"/>'
                     f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {w}>{"".join(fonts)}</w:fonts>'
    part._blob = xml.encode("utf-8")


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _prune(doc) -> None:
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in DROP:
                rels.pop(rid)


def set_properties(doc, title: str, epoch: int) -> None:
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = AUTHOR
    props.created = props.modified = epoch_datetime(epoch)
    props.revision = 1
    props.comments = props.keywords = props.subject = props.category = ""


def build(p: Profile, epoch: int) -> bytes:
    """The template: an empty body on the 公文 page, every style and the footers in place."""
    doc = docx.Document()
    _prune(doc)
    _styles(doc, p)
    _page(doc, p)
    _fonts(doc, p)
    set_properties(doc, "", epoch)
    out = io.BytesIO()
    doc.save(out)
    return stable(out.getvalue(), epoch)
