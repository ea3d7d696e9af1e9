"""Shared fixtures: project paths, site builds, a local HTTP server and headless Chromium."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def mkdocs_build(project: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project into out, as a user would run it (env: more variables)."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(out)],
        cwd=project, env={**BUILD_ENV, **env}, capture_output=True, text=True, timeout=300,
    )


def run_kb(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The `kb` command as a contributor runs it, against a project root."""
    return subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(project), *args],
                          capture_output=True, text=True, timeout=120)


def make_project(tmp: Path, data: Path) -> Path:
    """A project using the real code, config, docs, schemas and vocabularies with other entries."""
    project = tmp / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(ROOT / "CONTRIBUTING.md", project / "CONTRIBUTING.md")  # the site's contributing page
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    (project / "scripts").symlink_to(ROOT / "scripts")
    shutil.copytree(data, project / "data")
    for shared in ("schema", "vocab"):  # the real ones, where the given data has none of its own
        (project / "data" / shared).mkdir(exist_ok=True)
        for path in (ROOT / "data" / shared).iterdir():
            if not (project / "data" / shared / path.name).exists():
                shutil.copy(path, project / "data" / shared / path.name)
    return project


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def mini_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("mini"), FIXTURES / "mini" / "data")


@pytest.fixture(scope="session")
def mini_site(mini_project, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("mini-site") / "site"
    result = mkdocs_build(mini_project, out)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextlib.contextmanager
def built_and_served(project: Path, out: Path):
    """Build `project` into `out` (the build must pass) and serve it for the `with` block: its URL."""
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    server, url = serve(out)
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def real_url(real_site):
    server, url = serve(real_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def mini_url(mini_site):
    server, url = serve(mini_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` as root (it installs Debian's chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()
