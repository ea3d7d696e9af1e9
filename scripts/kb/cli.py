"""The `kb` command: kb pages --out DIR | kb stats [--json] | kb check | kb terms."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import loader, site, stats, terms
from .findings import errors, report


def _root(value: str) -> Path:
    path = Path(value).resolve()
    if not (path / "data").is_dir():
        raise argparse.ArgumentTypeError(f"{value} 下没有 data/ 目录（请在项目根目录运行，或用 --root 指定）")
    return path


def cmd_check(args) -> int:
    _, findings = loader.load(args.root)
    print(report(findings))
    return 1 if errors(findings) else 0


def cmd_pages(args) -> int:
    n = site.write_docs(args.root, args.out)
    print(f"已写出 {n} 个生成页面及手写页面到 {args.out}")
    return 0


def cmd_stats(args) -> int:
    s = stats.compute(site.load_or_fail(args.root))
    print(json.dumps(s, ensure_ascii=False, indent=2) if args.json else stats.table(s))
    return 0


def cmd_terms(args) -> int:
    sys.stdout.write(terms.userdict(site.load_or_fail(args.root)))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="对照检查知识库的命令行工具")
    p.add_argument("--root", type=_root, default=".", help="项目根目录（含 data/），默认当前目录")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="加载 data/ 并按 JSON Schema 校验，列出所有问题")
    c.set_defaults(func=cmd_check)
    c = sub.add_parser("pages", help="把完整的文档目录（手写页面和生成页面）写到磁盘")
    c.add_argument("--out", type=Path, required=True, help="输出目录")
    c.set_defaults(func=cmd_pages)
    c = sub.add_parser("stats", help="按类别、维度、层级统计条目数")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=cmd_stats)
    c = sub.add_parser("terms", help="输出供 jieba 使用的用户词典")
    c.set_defaults(func=cmd_terms)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # usage errors exit 2, as argparse does
    try:
        return args.func(args)
    except site.CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
