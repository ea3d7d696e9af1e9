"""Render the catalogue into the generated part of the docs tree: {docs-relative path: Markdown}.

Page shapes live in templates/*.md.j2; this module only decides which pages exist and what
each template is given. The output depends on the data alone, so the same data always gives
byte-identical pages.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import jinja2

from . import links, meeting, schema, search, stats
from .findings import SEVERITY_NAMES
from .model import SECTION_REF_KIND, Catalogue
from .text import cn_num, md

TEMPLATES = Path(__file__).parent / "templates"
# The formulas of DOMAIN §4 items 24 and 25, read off the titles. The 句式 page groups causes and
# remedies by them; a title goes to the first form it matches.
CAUSE_FORMS = (("……有所松懈（淡化、弱化）", re.compile(r"有所")),
               ("对……认识不足（不到位、不深）", re.compile(r"^对.*(认识|理解|把握)")),
               ("……存在偏差（误区、倾向）", re.compile(r"偏差|误区|倾向|错位")),
               ("……不够（不强、不牢、不足）", re.compile(r"不够|不强|不牢|不足|不深|不到位|不实|不严|欠缺|缺乏|淡薄")))
REMEDY_FORMS = tuple((f"{lead}……", re.compile(f"^{lead}")) for lead in ("着力", "持续", "注重", "坚持"))


def _grouped(entries, forms) -> list[tuple[str, list]]:
    """(form, entries) for each form, in the order given; each entry under the first form its title matches."""
    groups: dict[str, list] = {label: [] for label, _ in forms}
    for e in sorted(entries, key=lambda e: e.id):
        label = next((label for label, rx in forms if rx.search(e.title)), None)
        if label:
            groups[label].append(e)
    return [(label, es) for label, es in groups.items() if es]


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


FIELDS = "reference/fields.md"
RULES = "reference/rules.md"
CONTRIBUTING = "contributing.md"


def render_all(cat: Catalogue, repo_url: str, root: Path, phrase_meta: dict | None = None) -> dict[str, str]:
    """Every generated page. root is the project: its data/schema/ gives the field reference and
    its CONTRIBUTING.md becomes the site's contributing page, so neither is written twice.
    phrase_meta is search.build(cat).meta for the phrase finder's page, computed here if not given."""
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
    }

    pages: dict[str, str] = {}

    def put(path: str, template: str, **ctx) -> None:
        ctx = {**base, **ctx, "to": links.Linker(path)}
        pages[path] = env.get_template(template).render(**ctx)

    put(links.HOME, "home.md.j2")
    meta = phrase_meta if phrase_meta is not None else search.build(cat).meta
    put(links.PHRASES, "phrases.md.j2", meta=meta)
    put(links.FRAMEWORKS, "frameworks.md.j2")
    for f in cat.sorted_frameworks():
        put(links.page_of(f), "framework.md.j2", f=f)
    put(links.DIMENSIONS, "dimensions.md.j2")
    for d in cat.sorted_dimensions():
        put(links.page_of(d), "dimension.md.j2", d=d)
    put(links.CAUSES, "causes.md.j2")
    put(links.REMEDIES, "remedies.md.j2")
    patterns = cat.vocab.get("patterns", {})
    in_order = [i for d in cat.sorted_dimensions() for i in cat.issues_of(d.id)]
    put(links.PATTERNS, "patterns.md.j2", patterns=patterns,
        users_of={pid: [i for i in in_order if pid in i.patterns] for pid in patterns},
        cause_forms=_grouped(cat.causes.values(), CAUSE_FORMS), remedy_leads=_grouped(cat.remedies.values(), REMEDY_FORMS))
    put(links.CRITICISMS, "criticisms.md.j2", groups=meeting.criticisms_by_target(cat))
    put(links.PASSAGES, "passages.md.j2", groups=meeting.passages_by_part(cat))
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

    Themes print nav titles as HTML, so titles taken from the catalogue are escaped here.
    """
    esc = html.escape
    return [
        {"首页": links.HOME},
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
