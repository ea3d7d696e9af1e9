"""The one file gate: what kb reads from data/ and writes back is a regular file inside the project.

A symlink (to a file outside the project, to /dev/zero, or dangling, like the `.#x.yml` lock links
editors leave), a named pipe, a device or a folder named like `x.yml` is refused with a KB119
finding before anything opens it: links are never followed, so nothing outside the project is
read, echoed in a finding or overwritten by `--fix`; a pipe is never opened, so nothing hangs.
The check is made on every path component below the project root, then once more on the open
descriptor (O_NOFOLLOW, fstat), so a file swapped for a link in between is refused too.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .findings import rule

rule("KB119", "error", "不是普通文件",
     "data/ 中只放普通的 .yml 文件：删除符号链接、命名管道或与条目同名的文件夹，把内容作为普通文件放进来"
     "（编辑器的锁文件 .#….yml 在保存关闭后自行消失）。")

rule("KB123", "error", "无法写出文件",
     "输出位置要是可写的文件夹（或其中的文件），不能是已有的普通文件、符号链接或没有写权限的目录；换一个位置再运行。")

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class NotRegular(Exception):
    """Why a path is not a regular file kb may read or write (str() is the reason, in Chinese)."""


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "是符号链接，未跟随读取"
    if stat.S_ISDIR(mode):
        return "是一个文件夹，不是文件"
    if stat.S_ISFIFO(mode):
        return "是命名管道，未打开"
    return "是设备或套接字，不是普通文件"


def why_not(path: Path, root: Path, missing_ok: bool = False, dirs: set[str] | None = None,
            folder: bool = False) -> str | None:
    """The reason path (under root) may not be read or written, or None. Looks at links with
    lstat on every component below root, so a linked folder is caught as well as a linked file.
    dirs: folders already found to be real folders during this one pass (loading reads a thousand
    files from a dozen folders); never kept longer, as a folder may become a link at any time.
    folder: path itself is to be a real folder (not a regular file)."""
    root_s, path_s = os.fspath(root).rstrip(os.sep) or os.sep, os.fspath(path)
    if os.path.isabs(root_s) and os.path.isabs(path_s) and ".." not in path_s:
        rel = path_s[len(root_s) + 1:] if path_s.startswith(root_s + os.sep) else os.pardir
    else:
        rel = os.path.relpath(path_s, root_s)  # by the names alone: nothing is resolved, no link followed
    if rel == os.curdir or rel.startswith(os.pardir):
        return "不在项目目录中"
    parts = rel.split(os.sep)
    here = root_s
    for n, part in enumerate(parts):
        here = here + os.sep + part
        last = n == len(parts) - 1 and not folder
        if not last and dirs is not None and here in dirs:
            continue
        try:
            mode = os.lstat(here).st_mode
        except FileNotFoundError:
            return None if missing_ok else "不存在"
        except OSError as exc:
            return f"无法读取（{exc.strerror}）"
        if stat.S_ISLNK(mode):
            return _kind(mode) if last else f"所在的文件夹 {'/'.join(parts[:n + 1])} 是符号链接，未跟随读取"
        if last:
            return _kind(mode)
        if not stat.S_ISDIR(mode):
            return f"{'/'.join(parts[:n + 1])} 不是文件夹"
        if dirs is not None:
            dirs.add(here)
    return None


def read_bytes(path: Path, root: Path, limit: int, dirs: set[str] | None = None) -> bytes:
    """Up to limit + 1 bytes of a regular file under root (one more than the limit tells the
    caller the file is too large without reading all of it). Raises NotRegular."""
    # the folders (cached for this pass), then the file itself with lstat before it is opened: a pipe
    # is never opened; the open (O_NOFOLLOW, O_NONBLOCK) and fstat catch a swap made in between
    parent = path.parent
    why = why_not(parent, root, dirs=dirs, folder=True) if parent != root else None
    if not why:
        try:
            why = _kind(os.lstat(path).st_mode)
        except FileNotFoundError:
            why = "不存在"
    if why:
        raise NotRegular(why)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise NotRegular("是失效的符号链接，未跟随读取" if os.path.islink(path) else "不存在") from None
    except OSError as exc:
        raise NotRegular("是符号链接，未跟随读取" if os.path.islink(path) else f"无法读取（{exc.strerror}）") from None
    try:
        why = _kind(os.fstat(fd).st_mode)
        if why:
            raise NotRegular(why)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def write_bytes(path: Path, root: Path, data: bytes) -> None:
    """Replace a regular file under root (or create it) without following a link: the new
    content goes to a temporary file beside it, which then takes the path's place. Raises
    NotRegular, or OSError when the folder cannot be written."""
    why = why_not(path, root, missing_ok=True)
    if why:
        raise NotRegular(why)
    try:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def unwritable_dir(path: Path) -> str | None:
    """Why a folder cannot be written into (it, or what is in the way of making it, is a file, or
    the nearest existing folder is not writable), or None. A folder the user names may be a link."""
    for here in (path, *path.parents):
        if here.exists():
            if not here.is_dir():
                return f"{here} 是一个文件，不是文件夹"
            return None if os.access(here, os.W_OK | os.X_OK) else f"没有写入 {here} 的权限"
    return None
