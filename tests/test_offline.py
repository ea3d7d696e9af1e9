"""The site from a folder (file://), with no request to any outside host, Chinese throughout, and
reproducible from any source (clone or `git archive` export)."""
from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import time
import zipfile
from urllib.parse import quote
from pathlib import Path

import pytest

from kb import offline
from conftest import BUILD_ENV, ROOT


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """`make offline` as a user runs it: the zip and the folder beside it."""
    out = tmp_path_factory.mktemp("offline") / "offline"
    done = subprocess.run([sys.executable, "-m", "kb.offline", "--root", str(ROOT), "--out", str(out)],
                          env=BUILD_ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    (zipped,) = out.glob("*.zip")
    return zipped, zipped.with_suffix("")


def _unzipped(zipped: Path, where: Path) -> Path:
    with zipfile.ZipFile(zipped) as zf:
        zf.extractall(where)
    (folder,) = where.iterdir()
    return folder


def test_the_zip_holds_the_site_and_a_short_guide(package, tmp_path):
    zipped, folder = package
    assert zipped.name.startswith("对照检查知识库-") and zipped.name.endswith(".zip")
    site = _unzipped(zipped, tmp_path)
    assert site.name == folder.name
    guide = (site / "使用说明.txt").read_text(encoding="utf-8")
    assert "index.html" in guide and "不需要联网" in guide
    assert (site / "index.html").is_file() and (site / "dimensions" / "study.html").is_file()


def test_no_page_would_load_anything_from_another_host(package):
    _, folder = package
    assert offline.outside_loads(folder) == []


def test_the_outside_load_check_sees_what_a_browser_would_fetch(tmp_path):
    (tmp_path / "a.html").write_text('<a href="https://example.org/">a link is fine</a>'
                                     '<script src="https://cdn.example.org/x.js"></script>', encoding="utf-8")
    (tmp_path / "b.css").write_text("body{background:url( 'https://example.org/bg.png')}", encoding="utf-8")
    (tmp_path / "c.html").write_text('<link rel="stylesheet" href="//fonts.example.org/css">', encoding="utf-8")
    found = offline.outside_loads(tmp_path)
    assert [f.split(":")[0] for f in found] == ["a.html", "b.css", "c.html"]


def test_offline_pages_have_no_edit_or_repository_links(package):
    _, folder = package
    study = (folder / "dimensions" / "study.html").read_text(encoding="utf-8")
    assert "kb-edit" not in study and "修改此条" not in study
    assert "md-source" not in study and "github.com" not in study


def _requests(page):
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def test_from_a_folder_links_land_on_pages_and_nothing_leaves_the_computer(page, package, tmp_path):
    site = _unzipped(package[0], tmp_path)  # as a user would: unzipped somewhere else
    seen = _requests(page)
    page.goto((site / "index.html").as_uri())
    page.locator(".md-nav__link", has_text="理论学习").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/dimensions/study.html")
    assert page.locator("article h1").inner_text().startswith("理论学习")
    assert page.locator(".kb-entry.kb-issue").count() > 10
    # an in-page link from a card: the entry's cause lives on another page
    page.locator(".kb-entry + ul a").first.click()
    page.wait_for_load_state()
    assert ".html#" in page.url and page.locator("article h1").count() == 1
    # both searches load their index as scripts: they find from a folder too
    from test_browser import header_search

    ids = header_search(page, "上热下冷")
    assert ids, "the header search found nothing from file://"
    page.goto((site / "phrases.html").as_uri() + "?q=" + quote("上热下冷"))
    page.wait_for_selector("ol.kb-phrase-results[aria-busy=false]", state="attached")
    hits = page.locator("ol.kb-phrase-results > li")
    assert hits.count() > 0 and "上热下冷" in hits.first.inner_text()
    assert seen and all(u.startswith("file://") for u in seen), [u for u in seen if not u.startswith("file:")]


def test_copy_works_from_a_folder(page, package):
    _, folder = package
    page.goto((folder / "dimensions" / "study.html").as_uri())
    card = page.locator(".kb-entry.kb-issue").first
    expected = card.locator("button.kb-copy").get_attribute("data-clipboard-text")
    page.evaluate("navigator.clipboard.writeText('')")
    card.locator("button.kb-copy").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_the_served_site_asks_no_other_host(page, real_url):
    seen = _requests(page)
    for path in ("/", "/dimensions/study/", "/frameworks/dsh-2025-five/", "/phrases/?q=上热下冷"):
        page.goto(real_url + path)
        page.wait_for_load_state("networkidle")
    assert seen and all(u.startswith(real_url) for u in seen), [u for u in seen if not u.startswith(real_url)]


ENGLISH = ("Permanent link", "Made with", "Material for MkDocs", "Not found", "Copy to clipboard",
           "Back to top", "Skip to content")


def test_no_english_where_a_reader_looks(real_site):
    pages = [real_site / "index.html", real_site / "404.html", real_site / "dimensions" / "study" / "index.html"]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert [w for w in ENGLISH if w in html] == [], path.name
    assert "页面不存在" in (real_site / "404.html").read_text(encoding="utf-8")


def test_dark_mode_toggle_switches_and_is_remembered(page, real_url):
    page.goto(real_url + "/dimensions/study/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    assert page.evaluate(scheme) == "slate"
    page.goto(real_url + "/causes/")
    assert page.evaluate(scheme) == "slate"
    # the level badges stay legible: light text on a dark badge
    badge = page.locator(".kb-level").first
    if badge.count():
        bg = badge.evaluate("e => getComputedStyle(e).backgroundColor")
        assert bg != "rgb(253, 226, 226)"


def _git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_build_from_git_archive_equals_a_build_from_the_clone(tmp_path):
    if _git("rev-parse", "HEAD").returncode:
        pytest.skip("not a git checkout: nothing to export with git archive")
    clone, export = tmp_path / "clone", tmp_path / "export"
    assert _git("clone", "-q", str(ROOT), str(clone), cwd=tmp_path).returncode == 0
    export.mkdir()
    archive = subprocess.run(f"git archive HEAD | tar -x -C '{export}'", shell=True, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert archive.returncode == 0, archive.stderr
    assert not (export / ".git").exists()
    # the date must come from the source; a site_url so that the sitemap lists the pages with dates
    env = {k: v for k, v in BUILD_ENV.items() if k != "SOURCE_DATE_EPOCH"} | {"SITE_URL": "https://example.org/kb/"}
    for tree in (clone, export):
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tree / "site")],
                              cwd=tree, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    stamp = int(_git("log", "-1", "--format=%ct").stdout)
    commit_day = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    sitemap = (export / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{commit_day}</lastmod>" in sitemap
    diff = filecmp.dircmp(clone / "site", export / "site")
    assert _differences(diff) == []


def _differences(diff: filecmp.dircmp) -> list[str]:
    out = diff.left_only + diff.right_only + diff.diff_files + diff.funny_files
    # dircmp compares by os.stat signature; compare contents to be sure
    out += [n for n in diff.same_files
            if Path(diff.left, n).read_bytes() != Path(diff.right, n).read_bytes()]
    for sub in diff.subdirs.values():
        out += _differences(sub)
    return out


def test_serve_shows_broken_data_in_a_banner_and_recovers(tmp_path, page):
    """`make serve` with a broken data/ file: the findings appear above the last good page in the
    browser, and go away once the file is fixed."""
    from conftest import FIXTURES, make_project
    from test_pages import _free_port, _wait_for

    project = make_project(tmp_path, FIXTURES / "mini" / "data")
    entry = project / "data/issues/alpha/alpha-002.yml"
    original = entry.read_text(encoding="utf-8")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=BUILD_ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/dimensions/alpha/"
    banner = page.locator(".kb-build-banner")
    try:
        assert _wait_for(url, "alpha-002"), (tmp_path / "serve.log").read_text(encoding="utf-8")
        page.goto(url)
        assert banner.count() == 0
        entry.write_text(original.replace("levels: [", "levels: [[", 1), encoding="utf-8")
        # livereload reloads the page once the refused rebuild is over
        banner.wait_for(timeout=90000)
        assert "data/issues/alpha/alpha-002.yml:" in banner.inner_text() and "KB101" in banner.inner_text()
        assert page.locator(".kb-entry").count() > 0  # the last good page is still there under it
        entry.write_text(original, encoding="utf-8")
        banner.wait_for(state="detached", timeout=90000)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
