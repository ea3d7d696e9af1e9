"""What every face (MkDocs hook, `kb` CLI, tests) needs: the catalogue loaded or a clear failure,
and the complete generated docs tree."""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import checks, draft, forked, links, pages, phrases, search, sections
from .checks.text import typos as typo_list
from .docx import package as word
from .findings import CatalogueError, errors, report
from .model import Catalogue


def check_or_fail(root: Path, data_dir: Path | None = None, parallel: bool = False,
                  later: bool = False) -> checks.Result:
    """The check of the catalogue, if `kb check` finds no error in it: what the checker refuses is
    never published. The result carries the catalogue and the typo table the check read.
    parallel: the caller has no threads, so the check may use a second core (forked).
    later: return once the catalogue is built and sound (read, shape, ids, references); the text
    rules go on beside, and confirm(result) must pass before anything is published. Every finding
    is still reported at once: an error found now waits for the rest."""
    # only the rules that can refuse a build: warnings (near-duplicates, spacing) never do
    blocking = {r.code for r in checks.all_rules() if r.severity == "error"}
    result = checks.run(root, data_dir, codes=blocking, parallel=parallel, later=later)
    if errors(result.findings):
        raise CatalogueError(report(errors(sorted(set(result.findings + result.pending())))))
    return result


def confirm(result: checks.Result) -> None:
    """Raise CatalogueError if the rules check_or_fail(later=True) left running found an error."""
    found = result.pending()
    if errors(found):
        raise CatalogueError(report(errors(found)))


def load_or_fail(root: Path, data_dir: Path | None = None) -> Catalogue:
    """The catalogue, if `kb check` finds no error in it."""
    return check_or_fail(root, data_dir).cat


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its own tags (!ENV, !relative) read as null."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def repo_url(root: Path) -> str:
    """repo_url from mkdocs.yml: edit links point there."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        return ""
    return str(config.get("repo_url") or "")


def markdown_config(root: Path) -> tuple[list, dict]:
    """The Markdown extensions of mkdocs.yml and their settings, with those MkDocs always adds, so
    that pages rendered outside MkDocs get the same heading ids."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    names, settings = ["toc", "tables", "fenced_code"], {}
    for item in config.get("markdown_extensions") or []:
        name, value = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name not in names:
            names.append(name)
        if value:
            settings[name] = value
    return names, settings


# Generated pages searched section by section, besides the hand-written docs/*.md.
SECTION_PAGES = (links.HOME, pages.CONTRIBUTING, pages.FIELDS, pages.RULES)


def section_sources(root: Path, rendered: dict[str, str]) -> dict[str, str]:
    """{page: Markdown} of the pages a reader reads as prose: home, docs/, contributing, reference."""
    docs = root / "docs"
    hand = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(docs.rglob("*.md"))} if docs.is_dir() else {}
    order = [links.HOME, *hand, *SECTION_PAGES[1:]]
    sources = {**hand, **{p: rendered[p] for p in SECTION_PAGES if p in rendered}}
    return {p: sources[p] for p in dict.fromkeys(order) if p in sources}


def generated(cat: Catalogue, url: str, root: Path, directory_urls: bool = True,
              typos: dict[str, str] | None = None, parallel: bool = False) -> dict[str, str | bytes]:
    """Every generated file of the docs tree: the pages, the phrase engine's index, the Word files
    of the reports and the Word template for the browser (bytes for .docx, text for the rest).
    typos: the typo table the check read (check_or_fail), else read from data/vocab/typos.yml.
    parallel: the caller has no threads; the Word files and the 起草台's files are then made on a
    second core while this one renders the pages and the phrase index (they need nothing from each
    other)."""
    if typos is None:
        typos = typo_list(root, root / "data")[0]
    drafts = forked.beside(lambda: {**word.site_files(cat), **draft.files(cat, directory_urls, typos)}, parallel)
    rendered = pages.render_all(cat, url, root)
    parts = sections.of_pages(section_sources(root, rendered), *markdown_config(root))
    recs = phrases.records(cat, parts)
    return {**rendered, **search.build(cat, directory_urls, parts, recs).files, **drafts()}


def write_docs(root: Path, out: Path, data_dir: Path | None = None, cat: Catalogue | None = None) -> int:
    """Write the complete docs tree (hand-written docs/ plus generated pages and index) to out."""
    cat = cat or load_or_fail(root, data_dir)
    generated_files = generated(cat, repo_url(root), root)
    docs = root / "docs"
    if docs.is_dir():
        shutil.copytree(docs, out, dirs_exist_ok=True)
    for rel, content in generated_files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return sum(rel.endswith(".md") for rel in generated_files)
