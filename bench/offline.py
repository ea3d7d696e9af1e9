"""Figures for the site from a folder: the largest generated page, and file:// page load → first
phrase-finder result in the offline build (mkdocs.offline.yml: file names in every link)."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent


def largest_page(site: Path) -> dict:
    """The biggest HTML page of a built site, and its size (goal: ≤ 512 KiB at 10,000 entries)."""
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    name = max(sizes, key=sizes.get)
    return {"largest_bytes": sizes[name], "largest_page": name, "pages": len(sizes)}


def build_offline(proj: Path, out: Path) -> None:
    shutil.copy(REPO / "mkdocs.offline.yml", proj / "mkdocs.offline.yml")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(proj / "mkdocs.offline.yml"),
                    "-d", str(out)], cwd=proj, check=True, capture_output=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def first_result(browser, site: Path, fragments: list[str]) -> dict:
    """Fresh visits to phrases.html?q=… from file://: ms from navigation to the first result."""
    times = []
    for frag in fragments:
        context = browser.new_context()
        page = context.new_page()
        page.goto((site / "phrases.html").as_uri() + f"?q={quote(frag)}")
        page.wait_for_function("performance.getEntriesByName('kb-phrase-first-result').length > 0", timeout=60000)
        times.append(page.evaluate("performance.getEntriesByName('kb-phrase-first-result')[0].startTime"))
        context.close()
    return {"file_first_result_p50_ms": round(statistics.median(times), 1),
            "file_first_result_max_ms": round(max(times), 1), "visits": len(times)}
