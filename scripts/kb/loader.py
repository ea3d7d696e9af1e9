"""Load data/ into a Catalogue, with every problem reported as a finding (never an exception).

Layout (one file per entry; the id is the file name):
  data/frameworks/*.yml  data/dimensions/*.yml  data/issues/<dimension>/*.yml
  data/causes/*.yml  data/remedies/*.yml  data/reports/*.yml  data/vocab/*.yml  data/schema/*.json
"""
from __future__ import annotations

from pathlib import Path

from . import model, refs, schema, yamlsrc
from .findings import Finding, finding

FOLDERS = {"frameworks": "framework", "dimensions": "dimension", "issues": "issue",
           "causes": "cause", "remedies": "remedy", "reports": "report"}
VOCABS = ("levels", "roots", "patterns")


def entry_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) for every entry file, in a stable order."""
    out = []
    for folder, kind in FOLDERS.items():
        pattern = "*/*.yml" if kind == "issue" else "*.yml"
        out += [(kind, p) for p in sorted((data_dir / folder).glob(pattern))]
    return out


def _load_vocab(name: str, data_dir: Path, root: Path, cat: model.Catalogue) -> list[Finding]:
    path = data_dir / "vocab" / f"{name}.yml"
    data, src, found = yamlsrc.read(path, root)
    if found or data is None:
        return found
    found = schema.validate("vocab", data, src, data_dir / "schema")
    if not found:
        cat.vocab[name] = {t["id"]: model.Term(**t) for t in data}
    return found


def load(root: Path, data_dir: Path | None = None) -> tuple[model.Catalogue, list[Finding]]:
    """Read every file; return the catalogue and all findings (sorted)."""
    data_dir = data_dir or root / "data"
    cat = model.Catalogue()
    findings: list[Finding] = []
    for name in VOCABS:
        findings += _load_vocab(name, data_dir, root, cat)
    seen: dict[str, str] = {}
    for kind, path in entry_files(data_dir):
        data, src, found = yamlsrc.read(path, root)
        findings += found
        if found:
            continue
        if data is None:
            data = {}
        found = schema.validate(kind, data, src, data_dir / "schema")
        findings += found
        if found:
            continue
        ident = data["id"]
        if ident != path.stem:
            findings.append(finding("KB110", src.path, src.line(("id",)),
                                    f"id “{ident}” 与文件名 “{path.name}” 不一致"))
            continue
        if ident in seen:
            findings.append(finding("KB111", src.path, src.line(("id",)),
                                    f"id “{ident}” 已被 {seen[ident]} 使用"))
            continue
        seen[ident] = src.path
        if kind == "issue" and path.parent.name != data["dimension"]:
            findings.append(finding("KB112", src.path, src.line(("dimension",)),
                                    f"文件在 issues/{path.parent.name}/ 下，但 dimension 是 “{data['dimension']}”"))
        cat.add(kind, model.build_entry(kind, data, src))
    findings += refs.check(cat)
    return cat, sorted(set(findings))
