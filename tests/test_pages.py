"""The generated docs tree stands on its own, and `mkdocs serve` follows edits to data/."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import BUILD_ENV, ROOT, run_kb


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_an_entry_changes(mini_project: Path, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    entry = mini_project / "data/issues/alpha/alpha-002.yml"
    original = entry.read_text(encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=mini_project, env=BUILD_ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/dimensions/alpha/"
    try:
        assert _wait_for(url, "alpha-002"), "mkdocs serve did not come up"
        entry.write_text(original.replace("存在上热下冷的问题", "改动之后的新说法"), encoding="utf-8")
        assert _wait_for(url, "改动之后的新说法"), (tmp_path / "serve.log").read_text()
    finally:
        entry.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
        log.close()
