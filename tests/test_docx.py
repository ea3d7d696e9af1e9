"""Word files in 公文 layout (GB/T 9704-2012): the sample reports' .docx built with the site, and the
.docx the browser writes with KbDocx.build, both read back with python-docx and rendered by LibreOffice.

The expected figures are the standard's, as a reader would measure them on paper: A4, margins
37/35/28/26 mm, 22 lines of 28.95 pt, title 2号 (22 pt), body and headings 3号 (16 pt).
"""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import ROOT, make_project, FIXTURES, run_kb
from kb import loader
from kb.docx import fill, package, template
from kb.docx.profile import Profile

REPORT = "2023-branch-office"
FONTS = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "h1": "黑体", "h2": "楷体_GB2312"}
SIZES = {"title": 22, "body": 16, "h1": 16, "h2": 16}
FALLBACK = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}
LINE_PT = 28.95
HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(2)</script>", "]]> & &amp; \"'",
           "控制\u0001字符\u0007与\u001f退格\u0008", "制表\t符与\n换行"]


def role_of(paragraph) -> str:
    return {"公文标题": "title", "公文正文": "body", "公文一级标题": "h1", "公文二级标题": "h2"}[paragraph.style.name]


def assert_gongwen_layout(doc) -> None:
    """What a reader measures on the page and what Word/WPS read for the fonts."""
    s = doc.sections[0]
    mm = lambda length: round(length / Mm(1), 1)  # noqa: E731
    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert (mm(s.top_margin), mm(s.bottom_margin), mm(s.left_margin), mm(s.right_margin)) == (37, 35, 28, 26)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and int(grid.get(qn("w:linePitch"))) == round(LINE_PT * 20)
    spacing = doc.styles["Normal"].element.rPr.find(qn("w:spacing"))  # 28 characters of 16 pt a line
    assert 28 * (16 + int(spacing.get(qn("w:val"))) / 20) <= 156 / 25.4 * 72 < 28 * 16
    for role, name in (("title", "公文标题"), ("body", "公文正文"), ("h1", "公文一级标题"), ("h2", "公文二级标题")):
        style = doc.styles[name]
        fonts = style.element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == FONTS[role], role
        assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Times New Roman", role
        assert style.font.size == Pt(SIZES[role]), role
        assert style.font.bold is False, role  # 黑体 is the heading's weight; no synthetic bold
        fmt = style.paragraph_format
        assert fmt.line_spacing_rule == docx.enum.text.WD_LINE_SPACING.EXACTLY, role
        assert round(fmt.line_spacing.pt, 2) == LINE_PT, role
        if role == "title":
            assert fmt.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
            assert not fmt.first_line_indent
        else:  # two characters of the paragraph's own size
            assert fmt.first_line_indent == Pt(2 * SIZES[role]), role
            assert style.element.pPr.ind.get(qn("w:firstLineChars")) == "200", role
    for role, font in FONTS.items():  # the font table names a fallback for the fonts few PCs have
        if font in FALLBACK:
            table = doc.part.part_related_by(docx.opc.constants.RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
            assert f'<w:font w:name="{font}"><w:altName w:val="{FALLBACK[font]}"/>' in table
    assert_page_numbers(doc)


def assert_page_numbers(doc) -> None:
    """“— 1 —” in 4号 宋体 with a PAGE field; odd pages on the right, even pages on the left."""
    s = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, side in ((s.footer, "RIGHT"), (s.even_page_footer, "LEFT")):
        (para,) = footer.paragraphs
        assert para.alignment == getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, side)
        assert para.style.font.size == Pt(14)
        instr = [e.text for e in para._p.iter(qn("w:instrText"))]
        assert [i.strip() for i in instr] == ["PAGE"]
        assert para.text.replace(" ", "") == "—1—"  # dashes as text, the field's cached value between
        for run in para.runs:
            assert run.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
            assert run.element.rPr.rFonts.get(qn("w:ascii")) == "宋体"  # 4号半角宋体阿拉伯数字


def assert_runs_carry_their_fonts(doc) -> None:
    for para in doc.paragraphs:
        for run in para.runs:
            fonts = run.element.rPr.rFonts
            assert fonts.get(qn("w:eastAsia")) == FONTS[role_of(para)], para.text
            assert fonts.get(qn("w:ascii")) == "Times New Roman"


def expected_report_paragraphs(report_id: str) -> list[tuple[str, str]]:
    """The report read from its YAML and the cited entries' files, independently of kb.docx."""
    data = yaml.safe_load((ROOT / f"data/reports/{report_id}.yml").read_text(encoding="utf-8"))

    def entry(ref: str) -> dict:
        (path,) = list((ROOT / "data").glob(f"*/{ref}.yml")) + list((ROOT / "data").glob(f"issues/*/{ref}.yml"))
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    def item(it: dict) -> str:
        if "ref" not in it:
            return it.get("label", "") + it["text"]
        e = entry(it["ref"])
        return (it.get("label", "") + e.get("headline", e.get("title")) + it.get("sep", "。") + e["body"]
                + e.get("example", ""))

    out = [("title", data["title"]), ("body", data["opening"])]
    for s in data["sections"]:
        out.append(("h1", s.get("label", "") + s["title"]))
        out += [("body", s["lead"])] if s.get("lead") else []
        out += [("body", p) for p in s.get("paragraphs", [])]
        out += [("body", item(it)) for it in s.get("items", [])]
        for sub in s.get("subsections", []):
            out.append(("h2", sub.get("label", "") + sub["heading"]))
            out += [("body", sub["lead"])] if sub.get("lead") else []
            out += [("body", item(it)) for it in sub["items"]]
    if data.get("closing"):
        out.append(("body", data["closing"]))
    return out


# ---- the sample reports' Word files ------------------------------------------------------------

def test_a_report_docx_is_in_gongwen_layout_with_every_paragraph_in_order(real_site):
    doc = docx.Document(real_site / f"reports/{REPORT}.docx")
    assert_gongwen_layout(doc)
    assert_runs_carry_their_fonts(doc)
    got = [(role_of(p), p.text) for p in doc.paragraphs]
    assert got == expected_report_paragraphs(REPORT)
    assert doc.core_properties.title == got[0][1]


def test_every_report_page_links_its_own_word_file(real_site):
    cat, _ = loader.load(ROOT)
    for rid in cat.reports:
        html = (real_site / f"reports/{rid}/index.html").read_text(encoding="utf-8")
        assert f'href="../{rid}.docx"' in html and "下载 Word" in html, rid
        doc = docx.Document(real_site / f"reports/{rid}.docx")
        assert doc.paragraphs[0].text == cat.reports[rid].title


def test_word_files_are_dated_by_source_date_epoch_not_the_clock(real_site):
    """The site build is reproducible (test_build compares two builds); here: where the date comes from."""
    blob = (real_site / f"reports/{REPORT}.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}  # SOURCE_DATE_EPOCH=1700000000
    assert docx.Document(io.BytesIO(blob)).core_properties.created.year == 2023


def test_kb_pages_writes_the_word_files_too(tmp_path):
    result = run_kb(ROOT, "pages", "--out", str(tmp_path))  # writes DIR/docs and DIR/mkdocs.yml
    assert result.returncode == 0, result.stderr
    doc = docx.Document(tmp_path / f"docs/reports/{REPORT}.docx")
    assert [p.text for p in doc.paragraphs] == [t for _, t in expected_report_paragraphs(REPORT)]
    assert "window.KB_DOCX_TEMPLATE" in (tmp_path / "docs/assets/js/docx-template.js").read_text(encoding="utf-8")


def test_hostile_entries_stay_literal_text_in_a_report_docx(mini_site):
    """The fixture catalogue writes markup into every field; Word must show it as typed."""
    path = mini_site / "reports/report-x.docx"
    texts = [p.text for p in docx.Document(path).paragraphs]
    assert texts[0] == "范文<script>alert(1)</script>"
    assert "一、问题<img src=x onerror=alert(1)>" in texts and "（一）方面<script>alert(1)</script>" in texts
    assert any(t.startswith("一是<script>alert(1)</script>。<img src=x onerror=alert(1)>正文。") for t in texts)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "<script" not in xml and "<img" not in xml and "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_the_layout_profile_is_checked_with_a_precise_finding(tmp_path):
    project = make_project(tmp_path, FIXTURES / "mini" / "data")
    path = project / "data/vocab/layout.yml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    path.write_text(text.replace("lines_per_page: 22", "lines_per_page: 30"), encoding="utf-8")
    result = run_kb(project, "check")
    line = next(n for n, s in enumerate(lines, 1) if s.startswith("lines_per_page"))
    assert result.returncode == 1 and f"data/vocab/layout.yml:{line}: KB106" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    path.write_text(text.replace("line_pitch_pt: 28.95\n", ""), encoding="utf-8")
    result = run_kb(project, "check")
    assert result.returncode == 1 and "data/vocab/layout.yml:" in result.stdout and "KB102" in result.stdout


def test_hostile_text_in_the_profile_stays_text_in_the_template_and_its_script():
    cat, _ = loader.load(ROOT)
    data = json.loads(json.dumps(cat.layout))
    evil = "宋体</script><img src=x onerror=alert(1)>&\""
    data["fonts"].append({"name": evil})
    data["page_number"]["font"] = evil
    p = Profile(data)
    assert p.problems() == []
    blob = template.build(p, 0)
    doc = docx.Document(io.BytesIO(blob))
    assert doc.sections[0].footer.paragraphs[0].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == evil
    script = package.browser_script(p, blob)
    assert "</script" not in script.lower() and "<img" not in script
    parsed = json.loads(script.split("window.KB_DOCX_TEMPLATE = ", 1)[1].rstrip().rstrip(";"))
    assert dict(parsed["parts"])["word/fontTable.xml"] == zipfile.ZipFile(io.BytesIO(blob)).read("word/fontTable.xml").decode()


# The child order ECMA-376 prescribes for paragraph and run properties: Word refuses a file
# ("unreadable content") where they are out of order, though LibreOffice and python-docx do not mind.
PPR = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
       "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
       "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
       "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
RPR = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
       "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
       "em lang eastAsianLayout specVanish oMath").split()


def test_paragraph_and_run_properties_are_in_the_order_word_requires(real_site):
    from lxml import etree

    with zipfile.ZipFile(real_site / f"reports/{REPORT}.docx") as z:
        for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
            root = etree.fromstring(z.read(name))
            for tag, order in (("pPr", PPR), ("rPr", RPR)):
                for el in root.iter(qn(f"w:{tag}")):
                    names = [etree.QName(c).localname for c in el]
                    assert names == sorted(names, key=order.index), (name, names)


# ---- the browser's writer ----------------------------------------------------------------------

BUILD = """async (paras) => {
  const buf = await KbDocx.build(paras);
  const bytes = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}"""


def browser_docx(page, site: Path, paragraphs: list[dict]) -> bytes:
    """KbDocx.build in a page of the built site opened from disk (file://: no fetch, no server)."""
    import base64

    page.goto((site / "index.html").as_uri())
    page.add_script_tag(url="assets/js/docx-writer.js")  # it loads docx-template.js by itself
    return base64.b64decode(page.evaluate(BUILD, paragraphs))


def draft_paragraphs() -> list[dict]:
    paras = [{"style": role, "text": text} for role, text in expected_report_paragraphs(REPORT)[:12]]
    return paras + [{"style": "body", "text": t} for t in HOSTILE]


def test_the_browser_writes_a_gongwen_docx_from_the_same_template(page, real_site, tmp_path):
    paras = draft_paragraphs()
    blob = browser_docx(page, real_site, paras)
    (tmp_path / "draft.docx").write_bytes(blob)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert z.testzip() is None  # every CRC-32 right
        assert z.namelist()[0] == "[Content_Types].xml"
    doc = docx.Document(tmp_path / "draft.docx")
    assert_gongwen_layout(doc)
    assert_runs_carry_their_fonts(doc)
    want = [(p["style"], fill.clean(p["text"])) for p in paras]
    assert [(role_of(p), p.text) for p in doc.paragraphs] == want
    # hostile text is literal text in the document, and nothing ran in the page
    texts = [p.text for p in doc.paragraphs]
    assert "<img src=x onerror=alert(1)>" in texts and "]]> & &amp; \"'" in texts
    assert "控制字符与退格" in texts and "制表\t符与\n换行" in texts
    assert page.dialogs == []
    assert doc.core_properties.title == paras[0]["text"]


def test_browser_and_python_write_the_same_paragraphs(page, real_site):
    """The layout is defined once: both writers give each paragraph the same style, fonts and runs."""
    paras = draft_paragraphs()
    browser = docx.Document(io.BytesIO(browser_docx(page, real_site, paras)))
    cat, _ = loader.load(ROOT)
    p = Profile(cat.layout)
    python = docx.Document(io.BytesIO(fill.write(template.build(p, 0), p, [(x["style"], x["text"]) for x in paras], "", 0)))

    def shape(doc):
        out = []
        for para in doc.paragraphs:
            (run,) = para.runs
            children = [(c.tag, c.text or "") for c in run.element if c.tag != qn("w:rPr")]
            out.append((para.style.style_id, dict(run.element.rPr.rFonts.attrib), children))
        return out

    assert shape(browser) == shape(python)
    for part in ("word/styles.xml", "word/footer1.xml", "word/footer2.xml", "word/settings.xml", "word/fontTable.xml"):
        a = zipfile.ZipFile(io.BytesIO(browser_docx(page, real_site, paras[:1]))).read(part)
        b = zipfile.ZipFile(real_site / f"reports/{REPORT}.docx").read(part)
        assert a == b, part


def test_the_browser_writer_refuses_an_unknown_style_with_a_message(page, real_site):
    page.goto((real_site / "index.html").as_uri())
    page.add_script_tag(url="assets/js/docx-writer.js")
    message = page.evaluate("() => KbDocx.build([{style: 'h9', text: 'x'}]).then(() => '', e => e.message)")
    assert "h9" in message and "body" in message


def test_characters_xml_cannot_carry_are_dropped_on_both_sides(page, real_site, tmp_path):
    """A lone surrogate or a control character pasted from elsewhere must not break the file."""
    assert fill.clean("孤\ud800立\x00\x1b\r\n行") == "孤立\n行"
    page.goto((real_site / "index.html").as_uri())
    page.add_script_tag(url="assets/js/docx-writer.js")
    b64 = page.evaluate("""() => KbDocx.build([{style: 'body', text: '孤\\ud800立\\u0000\\u001b\\r\\n行'}]).then(buf => {
      let s = ''; new Uint8Array(buf).forEach(b => { s += String.fromCharCode(b); }); return btoa(s); })""")
    import base64
    (para,) = docx.Document(io.BytesIO(base64.b64decode(b64))).paragraphs
    assert para.text == "孤立\n行"


# ---- rendered by LibreOffice -------------------------------------------------------------------

def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} is missing: run `make test` as root (it installs libreoffice-writer-nogui, "
                    "fonts-wqy-microhei and poppler-utils)")
    return path


def to_pdf(docx_path: Path, tmp_path: Path) -> Path:
    soffice = _need("soffice")
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(docx_path)], capture_output=True, text=True, timeout=180)
    pdf = tmp_path / (docx_path.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    return pdf


def pdf_lines(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(top, left, right, text) of every text line on one page, in points."""
    out = subprocess.run([_need("pdftotext"), "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    lines = []
    for m in re.finditer(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</line>', out, re.S):
        words = "".join(re.findall(r">([^<]*)</word>", m.group(4)))
        lines.append((float(m.group(2)), float(m.group(1)), float(m.group(3)), words))
    return lines


def body_text(pdf: Path) -> str:
    """The text above the footer on every page, without whitespace (pdftotext spaces Latin from CJK)."""
    bottom = round((297 - 35 + 2) / 25.4 * 72)  # the type area ends 35 mm above the paper's edge
    out = subprocess.run([_need("pdftotext"), "-x", "0", "-y", "0", "-W", "595", "-H", str(bottom), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


@pytest.mark.parametrize("source", ["report", "browser"])
def test_libreoffice_renders_it_22_lines_a_page_with_every_paragraph(source, page, real_site, tmp_path):
    if source == "report":
        path, paras = real_site / f"reports/{REPORT}.docx", expected_report_paragraphs(REPORT)
    else:
        raw = draft_paragraphs()
        path = tmp_path / "draft.docx"
        path.write_bytes(browser_docx(page, real_site, raw))
        paras = [(p["style"], fill.clean(p["text"])) for p in raw]
    pdf = to_pdf(path, tmp_path)
    text = body_text(pdf)
    for _, para in paras:
        assert re.sub(r"\s+", "", para) in text, para
    lines = pdf_lines(pdf, 1)
    assert 20 <= len(lines) <= 22, [t for *_, t in lines]  # the page is used, and holds no more than 22
    body = [top for top, left, right, t in lines if "—" not in t]
    gaps = {round(b - a, 1) for a, b in zip(body[2:], body[3:])}  # after the title, every line on the grid
    assert gaps <= {round(LINE_PT, 1), round(LINE_PT, 1) + 0.1, round(LINE_PT, 1) - 0.1}, gaps
    type_area = (28 / 25.4 * 72, (210 - 26) / 25.4 * 72)
    for _, left, right, t in lines:  # inside the type area; only closing punctuation may hang past it
        if "—" not in t:
            assert left >= type_area[0] - 1 and right <= type_area[1] + (16 if t[-1] in "，。、；：！？”’）》" else 1), t
    full = [t for top, left, right, t in lines if left < type_area[0] + 1 and right > type_area[1] - 8]
    assert sum(len(t) == 28 for t in full) > len(full) / 2, full  # 28 characters a line
    footer = [t for *_, t in lines if "—" in t]
    assert [t.replace(" ", "") for t in footer] == ["—1—"]
