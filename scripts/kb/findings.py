"""Findings: what a check reports, and the registry every rule is declared in.

A rule is declared once, with `rule(...)`, beside the code that detects it (yamlsrc, schema,
loader, refs, checks/*). The registry is what `kb check --only/--ignore`, the rule table on the
site and the tests read, so a rule's code, severity, message and tip live in exactly one place.
"""
from __future__ import annotations

from dataclasses import dataclass

from .normal import visible  # a finding never prints a control character raw

SEVERITY_NAMES = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # "error" blocks the build and CI; "warning" advises (blocks only with --strict)
    summary: str
    tip: str
    fixable: bool = False  # `kb check --fix` repairs it


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, summary: str, tip: str, fixable: bool = False) -> Rule:
    """Declare a rule. Codes are stable: KB1xx structure, KB2xx references, KB3xx text, KB4xx catalogue,
    KB5xx what kb import says about a raw report."""
    if code in RULES:
        raise ValueError(f"rule {code} declared twice")
    if severity not in SEVERITY_NAMES:
        raise ValueError(f"rule {code}: unknown severity {severity}")
    RULES[code] = Rule(code, severity, summary, tip, fixable)
    return RULES[code]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> str:
        return self.rule.severity

    def format(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        return visible(f"{where}: {self.code} {self.message}（提示：{self.rule.tip}）")

    def github(self) -> str:
        """A GitHub Actions workflow command: the finding shows as an annotation on the PR's diff."""
        def esc(s: str, prop: bool = False) -> str:
            s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return s.replace(":", "%3A").replace(",", "%2C") if prop else s
        props = f"file={esc(self.path, True)},line={self.line}"
        if self.column:
            props += f",col={self.column}"
        props += f",title={esc(self.code + ' ' + self.rule.summary, True)}"
        return visible(f"::{self.severity} {props}::{esc(f'{self.message}（提示：{self.rule.tip}）')}")


def finding(code: str, path: str, line: int, message: str, column: int = 0) -> Finding:
    if code not in RULES:
        raise KeyError(f"unregistered rule code {code}")
    return Finding(path, line, column, code, message)


class CatalogueError(Exception):
    """The catalogue has errors; str() is the full findings report (site.check_or_fail)."""


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def summary(findings: list[Finding]) -> str:
    n_err = len(errors(findings))
    return f"共 {n_err} 个错误，{len(findings) - n_err} 个警告。"


def report(findings: list[Finding], fmt: str = "text") -> str:
    """All findings, sorted, one per line, then a summary line."""
    lines = [f.github() if fmt == "github" else f.format() for f in sorted(findings)]
    lines.append(summary(findings))
    return "\n".join(lines)
