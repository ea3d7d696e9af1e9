"""Findings: what a check reports, and the registry of rule codes.

Every finding names a file, a line, a stable code, a message and a fix tip. Rules live in one
table so that adding one touches one place; the checks issue grows this table.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # "error" blocks, "warning" advises
    summary: str
    tip: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("KB101", "error", "YAML 语法错误", "检查缩进、冒号和引号；字符串中含“: ”时请整体加引号。"),
        Rule("KB102", "error", "缺少必填字段", "按 data/schema/ 中该类条目的模板补上此字段。"),
        Rule("KB103", "error", "未知字段", "删除该字段，或检查字段名拼写（字段表见站点“参与贡献”页）。"),
        Rule("KB104", "error", "字段类型错误", "按字段说明改为正确的类型（文本、整数或列表）。"),
        Rule("KB105", "error", "取值不在允许范围内", "改为允许的取值之一。"),
        Rule("KB106", "error", "取值不符合格式或长度要求", "按字段说明调整内容的格式或长度。"),
        Rule("KB110", "error", "编号与文件名不一致", "把 id 改成与文件名（不含 .yml）相同，或重命名文件。"),
        Rule("KB111", "error", "编号重复", "每个条目的 id 在全库唯一；为其中一个换一个未用过的编号。"),
        Rule("KB112", "error", "文件位置不对", "问题表述放在 data/issues/<维度编号>/ 下，与 dimension 字段一致。"),
        Rule("KB201", "error", "引用的条目不存在", "检查编号拼写，或先新建被引用的条目。"),
    )
}


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
        return f"{where}: {self.code} {self.message}（提示：{self.rule.tip}）"


def finding(code: str, path: str, line: int, message: str, column: int = 0) -> Finding:
    if code not in RULES:
        raise KeyError(f"unregistered rule code {code}")
    return Finding(path, line, column, code, message)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def report(findings: list[Finding]) -> str:
    """All findings, sorted, one per line, then a summary line."""
    lines = [f.format() for f in sorted(findings)]
    n_err = len(errors(findings))
    lines.append(f"共 {n_err} 个错误，{len(findings) - n_err} 个警告。")
    return "\n".join(lines)
