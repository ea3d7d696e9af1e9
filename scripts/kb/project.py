"""A complete, hook-free MkDocs project on disk: what `kb pages --out DIR` writes.

DIR/docs is the whole docs tree (hand-written and generated pages, the phrase index, downloads),
DIR/overrides the theme overrides, and DIR/mkdocs.yml the project's own settings with the complete
nav written out and no hooks: any engine that reads mkdocs.yml (MkDocs itself, or Zensical, which
ignores hooks) builds the same site from it. mkdocs.yml is carried over as text, so its comments
and tags (`!ENV SITE_URL`) stay as they are; only the blocks the hook stands for are replaced.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import pages, site

# top-level keys of mkdocs.yml that only make sense with the hook beside the repository
DROPPED = ("hooks", "watch", "nav")


def _blocks(text: str) -> list[tuple[str, str]]:
    """mkdocs.yml cut into (top-level key, its text with the comments just above it)."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    for line in text.splitlines(keepends=True):
        top = line[:1] not in ("", " ", "\t", "\n", "#", "-")
        if top:
            out.append((line.split(":", 1)[0].strip(), "".join(pending) + line))
            pending = []
        elif line.startswith("#") or not line.strip():
            pending.append(line)
        elif out:
            key, body = out[-1]
            out[-1] = (key, body + "".join(pending) + line)
            pending = []
    if pending:
        out.append(("", "".join(pending)))
    return out


def config_text(root: Path, nav: list) -> str:
    """The project's mkdocs.yml without hooks and watch, with the complete nav."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    kept = "".join(body for key, body in _blocks(text) if key not in DROPPED).rstrip("\n")
    header = "# Written by `kb pages --out`: the complete site, no hooks; build with `mkdocs build`\n" \
             "# (or any engine that reads mkdocs.yml) in this folder.\n"
    listed = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False, width=1000)
    return f"{header}{kept}\n\n{listed}"


def write(root: Path, out: Path) -> int:
    """Write DIR/docs, DIR/overrides and DIR/mkdocs.yml; return the number of generated pages."""
    cat = site.load_or_fail(root)
    n = site.write_docs(root, out / "docs", cat=cat)
    contributing = {pages.CONTRIBUTING: ""} if (root / "CONTRIBUTING.md").exists() else {}
    nav = pages.nav(cat) + _hand_nav(root) + pages.nav_tail(contributing)
    if (root / "overrides").is_dir():
        shutil.copytree(root / "overrides", out / "overrides", dirs_exist_ok=True)
    (out / "mkdocs.yml").write_text(config_text(root, nav), encoding="utf-8")
    return n


def _hand_nav(root: Path) -> list:
    """The hand-written part of mkdocs.yml's nav, as the hook appends it."""
    from .site import _ConfigLoader

    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    return list(config.get("nav") or [])
