"""`kb pages --out DIR` is a complete project without hooks: plain MkDocs, and Zensical (Material for
MkDocs' successor, which ignores hooks), build the same site from it."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_ENV, ROOT, run_kb, serve

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("engines") / "project"
    result = run_kb(ROOT, "pages", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV) read as null."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def _titles(nav) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                out.append(title)
                if isinstance(value, list):
                    out += _titles(value)
    return out


def test_the_project_has_a_complete_nav_and_no_hooks(project):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "!ENV SITE_URL" in text  # settings carried over as written
    config = yaml.load(text, Loader=_Loader)
    assert "hooks" not in config and "watch" not in config
    titles = _titles(config["nav"])
    for section in ("首页", "表述检索", "检视框架", "检视维度", "原因剖析", "整改措施", "范文", "写作指南", "参与贡献"):
        assert section in titles
    assert (project / "docs" / "index.md").is_file() and (project / "overrides" / "main.html").is_file()


def test_plain_mkdocs_builds_the_same_pages_from_it(project, real_site, tmp_path):
    out = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
                           cwd=project, env=BUILD_ENV, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert _pages(out) == _pages(real_site)
    study = (out / "dimensions" / "study" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-nav__link' in study and "理论学习" in study


def test_zensical_builds_the_same_pages_and_the_phrase_finder_works(project, tmp_path, page):
    if not ZENSICAL.exists():
        why = ROOT / ".venv-zensical" / ".unavailable"
        reason = why.read_text(encoding="utf-8").strip() if why.exists() else "run `make zensical` first"
        pytest.skip(f"Zensical could not be installed from the package registry: {reason}")
    built = subprocess.run([str(ZENSICAL), "build"], cwd=project, env=BUILD_ENV, capture_output=True,
                           text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    missing = sorted(set(_pages_of_nav(project)) - set(_pages(site)))
    assert missing == []
    server, url = serve(site)
    try:
        page.goto(f"{url}/phrases/?q=上热下冷")
        page.locator(".kb-phrase-result mark").first.wait_for(timeout=15000)
        texts = page.locator(".kb-phrase-result .kb-phrase-text").all_inner_texts()
        assert texts and all("上热下冷" in t for t in texts), texts
        assert page.locator(".kb-phrase-result mark").first.inner_text() == "上热下冷"
        # the header search box answers on an ordinary page too
        page.goto(f"{url}/dimensions/study/")
        box = page.locator("form.kb-search-form input").first
        box.click()
        box.type("三会一课")
        page.locator("#kb-search-list li.kb-search-item mark").first.wait_for(timeout=15000)
    finally:
        server.shutdown()


def _pages_of_nav(project: Path) -> list[str]:
    """The HTML file each Markdown page of the docs tree becomes, with directory URLs."""
    out = []
    for md in (project / "docs").rglob("*.md"):
        rel = md.relative_to(project / "docs").with_suffix("")
        out.append((rel.parent if rel.name == "index" else rel).joinpath("index.html").as_posix())
    return sorted(p.removeprefix("./") for p in out)
