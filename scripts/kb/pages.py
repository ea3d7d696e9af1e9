"""Render the catalogue into the generated part of the docs tree: {docs-relative path: Markdown}.

Page shapes live in templates/*.md.j2; this module only decides which pages exist and what
each template is given. The output depends on the data alone, so the same data always gives
byte-identical pages.
"""
from __future__ import annotations

import html
from pathlib import Path

import jinja2

from . import links, stats
from .model import SECTION_REF_KIND, Catalogue
from .text import cn_num, md

TEMPLATES = Path(__file__).parent / "templates"
CONFIDENCE = {"high": ("较高", "success"), "medium": ("中等", "info"), "unsure": ("未能核实", "warning")}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every {{ }} is HTML-escaped unless it went through `md`
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}, so Jinja comments use {## … ##} instead
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["md"] = md
    env.filters["cn"] = cn_num
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]
    return env


def render_all(cat: Catalogue, repo_url: str = "") -> dict[str, str]:
    env = environment()
    base = {
        "cat": cat,
        "levels": cat.vocab.get("levels", {}),
        "roots": cat.vocab.get("roots", {}),
        "confidence": CONFIDENCE,
        "section_ref_kind": SECTION_REF_KIND,
        "stats": stats.compute(cat),
        "edit_base": f"{repo_url.rstrip('/')}/edit/main/" if repo_url else "",
    }

    pages: dict[str, str] = {}

    def put(path: str, template: str, **ctx) -> None:
        ctx = {**base, **ctx, "to": links.Linker(path)}
        pages[path] = env.get_template(template).render(**ctx)

    put(links.HOME, "home.md.j2")
    put(links.FRAMEWORKS, "frameworks.md.j2")
    for f in cat.sorted_frameworks():
        put(links.page_of(f), "framework.md.j2", f=f)
    put(links.DIMENSIONS, "dimensions.md.j2")
    for d in cat.sorted_dimensions():
        put(links.page_of(d), "dimension.md.j2", d=d)
    put(links.CAUSES, "causes.md.j2")
    put(links.REMEDIES, "remedies.md.j2")
    put(links.REPORTS, "reports.md.j2")
    for r in cat.sorted_reports():
        put(links.page_of(r), "report.md.j2", r=r)
    return pages


def nav(cat: Catalogue) -> list:
    """The generated sections of the site navigation, in mkdocs.yml `nav` form.

    Themes print nav titles as HTML, so titles taken from the catalogue are escaped here.
    """
    esc = html.escape
    return [
        {"首页": links.HOME},
        {"检视框架": [links.FRAMEWORKS] + [{esc(f.short): links.page_of(f)} for f in cat.sorted_frameworks()]},
        {"检视维度": [links.DIMENSIONS] + [{esc(d.name): links.page_of(d)} for d in cat.sorted_dimensions()]},
        {"原因剖析": links.CAUSES},
        {"整改措施": links.REMEDIES},
        {"范文": [links.REPORTS] + [{esc(r.title): links.page_of(r)} for r in cat.sorted_reports()]},
    ]
