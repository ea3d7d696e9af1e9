"""Load data/ into a Catalogue, with every problem reported as a finding (never an exception).

Layout (one file per entry; the id is the file name):
  data/frameworks/*.yml  data/dimensions/*.yml  data/issues/<dimension>/*.yml
  data/causes/*.yml  data/remedies/*.yml  data/reports/*.yml  data/criticisms/*.yml  data/passages/*.yml
  data/vocab/*.yml  data/schema/*.json

Loading happens in two steps: `read` parses every file into Docs (the text checks and the fixer
work on these), `build` validates them and assembles the cross-linked catalogue.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import model, refs, schema, yamlsrc
from .findings import Finding, errors, finding, rule

FOLDERS = {"frameworks": "framework", "dimensions": "dimension", "issues": "issue",
           "causes": "cause", "remedies": "remedy", "reports": "report",
           "criticisms": "criticism", "passages": "passage"}
VOCABS = ("levels", "roots", "patterns", "sectors", "roles", "targets", "parts", "meetings")
# vocabularies with a schema of their own: (file stem under data/vocab/, schema name)
OWN_SCHEMA = {"keywords": "keywords"}

rule("KB110", "error", "编号与文件名不一致", "把 id 改成与文件名（不含 .yml）相同，或重命名文件。")
rule("KB111", "error", "编号重复", "每个条目的 id 在全库唯一；为其中一个换一个未用过的编号（kb new 会自动取号）。")
rule("KB112", "error", "文件位置不对", "问题表述放在 data/issues/<维度编号>/ 下，与 dimension 字段一致；其他条目放在各自的文件夹中，扩展名为 .yml。")


@dataclass
class Doc:
    """One parsed data file: its kind ("issue", … or "vocab:levels"), data and source marks."""

    kind: str
    path: Path
    data: object
    src: yamlsrc.Source


def entry_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) for every entry file, in a stable order."""
    out = []
    for folder, kind in FOLDERS.items():
        pattern = "*/*.yml" if kind == "issue" else "*.yml"
        out += [(kind, p) for p in sorted((data_dir / folder).glob(pattern), key=str)]  # str: fast to compare
    return out


def _stray(data_dir: Path, root: Path, read: set[Path]) -> list[Finding]:
    """YAML files under data/ that nothing reads: a contributor's entry would silently vanish."""
    out = []
    known = {str(p) for p in read} | {str(data_dir / "vocab" / "typos.yml")}
    for path in sorted((p for p in data_dir.rglob("*.y*ml") if str(p) not in known), key=str):
        if path.suffix not in (".yml", ".yaml"):
            continue
        rel = path.relative_to(root).as_posix()
        if path.suffix == ".yaml":
            why = "扩展名应为 .yml"
        elif path.parent == data_dir / "issues":
            why = "问题表述要放在 data/issues/<维度编号>/ 下"
        else:
            why = "条目只能放在 data/ 下的 " + "、".join(
                f + ("/<维度编号>" if f == "issues" else "") for f in FOLDERS) + " 文件夹中"
        out.append(finding("KB112", rel, 1, f"此文件不会被读取：{why}"))
    return out


def read(root: Path, data_dir: Path | None = None) -> tuple[list[Doc], list[Finding]]:
    """Parse every vocabulary and entry file. Files that cannot be trusted yield findings, no Doc."""
    data_dir = data_dir or root / "data"
    files = [(f"vocab:{n}", data_dir / "vocab" / f"{n}.yml") for n in VOCABS]
    files += [(kind, p) for kind in OWN_SCHEMA if (p := data_dir / "vocab" / f"{kind}.yml").exists()]
    files += entry_files(data_dir)
    docs, findings = [], _stray(data_dir, root, {p for _, p in files})
    for kind, path in files:
        data, src, found = yamlsrc.read(path, root)
        findings += found
        if data is not None or not errors(found):
            docs.append(Doc(kind, path, {} if data is None else data, src))
    return docs, findings


def _identity(doc: Doc, seen: dict[str, str]) -> list[Finding]:
    ident, src = doc.data["id"], doc.src
    if ident != doc.path.stem:
        return [finding("KB110", src.path, src.line(("id",)), f"id “{ident}” 与文件名 “{doc.path.name}” 不一致")]
    if ident in seen:
        return [finding("KB111", src.path, src.line(("id",)), f"id “{ident}” 已被 {seen[ident]} 使用")]
    seen[ident] = src.path
    return []


def build(docs: list[Doc], data_dir: Path) -> tuple[model.Catalogue, list[Finding]]:
    """Validate the parsed files and assemble the catalogue from those that pass."""
    cat = model.Catalogue()
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    keywords = None
    for doc in docs:
        vocab = doc.kind.startswith("vocab:") or doc.kind in OWN_SCHEMA
        found = schema.validate("vocab" if doc.kind.startswith("vocab:") else doc.kind, doc.data, doc.src,
                                data_dir / "schema")
        if not found and doc.kind.startswith("vocab:"):
            cat.vocab[doc.kind[6:]] = {t["id"]: model.Term(**t) for t in doc.data}
        elif not found and doc.kind == "keywords":
            cat.keywords, keywords = doc.data, doc
        if found or vocab:
            findings += found
            continue
        found = _identity(doc, seen)
        findings += found
        if found:
            continue
        if doc.kind == "issue" and doc.path.parent.name != doc.data["dimension"]:
            findings.append(finding("KB112", doc.src.path, doc.src.line(("dimension",)),
                                    f"文件在 issues/{doc.path.parent.name}/ 下，但 dimension 是 “{doc.data['dimension']}”"))
        cat.add(doc.kind, model.build_entry(doc.kind, doc.data, doc.src))
    findings += refs.check(cat)
    if keywords:
        findings += _keyword_dimensions(keywords, cat)
    return cat, findings


def _keyword_dimensions(doc: Doc, cat: model.Catalogue) -> list[Finding]:
    """Every dimension the keyword vocabulary names exists, and is named once."""
    out, seen = [], set()
    for n, entry in enumerate(doc.data):
        where = doc.src.line((n, "dimension"))
        if entry["dimension"] not in cat.dimensions:
            out.append(finding("KB201", doc.src.path, where, f"{n}.dimension 引用的检视维度 “{entry['dimension']}” 不存在"))
        elif entry["dimension"] in seen:
            out.append(finding("KB111", doc.src.path, where, f"维度 “{entry['dimension']}” 在本表中出现了两次"))
        seen.add(entry["dimension"])
    return out


def load(root: Path, data_dir: Path | None = None) -> tuple[model.Catalogue, list[Finding]]:
    """Read every file; return the catalogue and all findings (sorted)."""
    data_dir = data_dir or root / "data"
    docs, findings = read(root, data_dir)
    cat, more = build(docs, data_dir)
    return cat, sorted(set(findings + more))
