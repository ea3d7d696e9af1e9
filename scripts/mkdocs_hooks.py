"""MkDocs adapter: with mkdocs_render.py beside it (the generated pages rendered on two cores), the
only code that knows about MkDocs. The catalogue core (kb) never imports it.

on_config loads data/ (failing the build with every finding listed) and puts the generated
sections in front of the hand-written nav. on_files adds the generated pages and the phrase
engine's index files (the header search and the phrase finder both use them; there is no
theme search plugin). on_config also adds the generated pages' Markdown shortcuts, and on_nav renders the
generated pages on two cores (both in mkdocs_render.py).
`watch: [data, scripts]` in mkdocs.yml makes `mkdocs serve` rebuild when an entry changes.
Under `mkdocs serve`, a rebuild refused because of data/ prints the findings and keeps the last good
site up (on_serve); the next save that fixes the file rebuilds as usual.
"""
from __future__ import annotations

import gc
import json
import logging
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # plain `mkdocs build` without installing kb

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, InclusionLevel  # noqa: E402

import mkdocs_render  # noqa: E402
from kb import builddate, pages, paging, patterns, site  # noqa: E402

_generated: dict[str, str] = {}
_refused = {"data": False, "report": ""}  # the last build stopped because data/ has errors, and why
_serving = {"on": False}  # under `mkdocs serve`: pages carry the build-status banner
log = logging.getLogger("mkdocs.plugins.kb")


def on_config(config):
    # Loading and generating make hundreds of thousands of objects that live for the whole build;
    # the cycle collector would walk them again and again (over a second at 10,000 entries). It
    # waits until they are made, then leaves them out (gc.freeze) until the build ends: on_post_build
    # hands them back, so a `mkdocs serve` rebuild frees the last one's.
    gc.disable()
    try:
        return _configure(config)
    finally:
        gc.freeze()
        gc.enable()


def _configure(config):
    root = Path(config.config_file_path).resolve().parent
    builddate.ensure(root)  # sitemap dates: the commit's, with or without .git
    _refused["data"] = False
    # `mkdocs build` has no threads here and may fork (kb.forked); `mkdocs serve` serves from threads
    parallel = not _serving["on"] and threading.active_count() == 1
    try:
        # the text rules go on beside while the pages are generated (parallel only)
        checked = site.check_or_fail(root, parallel=parallel, later=parallel)
        # the offline package links to no outside host, so no 修改此条 links either
        repo = "" if config.extra.get("offline") else config.repo_url or ""
        cat = checked.cat
        try:
            made = site.generated(cat, repo, root, config.use_directory_urls, checked.typos[0] or None, parallel)
        except Exception:
            site.confirm(checked)  # text the check refuses is the likelier cause: report it instead
            raise
        site.confirm(checked)
    except site.CatalogueError as exc:
        _refused["data"], _refused["report"] = True, str(exc)
        raise PluginError(f"data/ 中有错误，无法构建站点：\n{exc}") from None
    _generated.clear()
    _generated.update(made)
    # hand-written pages after the catalogue, the contributor section last
    config.nav = pages.nav(cat) + list(config.nav or []) + pages.nav_tail(_generated)
    config.markdown_extensions.append(mkdocs_render.Cards(config, _generated))
    return config


def on_files(files, config):
    for path, content in _generated.items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} 与生成的页面重名，请改名或删除该手写文件。")
        # page 2 and later of a long listing, and the pages under the 句式 overview: reached from
        # another page, not listed in the nav
        off_nav = paging.is_continuation(path) or patterns.is_sub_page(path)
        later = InclusionLevel.NOT_IN_NAV if off_nav else InclusionLevel.UNDEFINED
        file = File.generated(config, path, content=content, inclusion=later)
        if path == pages.CONTRIBUTING:  # its source is the repository's CONTRIBUTING.md
            file.edit_uri = "../CONTRIBUTING.md"
        files.append(file)
    return files


def on_nav(nav, config, files):
    # the generated pages' Markdown is half of a build: a second core renders part of it
    if not _serving["on"] and mkdocs_render.usable(config):
        mkdocs_render.render(files, config, _generated)
    return nav


def on_startup(command, dirty):
    _serving["on"] = command == "serve"


STATUS = "assets/js/kb-build-status.js"  # written into the served site only, never into a build


def _write_status(site_dir: str, report: str) -> None:
    """The findings of the refused rebuild (or none) where every served page's banner reads them."""
    lines = [line for line in report.splitlines() if line.strip()]
    payload = json.dumps(lines, ensure_ascii=False).replace("<", "\\u003c")
    path = Path(site_dir) / STATUS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"window.KB_BUILD_FINDINGS = {payload};\n", encoding="utf-8")


def on_post_page(output, page, config):
    """Under `mkdocs serve`, every page loads the build status and the banner that shows it."""
    if not _serving["on"]:
        return output
    up = "../" * page.url.count("/")
    tags = f'<script src="{up}{STATUS}"></script><script src="{up}assets/js/serve-banner.js"></script>'
    return output.replace("</body>", tags + "</body>", 1)


def on_post_build(config):
    gc.unfreeze()
    if _serving["on"]:
        _write_status(config.site_dir, "")


def on_serve(server, config, builder):
    """Keep serving the last good site while data/ has errors. MkDocs 1.6 (pinned below 2) holds every
    page request until a rebuild succeeds, so a refused rebuild would leave the browser hanging; here
    it counts as done (the findings are already printed, site/ was not touched: on_config runs first)."""
    rebuild, site_dir = server.builder, config.site_dir

    def guarded():
        try:
            rebuild()
        except (Exception, SystemExit):  # MkDocs reports a PluginError as Abort, a SystemExit
            if not _refused["data"]:
                raise
            _write_status(site_dir, _refused["report"])  # the browser shows them above the last good pages
            log.warning("data/ 中有错误（见上），继续提供上一次成功构建的站点；改好后保存即自动重建。")

    server.builder = guarded
    return server
