"""The baseline the benchmark compares build time with: the same text as plain Markdown pages,
built by stock Material for MkDocs with its own search (lang zh; jieba segments Chinese because it
is installed), without our hook, templates or phrase index.

Pages mirror ours: one per dimension (its issues), one for causes, one for remedies, one per
report (its own paragraphs and the text of every entry it cites).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from kb.model import SECTION_REF_KIND, Catalogue
from kb.text import escape as md  # the one escape path, as the real pages use it

CONFIG = """site_name: 合成知识库（基准）
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
"""


def _entry(heading: str, *texts: str) -> str:
    return f"### {md(heading)}\n\n" + "".join(f"{md(t)}\n\n" for t in texts if t)


def pages(cat: Catalogue) -> dict[str, str]:
    out = {"index.md": "# 合成知识库\n\n基准测试用的合成条目。\n"}
    for d in cat.sorted_dimensions():
        body = "".join(_entry(i.headline, i.body, i.example) for i in cat.issues_of(d.id))
        out[f"dimensions/{d.id}.md"] = f"# {md(d.name)}\n\n{md(d.description)}\n\n{body}"
    for kind, name, file in (("cause", "原因剖析", "causes.md"), ("remedy", "整改措施", "remedies.md")):
        entries = sorted(cat.table(kind).values(), key=lambda e: e.id)
        out[file] = f"# {name}\n\n" + "".join(_entry(e.title, e.body) for e in entries)
    for r in cat.sorted_reports():
        parts = [f"# {md(r.title)}\n\n{md(r.opening)}\n\n"]
        for s in r.sections:
            kind = SECTION_REF_KIND.get(s.kind)
            parts.append(f"## {md(s.label + s.title)}\n\n")
            parts += [f"{md(p)}\n\n" for p in [s.lead, *s.paragraphs] if p]
            groups = [("", "", s.items)] + [(b.label + b.heading, b.lead, b.items) for b in s.subsections]
            for heading, lead, items in groups:
                if heading:
                    parts.append(f"### {md(heading)}\n\n")
                if lead:
                    parts.append(f"{md(lead)}\n\n")
                for it in items:
                    if it.ref:
                        e = cat.table(kind)[it.ref]
                        parts.append(f"{md(it.label + e.title + it.sep + e.body + getattr(e, 'example', ''))}\n\n")
                    else:
                        parts.append(f"{md(it.label + it.text)}\n\n")
        if r.closing:
            parts.append(f"{md(r.closing)}\n")
        out[f"reports/{r.id}.md"] = "".join(parts)
    return out


def write(cat: Catalogue, project: Path) -> Path:
    """Write project/mkdocs.yml and project/docs/ (replacing them); returns the project directory."""
    shutil.rmtree(project / "docs", ignore_errors=True)
    for rel, text in pages(cat).items():
        path = project / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return project
