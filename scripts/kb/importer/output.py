"""Where kb import writes, checked before anything is written, and the writing itself.

Whatever kb import writes passes `kb check`: the report goes to data/reports/ (or a folder outside
data/ the user names), the candidates file is a .yml outside data/ (a file named `build` would break
every later build; one under data/ is KB112). Both files are first written beside their targets,
then moved into place together, so a failure leaves neither half-written.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .. import files
from ..findings import Finding, finding


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def check_places(root: Path, out_dir: Path, cands: Path | None) -> list[Finding]:
    """What is wrong with the places given on the command line, before the input is read."""
    out = []
    data, reports = root / "data", root / "data" / "reports"
    why = files.unwritable_dir(out_dir)
    if why:
        out.append(finding("KB123", _shown(root, out_dir), 1, why))
    elif _inside(out_dir, data) and out_dir.resolve() != reports.resolve():
        out.append(finding("KB123", _shown(root, out_dir), 1, "范文只能写到 data/reports/（或 data/ 以外的文件夹），"
                                                           "写在 data/ 的其他位置 kb check 会报 KB112"))
    if cands is not None:
        if cands.is_dir():
            out.append(finding("KB123", _shown(root, cands), 1, "这是一个文件夹：--candidates 要给出一个文件名，如 build/import/x.candidates.yml"))
        elif cands.suffix != ".yml":
            out.append(finding("KB123", _shown(root, cands), 1, "候选条目文件的扩展名应为 .yml（以免建出 build、site 这样的文件，挡住构建要用的文件夹）"))
        elif _inside(cands, data):
            out.append(finding("KB123", _shown(root, cands), 1, "候选条目文件不入库，不能放在 data/ 下（kb check 会报 KB112）"))
        elif why := files.unwritable_dir(cands.parent):
            out.append(finding("KB123", _shown(root, cands), 1, why))
    return out


def check_targets(root: Path, paths: tuple[Path, ...], force: bool) -> list[Finding]:
    """The two files about to be written: neither may be a folder, or exist unless --force."""
    out = []
    for p in paths:
        if p.is_dir():
            out.append(finding("KB123", _shown(root, p), 1, "此处是一个文件夹，不能写成文件（什么也没有写出）"))
        elif (p.exists() or p.is_symlink()) and not force:
            out.append(finding("KB504", _shown(root, p), 1, "此文件已存在，未覆盖（什么也没有写出）"))
        elif why := files.unwritable_dir(p.parent):
            out.append(finding("KB123", _shown(root, p), 1, why))
    return out


def write_all(pairs) -> None:
    """Write (path, text) pairs: every file to a temporary one beside its target first, then all
    moved into place (a link at a target is replaced, never written through)."""
    staged = []
    try:
        for path, text in pairs:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
            os.chmod(tmp, 0o644)
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            if os.path.exists(tmp):
                os.unlink(tmp)
