"""Load data/ into a Catalogue, with every problem reported as a finding (never an exception).

Layout (one file per entry; the id is the file name):
  data/frameworks/*.yml  data/dimensions/*.yml  data/issues/<dimension>/*.yml
  data/causes/*.yml  data/remedies/*.yml  data/reports/*.yml  data/criticisms/*.yml  data/passages/*.yml
  data/vocab/*.yml  data/schema/*.json

Loading happens in two steps: `read` parses every file into Docs (the text checks and the fixer
work on these), `build` validates them and assembles the cross-linked catalogue.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from . import model, names, refs, schema, yamlsrc
from .docx.profile import Profile
from .findings import Finding, errors, finding, rule

FOLDERS = {"frameworks": "framework", "dimensions": "dimension", "issues": "issue",
           "causes": "cause", "remedies": "remedy", "reports": "report",
           "criticisms": "criticism", "passages": "passage"}
VOCABS = ("levels", "roots", "patterns", "sectors", "roles", "targets", "parts", "meetings")
# vocabularies with a schema of their own: (file stem under data/vocab/, schema name)
OWN_SCHEMA = {"keywords": "keywords", "layout": "layout", "selfcheck": "selfcheck"}

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
    checked: list[Finding] | None = None  # the schema's findings, once validated (see validate)


@functools.lru_cache(maxsize=8)
def _schema_dir(data_dir: Path) -> Path:
    return data_dir / "schema"  # one Path for a pass over thousands of docs, not one each


def validate(doc: Doc, data_dir: Path) -> list[Finding]:
    """The schema's findings on a doc, worked out once (kb check's readers do it as they read)."""
    if doc.checked is None:
        doc.checked = schema.validate("vocab" if doc.kind.startswith("vocab:") else doc.kind, doc.data, doc.src,
                                      _schema_dir(data_dir))
    return doc.checked


def pack(docs: list[Doc]) -> list[tuple]:
    """Docs as plain tuples, quick to send to another process (see unpack)."""
    return [(d.kind, str(d.path), d.data, d.src.path, d.src.text, d.src.unusual, d.checked) for d in docs]


def unpack(rows: list[tuple]) -> list[Doc]:
    return [Doc(kind, Path(path), data, yamlsrc.Source(rel, text, unusual), checked)
            for kind, path, data, rel, text, unusual, checked in rows]


def entry_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, path) for every entry file, in a stable order."""
    out = []
    for folder, kind in FOLDERS.items():
        base = data_dir / folder
        if base.is_symlink():  # the file gate refuses it once, rather than once for every file in it
            out.append((kind, base))
            continue
        found = list(base.glob("*/*.yml" if kind == "issue" else "*.yml"))
        if kind == "issue" and base.is_dir():
            links = {p for p in base.iterdir() if p.is_symlink()}
            if links:
                found = [p for p in found if p.parent not in links] + list(links)
        out += [(kind, p) for p in sorted(found, key=str)]  # str: fast to compare
    return out


def _yaml_names(data_dir: Path) -> set[str]:
    """Every path under data_dir (as a string) whose name ends in .yml or .yaml (as Path.suffix
    has it: not a name that is only the suffix), whatever it is (a folder, a link), found without
    following links to folders; a folder that cannot be listed is passed over. What
    data_dir.rglob("*.y*ml") filtered by suffix gives, in a quarter of the time (no Path objects)."""
    out = set()
    for folder, dirs, files in os.walk(data_dir):
        for name in dirs + files:
            dot = name.rfind(".")
            if 0 < dot < len(name) - 1 and name[dot:] in (".yml", ".yaml"):
                out.add(os.path.join(folder, name))
    return out


def _stray(data_dir: Path, root: Path, read: list[Path]) -> list[Finding]:
    """YAML files under data/ that nothing reads: a contributor's entry would silently vanish."""
    out = []
    known = {str(p) for p in read} | {str(data_dir / "vocab" / "typos.yml")}
    for path in map(Path, sorted(_yaml_names(data_dir) - known)):
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


def sources(root: Path, data_dir: Path | None = None) -> list[tuple[str, Path]]:
    """(kind, path) of every vocabulary and entry file `read` parses, in the stable order."""
    data_dir = data_dir or root / "data"
    files = [(f"vocab:{n}", data_dir / "vocab" / f"{n}.yml") for n in VOCABS]
    files += [(kind, p) for kind in OWN_SCHEMA if (p := data_dir / "vocab" / f"{kind}.yml").exists()]
    return files + entry_files(data_dir)


def read_files(files: list[tuple[str, Path]], root: Path,
               data_dir: Path | None = None) -> tuple[list[Doc], list[Finding]]:
    """Parse some of `sources` (kb check reads them a few at a time, in two processes). With
    data_dir, also validate each doc against its schema (the findings are build's to report)."""
    docs, findings = [], []
    dirs: set[str] = set()  # folders the file gate has seen to be real during this read
    for kind, path in files:
        data, src, found = yamlsrc.read(path, root, dirs)
        findings += found
        if data is not None or not errors(found):
            docs.append(Doc(kind, path, {} if data is None else data, src))
            if data_dir is not None:
                validate(docs[-1], data_dir)
    return docs, findings


def stray(root: Path, data_dir: Path, files: list[tuple[str, Path]]) -> list[Finding]:
    return _stray(data_dir, root, [p for _, p in files])


def read(root: Path, data_dir: Path | None = None) -> tuple[list[Doc], list[Finding]]:
    """Parse every vocabulary and entry file. Files that cannot be trusted yield findings, no Doc."""
    data_dir = data_dir or root / "data"
    files = sources(root, data_dir)
    docs, findings = read_files(files, root)
    return docs, stray(root, data_dir, files) + findings


# Where each kind's ids begin with their place: a copy of an issue put in another dimension's folder,
# or a cause saved under remedies/, does not fit; the entry that fits is the original.
_PREFIX = {"cause": "cause-", "remedy": "remedy-"}


def _fits(doc: Doc) -> bool:
    if doc.kind == "issue":
        return doc.data["id"].startswith(doc.path.parent.name + "-")
    return doc.data["id"].startswith(_PREFIX.get(doc.kind, ""))


def _originals(docs: list[Doc]) -> dict[str, Doc]:
    """For each id, the file that keeps it when several use it: the one whose id fits its place
    (see _fits), else the first in the stable file order. KB111 goes on every other copy."""
    out: dict[str, Doc] = {}
    for doc in docs:
        ident = doc.data["id"]
        if ident == doc.path.stem and (ident not in out or (_fits(doc) and not _fits(out[ident]))):
            out[ident] = doc
    return out


def _identity(doc: Doc, originals: dict[str, Doc]) -> list[Finding]:
    ident, src = doc.data["id"], doc.src
    if ident != doc.path.stem:
        return [finding("KB110", src.path, src.line(("id",)), f"id “{ident}” 与文件名 “{doc.path.name}” 不一致")]
    if originals[ident] is not doc:
        return [finding("KB111", src.path, src.line(("id",)), f"id “{ident}” 已被 {originals[ident].src.path} 使用，"
                                                                "这一份是重复的（未读入）")]
    return []


def build(docs: list[Doc], data_dir: Path) -> tuple[model.Catalogue, list[Finding]]:
    """Validate the parsed files and assemble the catalogue from those that pass."""
    cat = model.Catalogue()
    findings: list[Finding] = []
    keywords = None
    valid = []
    for doc in docs:
        vocab = doc.kind.startswith("vocab:") or doc.kind in OWN_SCHEMA
        found = validate(doc, data_dir)
        if not found and doc.kind.startswith("vocab:"):
            cat.vocab[doc.kind[6:]] = {t["id"]: model.Term(**t) for t in doc.data}
        elif not found and doc.kind == "keywords":
            cat.keywords, keywords = doc.data, doc
        elif not found and doc.kind == "selfcheck":
            cat.selfcheck = doc.data
        elif not found and doc.kind == "layout":
            found = [finding("KB106", doc.src.path, doc.src.line(where), msg)
                     for where, msg in Profile(doc.data).problems()]
            cat.layout = None if found else doc.data
        findings += found
        if not found and not vocab:
            valid.append(doc)
    originals = _originals(valid)
    for doc in valid:
        found = _identity(doc, originals)
        findings += found
        if found:
            continue
        if doc.kind == "issue" and doc.path.parent.name != doc.data["dimension"]:
            findings.append(finding("KB112", doc.src.path, doc.src.line(("dimension",)),
                                    f"文件在 issues/{doc.path.parent.name}/ 下，但 dimension 是 “{doc.data['dimension']}”"))
        cat.add(doc.kind, model.build_entry(doc.kind, doc.data, doc.src))
    findings += names.check(cat)
    # an entry file that could not be loaded has its own findings; references to it would only
    # repeat them, once for every entry that names it (a broken dimension file: one per issue)
    failed = _Failed(cat, data_dir)
    findings += refs.check(cat, failed)
    if keywords:
        findings += _keyword_dimensions(keywords, cat, failed)
    return cat, findings


class _Failed:
    """(kind, id) of every entry file that did not make it into the catalogue; listed on first use,
    which is only when a reference is missing."""

    def __init__(self, cat: model.Catalogue, data_dir: Path):
        self.cat, self.data_dir, self.ids = cat, data_dir, None

    def __contains__(self, item: tuple[str, str]) -> bool:
        if self.ids is None:
            self.ids = {(kind, path.stem) for kind, path in entry_files(self.data_dir)
                        if path.stem not in self.cat.table(kind)}
        return item in self.ids


def _keyword_dimensions(doc: Doc, cat: model.Catalogue, failed: _Failed) -> list[Finding]:
    """Every dimension the keyword vocabulary names exists, and is named once."""
    out, seen = [], set()
    for n, entry in enumerate(doc.data):
        where = doc.src.line((n, "dimension"))
        if entry["dimension"] not in cat.dimensions:
            if ("dimension", entry["dimension"]) not in failed:
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
