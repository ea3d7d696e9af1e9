"""The `kb` command: kb check | kb new | kb import RAW | kb pages --out DIR | kb stats [--json].

Exit status: 0 clean, 1 findings that block (errors, or warnings under --strict), 2 usage.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sys
from pathlib import Path

from . import checks, files, loader
from .checks import fix
from .findings import RULES, CatalogueError, Finding, errors, finding, report

# The other commands' modules (importer, new, project, site, stats) are imported by the commands
# that use them: `kb check`, the one run most, does not load page templates or the importer.


def _root(value: str) -> Path:
    path = Path(value).resolve()
    if not (path / "data").is_dir():
        raise argparse.ArgumentTypeError(f"{value} 下没有 data/ 目录（请在项目根目录运行，或用 --root 指定）")
    return path


def _codes(value: str) -> set[str]:
    codes = {c.strip().upper() for c in value.replace("，", ",").split(",") if c.strip()}
    known = {r.code for r in checks.all_rules()}  # all_rules completes the registry (KB5xx too)
    unknown = sorted(c for c in codes if c not in known)
    if unknown:
        raise argparse.ArgumentTypeError(f"没有这些规则：{'、'.join(unknown)}（规则表见 kb check --list）")
    return codes


def _selected(args) -> set[str] | None:
    if not args.only and not args.ignore:
        return None
    codes = set().union(*args.only) if args.only else set(RULES)
    return codes - set().union(*args.ignore or [set()])


class UsageError(Exception):
    """A mistake in how kb was called: reported in one line, exit status 2."""


def _paths(args) -> set[str] | None:
    if not args.paths:
        return None
    out = set()
    for p in args.paths:
        path = (p if p.is_absolute() else Path.cwd() / p).resolve()
        if not path.is_file():
            raise UsageError(f"kb check: 没有这个文件：{p}")
        try:
            out.add(path.relative_to(args.root).as_posix())
        except ValueError:
            raise UsageError(f"kb check: {p} 不在项目目录 {args.root} 中") from None
    return out


def cmd_check(args) -> int:
    if args.list:
        for r in checks.all_rules():
            print(f"{r.code}  {r.severity:7}  {'可自动修复' if r.fixable else '　　　　　'}  {r.summary}")
        return 0
    codes, paths = _selected(args), _paths(args)
    # checks.run turns the cyclic collector off while it loads. Kept off, it does not rescan the
    # loaded catalogue (a tenth of a second) when the command is over: turned on again only for a
    # caller that goes on (tests call main), not for the kb command, which exits right after
    enabled = gc.isenabled()
    gc.disable()
    try:
        result = checks.run(args.root, codes=codes, parallel=True)
        unwritten: list[Finding] = []
        if args.fix:
            changed = _fix(result, codes, paths, args.root, unwritten)
            if changed:
                print(f"已修复 {len(changed)} 个文件：" + "、".join(changed), file=sys.stderr)
                result = checks.run(args.root, codes=codes, parallel=True)
        found = checks.select(result.findings, codes, paths) + unwritten
        print(report(found, args.format))
    finally:
        if enabled and not args.exiting:
            gc.enable()
    blocking = found if args.strict else errors(found)
    return 1 if blocking else 0


def _fix(result: checks.Result, codes, paths, root: Path, unwritten: list[Finding]) -> list[str]:
    rules = [r for r in checks.text_rules(codes) if RULES[r.code].fixable]
    bom = codes is None or "KB108" in codes
    boms = {f.path for f in result.findings if f.code == "KB108"}
    changed = []
    for doc in result.docs:
        if paths is not None and doc.src.path not in paths:
            continue
        try:
            if fix.fix_doc(doc, checks.context(doc.kind, result.typos), rules, bom and doc.src.path in boms, root):
                changed.append(doc.src.path)
        except (files.NotRegular, OSError) as exc:  # swapped for a link since it was read, or read-only
            unwritten.append(finding("KB123", doc.src.path, 1, f"未能写回修复：{_why(exc)}"))
    return changed


def cmd_new(args) -> int:
    from . import new
    cat, _ = loader.load(args.root)  # a catalogue with errors elsewhere still gets new entries
    data_dir = args.root / "data"
    problems = []
    if args.kind == "issue" and args.dimension not in cat.dimensions:
        problems.append(f"维度 “{args.dimension or ''}” 不存在；可选：{'、'.join(sorted(cat.dimensions))}"
                        if args.dimension else "新建问题表述要用 --dimension 指定维度，如 --dimension study")
    for lv in args.level or []:
        if lv not in cat.vocab.get("levels", {}):
            problems.append(f"层级 “{lv}” 不存在；可选：{'、'.join(cat.vocab.get('levels', {}))}")
    if args.root_id and args.root_id not in cat.vocab.get("roots", {}):
        problems.append(f"根源 “{args.root_id}” 不存在；可选：{'、'.join(cat.vocab.get('roots', {}))}")
    for flag, value, vocab in (("--target", args.target, "targets"), ("--part", args.part, "parts")):
        if value and value not in cat.vocab.get(vocab, {}):
            problems.append(f"{flag} “{value}” 不在 data/vocab/{vocab}.yml 中；可选：{'、'.join(cat.vocab.get(vocab, {}))}")
    if args.kind == "criticism" and args.dimension and args.dimension not in cat.dimensions:
        problems.append(f"维度 “{args.dimension}” 不存在；可选：{'、'.join(sorted(cat.dimensions))}")
    if problems:
        for p in problems:
            print(f"kb new: {p}", file=sys.stderr)
        return 2
    dimension = args.dimension if args.kind == "issue" else ""
    ident = new.next_id(data_dir, args.kind, dimension)
    text = new.render(args.kind, ident, cat, dimension=args.dimension if args.kind == "criticism" else dimension,
                      title=args.title, body=args.body, levels=args.level, root=args.root_id,
                      target=args.target, part=args.part)
    for twin, score in new.twins(args.kind, args.title, args.body, cat):
        print(f"注意：所给文字与 {twin} 的相似度为 {score:.0%}，请先看看它是否已经说了同样的意思（KB401）。",
              file=sys.stderr)
    if args.stdout:
        sys.stdout.write(text)
        return 0
    path = new.path_for(data_dir, args.kind, ident, dimension)
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):  # never over an existing file or through a link left in its place
        print(report([finding("KB123", _shown(args.root, path), 1, "此路径已存在，未覆盖")]))
        return 1
    files.write_bytes(path, args.root, text.encode("utf-8"))
    print(f"已新建 {path.relative_to(args.root).as_posix()}：按注释填写各字段，然后运行 make check。")
    return 0


def _ident(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value) or len(value) > 48:
        raise argparse.ArgumentTypeError(f"编号 “{value}” 不合格式：只用小写英文字母、数字和连字符，如 2024-branch-school")
    return value


def _under(path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def cmd_import(args) -> int:
    from . import importer
    from .importer import output, summary
    from .importer.decode import MAX_BYTES as RAW_CAP
    raw_path = args.raw
    if not raw_path.is_file():
        raise UsageError(f"kb import: 没有这个文件：{raw_path}")
    out_dir = _under(args.out) if args.out else args.root / "data" / "reports"
    cands = _under(args.candidates) if args.candidates else None
    # everything is checked before anything is written: the paths first, then the input, then the targets
    problems = output.check_places(args.root, out_dir, cands)
    if problems:
        print(report(problems))
        return 1
    cat, _ = loader.load(args.root)  # a catalogue with errors elsewhere still takes an import
    typos = checks.text.typos(args.root, args.root / "data")
    try:
        with raw_path.open("rb") as f:  # a little over the cap is enough to refuse a huge file
            raw = f.read(RAW_CAP + 1)
        result = importer.run(raw, str(raw_path), cat, args.root, ident=args.id or "",
                              report_dir=out_dir, typos=typos)
    except importer.Refused as exc:
        print(report([exc.finding]))
        return 1
    report_path = out_dir / f"{result.ident}.yml"
    cands_path = cands or args.root / "build" / "import" / f"{result.ident}.candidates.yml"
    problems = output.check_targets(args.root, (report_path, cands_path), args.force)
    if problems:
        print(report(problems))
        return 1
    output.write_all(((report_path, result.report_text), (cands_path, result.candidates_text)))
    print(summary.render(result, _shown(args.root, report_path), _shown(args.root, cands_path)))
    return 0


def _why(exc: Exception) -> str:
    if isinstance(exc, files.NotRegular):
        return f"此路径{exc}"
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def cmd_pages(args) -> int:
    from . import project
    out = _under(args.out)
    why = files.unwritable_dir(out)
    if why:
        print(report([finding("KB123", _shown(args.root, out), 1, why)]))
        return 1
    n = project.write(args.root, out)
    print(f"已写出 {args.out}/mkdocs.yml 和 {args.out}/docs（{n} 个生成页面及手写页面）：在该目录运行 mkdocs build 即可构建")
    return 0


def cmd_stats(args) -> int:
    from . import site, stats
    s = stats.compute(site.load_or_fail(args.root))
    print(json.dumps(s, ensure_ascii=False, indent=2) if args.json else stats.table(s))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kb", description="对照检查知识库的命令行工具")
    p.add_argument("--root", type=_root, default=".", help="项目根目录（含 data/），默认当前目录")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="按全部规则检查 data/，一次列出所有问题（文件:行: 代码 说明（提示））",
                       description="检查 data/ 中的全部条目。退出码：0 通过，1 有错误（--strict 时警告也算），2 用法错误。")
    c.add_argument("paths", nargs="*", type=Path, metavar="文件", help="只报告这些文件的问题（仍会加载全库以核对引用）")
    c.add_argument("--fix", action="store_true", help="就地修复可自动修复的问题（保留注释和字段顺序）")
    c.add_argument("--strict", action="store_true", help="有警告也以退出码 1 结束")
    c.add_argument("--format", choices=("text", "github"), default="text",
                   help="github：输出 GitHub Actions 注解，问题会标在合并请求的代码旁")
    c.add_argument("--only", type=_codes, action="append", metavar="代码", help="只运行这些规则，如 KB301,KB302")
    c.add_argument("--ignore", type=_codes, action="append", metavar="代码", help="不运行这些规则")
    c.add_argument("--list", action="store_true", help="列出全部规则")
    c.set_defaults(func=cmd_check)
    c = sub.add_parser("new", help="新建一个条目文件：自动取下一个编号，附带逐字段注释的模板",
                       description="新建问题表述、原因剖析、整改措施、相互批评意见或段落范式。给出 --title/--body 时会先查有无近似重复的条目。")
    c.add_argument("kind", choices=("issue", "cause", "remedy", "criticism", "passage"),
                   help="issue 问题表述，cause 原因剖析，remedy 整改措施，criticism 相互批评意见，passage 段落范式")
    c.add_argument("--dimension", help="问题表述所属的维度编号，如 study（相互批评意见也可指定）")
    c.add_argument("--target", default="", metavar="对象", help="相互批评意见的对象：secretary、committee、member")
    c.add_argument("--part", default="", metavar="部分",
                   help="段落范式所属的部分：opening、rectification、case-analysis、closing、pledge")
    c.add_argument("--title", default="", help="标题句（问题表述、批评意见的 headline，其他条目的 title）")
    c.add_argument("--body", default="", help="展开说明")
    c.add_argument("--level", action="append", metavar="层级", help="适用层级：team、branch、individual，可重复")
    c.add_argument("--root", dest="root_id", default="", metavar="根源", help="原因剖析的根源类别，如 theory")
    c.add_argument("--stdout", action="store_true", help="把模板打印出来，不写文件")
    c.set_defaults(func=cmd_new)
    c = sub.add_parser("import", help="导入一篇范文原文（纯文本）：写出结构化的范文文件和候选条目，并报告做了什么",
                       description="读入从 Word、PDF 或网页复制下来的范文原文（UTF-8 或 GB18030/GBK 编码的纯文本），"
                                   "写出结构化的范文文件（默认 data/reports/<编号>.yml）和候选条目文件"
                                   "（默认 build/import/<编号>.candidates.yml），在标准输出报告识别到的结构、删除的内容及原因、"
                                   "需要核对之处和疑似错别字。退出码：0 成功，1 原文不可用或输出文件已存在（什么也不写），2 用法错误。")
    c.add_argument("raw", type=Path, metavar="原文.txt", help="原文文件")
    c.add_argument("--id", type=_ident, help="范文编号（也是文件名），默认由年度、层级和原文的散列值组成")
    c.add_argument("--out", type=Path, help="范文文件写到哪个目录，默认 data/reports/")
    c.add_argument("--candidates", type=Path, metavar="文件", help="候选条目写到哪个文件，默认 build/import/<编号>.candidates.yml")
    c.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    c.set_defaults(func=cmd_import)
    c = sub.add_parser("pages", help="写出不依赖钩子的完整站点项目：DIR/mkdocs.yml 和 DIR/docs")
    c.add_argument("--out", type=Path, required=True, help="输出目录")
    c.set_defaults(func=cmd_pages)
    c = sub.add_parser("stats", help="按类别、维度、层级统计条目数")
    c.add_argument("--json", action="store_true", help="输出 JSON")
    c.set_defaults(func=cmd_stats)
    return p


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    """exiting: the process ends when this returns (the kb command), so nothing is tidied up for later."""
    args = parser().parse_args(argv)  # usage errors exit 2, as argparse does
    args.exiting = exiting
    try:
        return args.func(args)
    except CatalogueError as exc:
        print(exc, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    except files.NotRegular as exc:
        print(report([finding("KB123", "kb", 1, f"未写出：路径{exc}")]))
        return 1
    except BrokenPipeError:  # whoever read the output stopped early (kb check | head): see run
        raise
    except OSError as exc:
        # the last guard: every command checks its paths first, but the disk can still refuse (full,
        # read-only, a path removed meanwhile); that is a finding, never a traceback
        where = _shown(args.root, Path(exc.filename)) if exc.filename else "kb"
        print(report([finding("KB123", where, 1, exc.strerror or str(exc))]))
        return 1


def run() -> None:
    """The `kb` command: main(), then out at once. Freeing a loaded catalogue object by object
    takes a tenth of a second at 10,000 entries and serves no one; the output is flushed first,
    and every file kb writes is closed by then."""
    try:
        code = main(exiting=True)
    except BrokenPipeError:  # the reader has all it wanted: no traceback, and no more output
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that stopped early (kb check | head)
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
