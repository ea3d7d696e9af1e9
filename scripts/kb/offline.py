"""The offline package: the site built for file://, a folder and a zip that unpack anywhere.

`make offline` runs `python -m kb.offline`. The site is built with mkdocs.offline.yml (file names in
every link, no edit or repository links); this module adds 使用说明.txt, checks that no page would
make the browser load anything from another host, and writes a reproducible zip: entries sorted,
every timestamp the build date (SOURCE_DATE_EPOCH), so the same data gives the same bytes.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from . import builddate

NAME = "对照检查知识库"

README = """\
对照检查知识库（离线版，{date}）

使用方法
1. 把本压缩包解压到任意文件夹（内网电脑、U 盘均可）。
2. 双击文件夹中的 index.html，用浏览器（Chromium、Chrome、Edge、Firefox 等）打开。
3. 左侧导航、顶部搜索框、表述检索、复制按钮都可以直接使用，不需要联网，也不会访问任何外部网站。

说明
- 离线版与网站内容相同，截至 {date}。条目是起点，不是成稿：材料要写自己的问题、用自己的事例。
- 起草台中的草稿只保存在这台电脑的这个浏览器里，不会发送到任何地方；换电脑时请用“导出草稿”。
- 离线版中没有“修改此条”链接。发现错误或想补充条目，请在能上网的电脑上到项目的代码仓库提出。
"""

# What makes a browser fetch by itself: src/srcset/poster/data attributes, stylesheet/icon/preload
# links, CSS url() and @import. Plain <a href> links are followed only when clicked.
_LOADS = [
    re.compile(r"""\b(?:src|srcset|poster|data)\s*=\s*["']?\s*(https?:)?//""", re.I),
    re.compile(r"""<link\b(?=[^>]*\brel\s*=\s*["']?[^"'>]*(?:stylesheet|icon|preload|prefetch|manifest|modulepreload))"""
               r"""[^>]*\bhref\s*=\s*["']?\s*(https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(https?:)?//""", re.I),
    re.compile(r"""@import\s+["']\s*(https?:)?//""", re.I),
]


def outside_loads(site: Path) -> list[str]:
    """`file: text` for every place in the site's HTML and CSS that would load from another host."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in _LOADS:
            for m in pattern.finditer(text):
                found.append(f"{path.relative_to(site).as_posix()}: {text[m.start():m.end() + 40]!r}")
    return found


def build_date() -> time.struct_time:
    return time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH") or 0) or time.time())


def build_site(root: Path, out: Path) -> None:
    """`mkdocs build --strict` with the offline config into out."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
           "-f", str(root / "mkdocs.offline.yml"), "-d", str(out)]
    done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"离线版构建失败：\n{done.stderr.strip()}")


def write_zip(folder: Path, target: Path, stamp: time.struct_time) -> None:
    """The folder as one zip, its top directory kept, in a stable order with fixed timestamps."""
    when = tuple(max(stamp[:6], (1980, 1, 1, 0, 0, 0)))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(folder.rglob("*"), key=lambda p: p.as_posix()):
            if path.is_file():
                info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", when)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.flag_bits |= 0x800  # names are UTF-8
                zf.writestr(info, path.read_bytes())


def package(root: Path, out_dir: Path) -> Path:
    """Build the offline folder and zip under out_dir; return the zip's path."""
    stamp = build_date()
    date = time.strftime("%Y%m%d", stamp)
    folder = out_dir / f"{NAME}-{date}"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    build_site(root, folder)
    (folder / "使用说明.txt").write_text(README.format(date=time.strftime("%Y年%m月%d日", stamp)),
                                       encoding="utf-8")
    outside = outside_loads(folder)
    if outside:
        raise SystemExit("离线版中有会访问外部网站的资源：\n" + "\n".join(outside))
    target = out_dir / f"{folder.name}.zip"
    write_zip(folder, target, stamp)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.offline", description="构建离线版（文件夹和 zip）")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目根目录（默认当前目录）")
    parser.add_argument("--out", type=Path, default=None, help="输出目录（默认 build/offline）")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    builddate.ensure(root)
    target = package(root, (args.out or root / "build" / "offline").resolve())
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    print(f"{shown}（{target.stat().st_size / 1048576:.1f} MB）和同名文件夹：解压后双击 index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
