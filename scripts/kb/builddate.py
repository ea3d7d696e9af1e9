"""The build date: the date of the commit the site is built from, the same with or without .git.

Sitemap dates and the offline package's name come from SOURCE_DATE_EPOCH. When it is not set, the
date is the last commit's: read from git in a clone, and from commit-date.txt in a `git archive`
export (export-subst writes the commit time into it). Never the clock and never epoch 0, so the same
commit builds byte-identical sites wherever it is checked out.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

STAMP = Path(__file__).with_name("commit-date.txt")


def epoch(root: Path) -> int | None:
    """Seconds since 1970 of the last commit, or None if neither git nor the export stamp knows."""
    text = STAMP.read_text(encoding="utf-8").strip() if STAMP.is_file() else ""
    if text.isdigit():
        return int(text)
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                              text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    out = done.stdout.strip()
    return int(out) if done.returncode == 0 and out.isdigit() else None


def ensure(root: Path) -> None:
    """Set SOURCE_DATE_EPOCH for this process (and MkDocs) unless the caller already did."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        value = epoch(root)
        if value is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(value)
