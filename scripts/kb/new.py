"""`kb new issue|cause|remedy|criticism|passage`: a new entry file with the next free id and a commented template.

The templates (templates/new/*.yml.j2) explain every field inline and name the schema on their
first line, so an editor with yaml-language-server completes and underlines as one types.
CONTRIBUTING.md shows the same templates; a test keeps the two identical.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from . import yamlsrc
from .checks import dupes
from .model import Catalogue

TEMPLATES = Path(__file__).parent / "templates" / "new"
FOLDER = {"issue": "issues", "cause": "causes", "remedy": "remedies", "criticism": "criticisms",
          "passage": "passages"}


def next_id(data_dir: Path, kind: str, dimension: str = "") -> str:
    """The next free id: one more than the highest number in use, whatever state the files are in."""
    prefix = dimension if kind == "issue" else kind
    numbers = [int(m[1]) for p in (data_dir / FOLDER[kind]).rglob("*.yml")
               if (m := re.fullmatch(rf"{re.escape(prefix)}-(\d+)", p.stem))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def path_for(data_dir: Path, kind: str, ident: str, dimension: str = "") -> Path:
    folder = data_dir / FOLDER[kind]
    return (folder / dimension if kind == "issue" else folder) / f"{ident}.yml"


def _help(vocab: dict) -> str:
    return "、".join(f"{t.id} {t.name}" for t in vocab.values())


def render(kind: str, ident: str, cat: Catalogue, *, dimension: str = "", title: str = "",
           body: str = "", levels: list[str] | None = None, root: str = "", target: str = "",
           part: str = "") -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True)
    helps = {f"{name}_help": _help(cat.vocab.get(name, {}))
             for name in ("levels", "roots", "sectors", "targets", "parts", "meetings")}
    return env.get_template(f"{kind}.yml.j2").render(
        id=ident, dimension=yamlsrc.scalar(dimension), title=yamlsrc.scalar(title), body=yamlsrc.scalar(body),
        root=yamlsrc.scalar(root), levels=", ".join(levels or []), target=yamlsrc.scalar(target),
        part=part if part == "case-analysis" else yamlsrc.scalar(part), **helps)


def twins(kind: str, title: str, body: str, cat: Catalogue) -> list[tuple[str, float]]:
    """Entries the given text nearly duplicates, as (id, score)."""
    if not (title or body):
        return []
    return [(e.id, s) for e, s in dupes.twins_of(" ".join(filter(None, (title, body))), kind, cat)]
