"""Render the catalogue into the generated part of the docs tree: {docs-relative path: Markdown}.

Page shapes live in templates/*.md.j2; this module only decides which pages exist and what
each template is given. The output depends on the data alone, so the same data always gives
byte-identical pages.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from . import draft, links, listings, meeting, paging, patterns, schema, search, stats
from .docx import package as word
from .findings import SEVERITY_NAMES
from .model import SECTION_REF_KIND, Catalogue
from .text import cn_num, escape, escape_lines

TEMPLATES = Path(__file__).parent / "templates"
CONFIDENCE = {"high": ("较高", "success"), "medium": ("中等", "info"), "unsure": ("未能核实", "warning")}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # every {{ }} goes through the one escape (text.escape), which is right for Markdown, HTML and
        # attributes alike; autoescape stays on as a second line, a no-op on escape's output
        finalize=escape,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading ids are written {#id}, so Jinja comments use {## … ##} instead
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["cn"] = cn_num
    env.filters["lines"] = escape_lines  # 复制全文: line breaks kept
    # Jinja's own join returns markup with its items only HTML-escaped, which finalize would pass
    # through: this one gives each item the one escape
    env.filters["join"] = lambda items, sep="": escape(sep).join(escape(i) for i in items)
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]
    env.filters["page_number"] = paging.page_number
    return env


FIELDS = "reference/fields.md"
RULES = "reference/rules.md"
CONTRIBUTING = "contributing.md"


def render_all(cat: Catalogue, repo_url: str, root: Path) -> dict[str, str]:
    """Every generated page. root is the project: its data/schema/ gives the field reference and
    its CONTRIBUTING.md becomes the site's contributing page, so neither is written twice.
    The phrase finder's index is search.build's, written beside these pages (site.generated)."""
    from . import checks  # the rule registry is complete once every check module is imported

    env = environment()
    base = {
        "cat": cat,
        "levels": cat.vocab.get("levels", {}),
        "roots": cat.vocab.get("roots", {}),
        "vocab": cat.vocab,
        "confidence": CONFIDENCE,
        "section_ref_kind": SECTION_REF_KIND,
        "stats": stats.compute(cat),
        "edit_base": f"{repo_url.rstrip('/')}/edit/main/" if repo_url else "",
        "word_file": word.docx_path if cat.layout else None,  # a report's .docx, when there is a layout
    }

    pages: dict[str, str] = {}
    place = listings.placement(cat)

    def put(path: str, template: str, **ctx) -> None:
        ctx = {**base, **ctx, "to": links.Linker(path, place)}
        pages[path] = env.get_template(template).render(**ctx)

    paged = listings.listings(cat)

    def put_listing(base_path: str, **ctx) -> None:
        """Every page of a listing; each gets its slice (pg) and where each group begins (starts)."""
        template, parts, jumps = paged[base_path]
        for pg in parts:
            put(pg.path, template, pg=pg, jumps=jumps if pg.first else [], **ctx)

    put(links.HOME, "home.md.j2")
    put(links.PHRASES, "phrases.md.j2", filters=search.filters(cat),
        examples=search.examples(i.text for i in cat.issues.values()))
    put(draft.PAGE, "draft.md.j2")
    put(links.FRAMEWORKS, "frameworks.md.j2")
    for f in cat.sorted_frameworks():
        put(links.page_of(f), "framework.md.j2", f=f)
    put(links.DIMENSIONS, "dimensions.md.j2")
    for d in cat.sorted_dimensions():
        put_listing(links.page_of(d), d=d, issues=cat.issues_of(d.id), groups=cat.issues_by_level(d.id))
    put_listing(links.CAUSES)
    put_listing(links.REMEDIES)
    for path, template, ctx in patterns.pages(cat):  # the 句式 overview and the pages it links to
        put(path, template, **ctx)
    put_listing(links.CRITICISMS, groups=meeting.criticisms_by_target(cat))
    put_listing(links.PASSAGES)
    put(links.REPORTS, "reports.md.j2")
    for r in cat.sorted_reports():
        put(links.page_of(r), "report.md.j2", r=r)
    schema_dir = root / "data" / "schema"
    kinds = [{"kind": k, **dict(zip(("schema", "fields"), schema.fields(k, schema_dir)))}
             for k in schema.KIND_ORDER if (schema_dir / f"{k}.schema.json").exists()]
    put(FIELDS, "reference/fields.md.j2", kinds=kinds)
    put(RULES, "reference/rules.md.j2", rules=checks.all_rules(), severity=SEVERITY_NAMES)
    contributing = root / "CONTRIBUTING.md"
    if contributing.exists():
        pages[CONTRIBUTING] = contributing.read_text(encoding="utf-8")
    return pages


def nav(cat: Catalogue) -> list:
    """The generated sections of the site navigation, in mkdocs.yml `nav` form.

    Themes print nav titles as HTML, so titles taken from the catalogue go through the one escape.
    """
    esc = lambda s: str(escape(s))  # noqa: E731
    return [
        {"首页": links.HOME},
        {"起草台": draft.PAGE},
        {"表述检索": links.PHRASES},
        {"检视框架": [links.FRAMEWORKS] + [{esc(f.short): links.page_of(f)} for f in cat.sorted_frameworks()]},
        {"检视维度": [links.DIMENSIONS] + [{esc(d.name): links.page_of(d)} for d in cat.sorted_dimensions()]},
        {"原因剖析": links.CAUSES},
        {"整改措施": links.REMEDIES},
        {"句式": links.PATTERNS},
        {"相互批评意见": links.CRITICISMS},
        {"段落范式": links.PASSAGES},
        {"范文": [links.REPORTS] + [{esc(r.title): links.page_of(r)} for r in cat.sorted_reports()]},
    ]


def nav_tail(pages: dict[str, str]) -> list:
    """The contributor section, after the hand-written pages."""
    section = [CONTRIBUTING] if CONTRIBUTING in pages else []
    return [{"参与贡献": section + [{"字段说明": FIELDS}, {"检查规则": RULES}]}]
