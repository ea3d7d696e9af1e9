"""The 句式 section: an overview that keeps every pattern's anchor, one page per pattern listing every
issue tagged with it, and the causes and remedies grouped by formula; none grows past one page's worth."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kb import loader, pages, patterns
from conftest import ROOT

ISSUE_LINK = re.compile(r'href="((?:\.\./)+dimensions/[a-z0-9-]+/(?:\d+/)?)#([a-z0-9-]+)"')


class Page(HTMLParser):
    """ids, and hrefs of links inside the article (not the nav), of one built page."""

    def __init__(self, path: Path):
        super().__init__()
        self.ids, self.hrefs, self._article = set(), [], False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "article":
            self._article = True
        if tag == "a" and self._article and a.get("href") and not re.match(r"[a-z]+:", a["href"]):
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._article = False


def _follow(site: Path, page: Path, href: str) -> tuple[Path, str]:
    url, _, anchor = href.partition("#")
    return ((page.parent / url).resolve() / "index.html" if url else page), anchor


def _section(html: str, anchor: str) -> str:
    """The HTML of the h2 section with this id, up to the next h2."""
    return html.split(f'<h2 id="{anchor}"', 1)[1].split("<h2 ", 1)[0]


def _all_pages(site: Path, first: Path) -> list[Path]:
    """A listing's page 1 and every later page its pager links to."""
    later = {_follow(site, first, h)[0] for h in Page(first).hrefs if re.fullmatch(r"(?:[a-z0-9-]+/)?\d+/", h)}
    return [first, *sorted(later)]


def test_the_overview_keeps_every_pattern_anchor_with_a_few_issues_and_a_link_to_all_of_them(real_site):
    cat, _ = loader.load(ROOT)
    overview = real_site / "patterns/index.html"
    html = overview.read_text(encoding="utf-8")
    # links made to patterns/#zhong-qing before the section was split still land on the pattern
    assert set(cat.vocab["patterns"]) | {"causes-remedies"} <= Page(overview).ids
    for pid in cat.vocab["patterns"]:
        section = _section(html, pid)
        tagged = {i.id for i in cat.issues.values() if pid in i.patterns}
        shown = [i for _, i in ISSUE_LINK.findall(section)]
        assert len(shown) == min(len(tagged), patterns.SAMPLES) and set(shown) <= tagged, pid
        spread = {cat.issues[i].dimension for i in tagged}
        # a few issues from different dimensions, not the first few of one
        assert len({cat.issues[i].dimension for i in shown}) == min(len(spread), len(shown)), pid
        if tagged:
            assert f'href="issues/{pid}/">查看全部 {len(tagged)} 条</a>' in section, pid
        else:
            assert "目前还没有问题表述标注这种句式" in section
    assert sum(len(i.patterns) for i in cat.issues.values()) > 0


def test_each_pattern_page_lists_exactly_the_issues_tagged_with_it_and_every_link_lands(real_site):
    cat, _ = loader.load(ROOT)
    for pid in cat.vocab["patterns"]:
        tagged = {i.id for i in cat.issues.values() if pid in i.patterns}
        first = real_site / f"patterns/issues/{pid}/index.html"
        if not tagged:
            assert not first.exists(), "a page for a pattern nothing uses would be reached from nowhere"
            continue
        listed = []
        for page in _all_pages(real_site, first):
            html = page.read_text(encoding="utf-8")
            for url, anchor in ISSUE_LINK.findall(html):
                target = (page.parent / url).resolve() / "index.html"
                assert anchor in Page(target).ids, (page, url, anchor)  # the link lands on the issue's card
                listed.append(anchor)
        assert sorted(listed) == sorted(tagged), pid  # each tagged issue once, and nothing else
        back = Page(first).hrefs
        assert f"../../#{pid}" in back  # and the way back to the pattern on the overview


def test_causes_and_remedies_are_grouped_by_their_formula_on_pages_of_their_own(real_site):
    cat, _ = loader.load(ROOT)
    overview = real_site / "patterns/index.html"
    section = _section(overview.read_text(encoding="utf-8"), "causes-remedies")
    listed = {"causes": set(), "remedies": set()}
    for kind in listed:
        hrefs = [h for h in Page(overview).hrefs if h.startswith(f"{kind}/")]
        assert hrefs and all(h in section for h in hrefs)
        for href in hrefs:  # each formula's link lands on its heading
            target, anchor = _follow(real_site, overview, href)
            assert anchor in Page(target).ids, href
        for page in _all_pages(real_site, real_site / f"patterns/{kind}/index.html"):
            for href in Page(page).hrefs:
                m = re.search(rf"/{kind}/(?:\d+/)?#([a-z0-9-]+)$", href)
                if m:
                    target, anchor = _follow(real_site, page, href)
                    assert anchor in Page(target).ids, (page, href)
                    listed[kind].add(m.group(1))
    slackened = {c.id for c in cat.causes.values() if "有所" in c.title}
    led = {r.id for r in cat.remedies.values() if r.title.startswith(("着力", "持续", "注重", "坚持"))}
    assert slackened and slackened <= listed["causes"], "a “……有所松懈” cause is missing from the 句式 pages"
    assert led and led == listed["remedies"], "the 着力/持续/注重/坚持 remedies listed differ from the catalogue's"


def test_a_long_pattern_is_cut_into_pages_that_keep_every_issue_once_and_every_anchor(monkeypatch):
    cat, _ = loader.load(ROOT)
    monkeypatch.setattr(patterns, "PER_PAGE", 20)
    rendered = pages.render_all(cat, "", ROOT)
    pid = max(cat.vocab["patterns"], key=lambda p: sum(p in i.patterns for i in cat.issues.values()))
    tagged = {i.id for i in cat.issues.values() if pid in i.patterns}
    base = patterns.issue_page(pid)
    mine = [p for p in rendered if p == base or p.startswith(base.removesuffix(".md") + "/")]
    assert len(mine) == -(-len(tagged) // 20)  # as many pages as 20 a page needs
    listed = [i for p in mine for i in re.findall(r"\.md#([a-z0-9-]+)\)$", rendered[p], re.M)]
    assert sorted(listed) == sorted(tagged)
    # every dimension's heading, wherever it begins, keeps an anchor on page 1 (a jump to its page)
    dims = {cat.issues[i].dimension for i in tagged}
    first = rendered[base]
    for did in dims:
        assert f"{{#{did}}}" in first or f"{{: #{did} }}" in first, did
    # the overview is the same size whatever PER_PAGE is: it never lists more than a few per pattern
    assert len(re.findall(r"\]\(dimensions/", rendered["patterns.md"])) <= patterns.SAMPLES * len(cat.vocab["patterns"])


def test_in_the_browser_a_pattern_leads_to_its_issues_and_each_issue_to_its_card(page, real_url):
    """Real Chromium: an old link to a pattern, 查看全部, an issue's link, and the way back all land."""
    cat, _ = loader.load(ROOT)
    pid = max(cat.vocab["patterns"], key=lambda p: sum(p in i.patterns for i in cat.issues.values()))
    tagged = {i.id for i in cat.issues.values() if pid in i.patterns}
    page.goto(f"{real_url}/patterns/#{pid}")  # the address the one-page 句式 had
    heading = page.locator(f"h2#{pid}")
    assert heading.inner_text().startswith(cat.vocab["patterns"][pid].name)
    assert heading.evaluate("h => h.getBoundingClientRect().top < innerHeight")  # scrolled to it
    page.get_by_role("link", name=f"查看全部 {len(tagged)} 条").click()
    page.wait_for_url(f"{real_url}/patterns/issues/{pid}/")
    article = page.locator("article")
    listed = article.locator('a[href*="dimensions/"]').evaluate_all(
        "as => as.map(a => a.getAttribute('href').split('#')[1])")
    assert set(listed) <= tagged and listed  # page 1 of the pattern's own list
    issue = cat.issues[listed[-1]]
    article.locator(f'a[href$="#{issue.id}"]').click()  # the last on the page: it has to scroll there
    page.wait_for_url(re.compile(rf".*/dimensions/{issue.dimension}/(\d+/)?#{issue.id}$"))
    card = page.locator(f"h3#{issue.id}")
    assert card.inner_text().startswith(issue.headline)
    assert card.evaluate("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }")
    page.go_back()
    page.wait_for_url(f"{real_url}/patterns/issues/{pid}/")
    page.locator("article").get_by_role("link", name="句式", exact=True).click()
    page.wait_for_url(f"{real_url}/patterns/#{pid}")
    assert page.locator(f"h2#{pid}").evaluate("h => h.getBoundingClientRect().top < innerHeight")
