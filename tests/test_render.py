"""The MkDocs build's shortcuts for generated pages (scripts/mkdocs_render.py: cards stashed as
they are, inline patterns that cannot match left out) give exactly the HTML Markdown gives
without them, on every generated page of the real catalogue and on made-up pages."""
from __future__ import annotations

import sys
from types import SimpleNamespace

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kb import loader, pages, site
from kb.text import escape

sys.path.insert(0, str(ROOT / "scripts"))
import mkdocs_render  # noqa: E402

EXTENSIONS, SETTINGS = site.markdown_config(ROOT)


def _html(text: str, shortcut: bool) -> str:
    extensions = list(EXTENSIONS)
    if shortcut:  # as in a build: the page being rendered is one of the generated ones
        page = SimpleNamespace(_current_page=SimpleNamespace(file=SimpleNamespace(src_uri="p.md")))
        extensions.append(mkdocs_render.Cards(page, {"p.md"}))
    return markdown.Markdown(extensions=extensions, extension_configs=SETTINGS).convert(text)


def _cards_left(text: str) -> int:
    """Card lines the shortcut leaves for Markdown's own HTML step."""
    md = markdown.Markdown()
    kept = mkdocs_render._Cards(md, lambda: True).run(text.split("\n"))
    return sum(1 for line in kept if mkdocs_render._CARD.fullmatch(line))


def test_every_generated_page_renders_the_same_with_the_shortcuts():
    cat, _ = loader.load(ROOT)
    rendered = pages.render_all(cat, site.repo_url(ROOT), ROOT)
    cards = 0
    for path, text in rendered.items():
        assert _html(text, True) == _html(text, False), path
        cards += text.count('<div class="kb-entry ')
        assert _cards_left(text) == 0, f"{path}: a card took the slow way"
    assert cards >= len(cat.issues) + len(cat.causes) + len(cat.remedies)


_card = st.builds(lambda kind, eid, text: f'<div class="kb-entry kb-{kind}" data-id="{eid}"><p class="kb-body">'
                                            f'{escape(text)}</p></div>',
                  st.sampled_from(["issue", "cause", "remedy"]), st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True),
                  st.text(max_size=40))
_line = st.one_of(_card, st.just(""), st.just("   "), st.just("段落文字。"), st.just("## 标题 {#h}"),
                  st.just("- 列表项"), st.just("    缩进的代码"), st.just('<p class="x">一行 HTML</p>'),
                  st.just("</div>"), st.text(max_size=20).map(lambda t: str(escape(t))),
                  # each of Markdown's inline patterns, which the shortcut leaves out where they cannot match
                  st.sampled_from(["**加粗**", "*强调*", "_下划线_", "`代码`", "\\*转义", "[链接](x.md)", "[引用]",
                                   "![图](a.png)", "<https://example.org>", "<a@b.cn>", "行尾两个空格  ",
                                   "<span>行内</span>", "&amp; &#42;", "a * b", "[^1]"]),
                  st.text(alphabet="*_`[]()!<>&#\\ 字a\t", max_size=12))


@settings(max_examples=500, deadline=None)
@given(st.lists(_line, max_size=12))
def test_made_up_pages_render_the_same_with_the_shortcuts(lines):
    # (an HTML block left open around a card is the one shape the shortcut would render otherwise;
    # no template writes one, which the test above proves for every generated page)
    text = "\n".join(lines)
    assert _html(text, True) == _html(text, False)
