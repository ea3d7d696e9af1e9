"""`kb check`: every rule over the whole catalogue, and `--fix` for the fixable ones.

Rules are declared where they are detected: file and YAML hazards in yamlsrc, shape in schema,
identity in loader, references in refs, text in checks/text, near-duplicates in checks/dupes.
Importing this package imports all of them, so RULES is complete here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import loader, model
from ..findings import RULES, Finding, Rule
from . import dupes, text


@dataclass
class Result:
    cat: model.Catalogue
    docs: list[loader.Doc]
    findings: list[Finding]


def all_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: r.code)


def text_rules(codes: set[str] | None = None) -> list[text.TextRule]:
    return [r for r in text.TEXT_RULES if codes is None or r.code in codes]


def context(kind: str, typos: tuple) -> text.Context:
    return text.Context(kind, typos[0], typos[1])


def run(root: Path, data_dir: Path | None = None, codes: set[str] | None = None) -> Result:
    """Load and check everything; codes limits the work to those rules' families where it can."""
    data_dir = data_dir or root / "data"
    docs, found = loader.read(root, data_dir)
    cat, more = loader.build(docs, data_dir)
    found += more
    rules = text_rules(codes)
    if rules:
        typos = text.typos(root, data_dir)
        found += typos[2]
        for doc in docs:
            found += text.check_doc(doc.data, doc.src, context(doc.kind, typos), rules)
    if codes is None or "KB401" in codes:
        found += dupes.check(cat)
    return Result(cat, docs, sorted(set(found)))


def select(findings: list[Finding], codes: set[str] | None, paths: set[str] | None) -> list[Finding]:
    return [f for f in findings
            if (codes is None or f.code in codes) and (paths is None or f.path in paths)]
