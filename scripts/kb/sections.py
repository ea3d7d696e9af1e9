"""The hand-written pages (写作指南, 参与贡献, 检查规则, 字段说明, home) cut into sections for the
phrase engine: each heading with the text under it up to the next heading.

Pages are rendered with the same Markdown extensions as mkdocs.yml, so the anchors are the ids
MkDocs gives the headings (a build test checks each one), and the text is what the reader sees:
markup gone, entities decoded, the permalink sign left out.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser


_SPACE = re.compile(r"\s+")
_HEADING = re.compile(r"h[1-6]")
_BLOCK = {"p", "li", "tr", "td", "th", "div", "pre", "br", "table", "ul", "ol", "blockquote", "dd", "dt"}


class _Cutter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[list] = []  # [anchor, heading, [text pieces]]
        self.heading: list[str] | None = None
        self.skip = 0  # inside a permalink, script or style

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.skip or tag in ("script", "style") or (tag == "a" and "headerlink" in (a.get("class") or "")):
            self.skip += 1
        elif _HEADING.fullmatch(tag) and a.get("id"):
            self.heading = []
            self.sections.append([a["id"], "", []])
        elif tag in _BLOCK and self.sections:
            self.sections[-1][2].append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            if tag in ("a", "script", "style"):
                self.skip -= 1
        elif _HEADING.fullmatch(tag) and self.heading is not None:
            self.sections[-1][1] = _SPACE.sub(" ", "".join(self.heading)).strip()
            self.heading = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.sections:
            self.sections[-1][2].append(data)


def cut(source: str, extensions: list, configs: dict) -> list[tuple[str, str, str]]:
    """(anchor, heading, text) of each heading of a Markdown page that has text under it (or is its title)."""
    import markdown  # here: `kb check` imports this module's neighbours and never renders a page

    html = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(source)
    cutter = _Cutter()
    cutter.feed(html)
    out = []
    for n, (anchor, heading, pieces) in enumerate(cutter.sections):
        lines = [_SPACE.sub(" ", line).strip() for line in "".join(pieces).split("\n")]
        text = "\n".join(line for line in lines if line)
        if text or n == 0:
            out.append((anchor, heading, text))
    return out


def of_pages(pages: dict[str, str], extensions: list, configs: dict) -> list[tuple[str, str, str, str]]:
    """(page, anchor, context, text) of every section of the given pages, in the order given.
    The text starts with the heading, so a heading's words find it; context is “page › heading”."""
    out = []
    for page, source in pages.items():
        parts = cut(source, extensions, configs)
        title = parts[0][1] if parts else page
        for n, (anchor, heading, text) in enumerate(parts):
            context = title if n == 0 else f"{title} › {heading}"
            out.append((page, anchor, context, f"{heading}\n{text}".strip()))
    return out
