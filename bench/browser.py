"""Phrase engine measurements in headless Chromium against a built site served on localhost.

- recall: share of fragments whose source record is among all results (KbPhrase.search);
- top1: share of fragments whose first result, as the page shows it, contains the fragment;
- p50/p90: typing a fragment into the loaded page → its results in the DOM (the page's
  `kb-phrase-results` event), one fragment after another as a session would;
- first_result_ms: navigation start → first result in the DOM (performance mark
  `kb-phrase-first-result`) for /phrases/?q=<fragment> in a fresh browser context (cold cache);
- bytes_first_query: bytes received before that mark, without the theme (Material's CSS and
  JS, kb.css, header-search.js, favicon: the same on every page and cached after the first);
  bytes_first_query_cold adds them; *_gzip are what gzip -6 would have sent. Bodies are counted
  from the files served (the test server does not compress), headers as Chromium reports them;
- header (the header search box on an ordinary page, /guide/, in a fresh context each time):
  first_result_ms is navigation start → first result in its dropdown (performance mark
  `kb-header-first-result`), the fragment typed as soon as the box answers input (from inside the
  page, the moment header-search.js has run: no polling or round trip of the harness counted);
  bytes_first_result what search loaded before it (our scripts and index files: not the theme,
  not the page itself, which is page_bytes); top1 whether its first result holds the fragment.
"""
from __future__ import annotations

import functools
import gzip
import json
import http.server
import statistics
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
THEME = ("/assets/stylesheets/", "/assets/javascripts/", "/assets/images/", "/assets/css/")
PAGE = "/guide/"  # an ordinary page for the header search

TYPE = """async (frag) => {
  const root = document.getElementById('kb-phrase');
  const input = root.querySelector('.kb-phrase-input');
  const shown = new Promise(resolve => root.addEventListener('kb-phrase-results', function seen(e) {
    if (e.detail.q !== frag || !(e.detail.shown > 0 || e.detail.done)) return;
    root.removeEventListener('kb-phrase-results', seen);
    resolve(performance.now());
  }));
  const t0 = performance.now();
  input.value = frag;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  const t1 = await shown;
  const first = root.querySelector('.kb-phrase-result .kb-phrase-text');
  const ok = !!first && KbPhrase.fold(first.textContent).includes(KbPhrase.fold(frag));
  return {ms: t1 - t0, top1: ok};
}"""

RECALL = """async (cases) => {
  const out = [];
  for (const [frag, id] of cases) {
    const ids = (await KbPhrase.search(frag)).results.map(r => r.id);
    out.push([ids.includes(id), ids.length]);
  }
  return out;
}"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real static host

    def log_message(self, *args):
        pass


def serve(site: Path):
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def _file(site: Path, url: str) -> Path:
    file = site / unquote(urlsplit(url).path).lstrip("/")
    return file / "index.html" if file.is_dir() else file


def _sizes(site: Path, url: str, cache: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(bytes, gzip -6 bytes) of the file a URL serves: Chromium does not report worker scripts."""
    if url not in cache:
        file = _file(site, url)
        body = file.read_bytes() if file.is_file() else b""
        cache[url] = (len(body), len(gzip.compress(body, 6)))
    return cache[url]


def _before(done: list, site: Path, base: str, origin: float, mark: float, sizes: dict) -> list[tuple[str, int, int]]:
    """(path, bytes, gzip bytes) of each request to the site finished by the mark; headers counted
    as Chromium reports them, bodies from the files served."""
    out = []
    for r in done:
        t = r.timing
        if r.url.startswith(base) and t["startTime"] + t["responseEnd"] <= origin + mark + 1:
            headers = r.sizes()["responseHeadersSize"]
            body, zipped = _sizes(site, r.url, sizes)
            out.append((urlsplit(r.url).path, body + headers, zipped + headers))
    return out


def _visit(browser, url: str, mark: str, init: str | None = None, **goto) -> tuple:
    """A fresh context (cold cache) opens url and waits for the performance mark: (page, context,
    the requests it made, the mark's time, the time origin)."""
    context = browser.new_context()
    done: list = []
    context.on("requestfinished", lambda r: done.append(r))
    page = context.new_page()
    if init:
        page.add_init_script(init)
    page.goto(url, **goto)
    page.wait_for_function(f"performance.getEntriesByName('{mark}').length > 0", timeout=60000)
    at, origin = page.evaluate(f"[performance.getEntriesByName('{mark}')[0].startTime, performance.timeOrigin]")
    return page, context, done, at, origin


def cold_load(browser, site: Path, base: str, frag: str, sizes: dict) -> dict:
    """One fresh visit to /phrases/?q=frag: time to first result and what was fetched before it."""
    page, context, done, mark, origin = _visit(browser, f"{base}/phrases/?q={quote(frag)}", "kb-phrase-first-result")
    page.wait_for_timeout(300)  # let the last requestfinished events arrive
    before = _before(done, site, base, origin, mark, sizes)
    context.close()
    own = [b for b in before if not b[0].startswith(THEME)]
    return {"ms": mark,
            "bytes": sum(b[1] for b in own), "bytes_cold": sum(b[1] for b in before),
            "bytes_gzip": sum(b[2] for b in own), "bytes_cold_gzip": sum(b[2] for b in before),
            "requests": len(own)}


# Typed from inside the page, the moment header-search.js has written its status line (the box
# answers input from then on): waiting for that from Python instead costs a polling frame and a
# round trip to the browser, which is the harness's time, not the reader's.
HEADER_EARLY = """(frag) => {
  const seen = new MutationObserver(() => {
    const status = document.querySelector('.kb-search-status');
    if (!status || status.textContent === '') return;
    seen.disconnect();
    const box = document.querySelector('form.kb-search-form input');
    box.focus();
    box.value = frag;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  });
  seen.observe(document, {childList: true, subtree: true, characterData: true});
}"""

HEADER_TOP = """(frag) => {
  const first = document.querySelector('#kb-search-list li .kb-search-text');
  return !!first && KbPhrase.fold(first.textContent).includes(KbPhrase.fold(frag));
}"""


def header_load(browser, site: Path, base: str, frag: str, sizes: dict) -> dict:
    """One fresh visit to an ordinary page, the fragment typed into the header box at once."""
    page, context, done, mark, origin = _visit(browser, f"{base}{PAGE}", "kb-header-first-result",
                                               init=f"({HEADER_EARLY})({json.dumps(frag)})", wait_until="commit")
    top = page.evaluate(HEADER_TOP, frag)
    page.wait_for_timeout(300)
    before = _before(done, site, base, origin, mark, sizes)
    context.close()
    page_bytes = next((_sizes(site, base + path, sizes)[0] for path, _, _ in before if path == PAGE), 0)
    own = [b for b in before if b[0] != PAGE and not b[0].startswith(THEME)]
    return {"ms": mark, "bytes": sum(b[1] for b in own), "bytes_gzip": sum(b[2] for b in own),
            "requests": len(own), "page_bytes": page_bytes, "top1": top}


def measure(browser, site: Path, cases: list[tuple[str, str]], cold: int = 20) -> dict:
    """cases: (fragment, id of the record it was cut from)."""
    server, base = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/phrases/")
        page.wait_for_function("!!window.KbPhrase")
        page.evaluate("KbPhrase.ready.then(() => true)")
        recall = page.evaluate(RECALL, [list(c) for c in cases])
        typed = [page.evaluate(TYPE, frag) for frag, _ in cases]
        context.close()
        sizes: dict = {}
        loads = [cold_load(browser, site, base, frag, sizes) for frag, _ in cases[:cold]]
        header = [header_load(browser, site, base, frag, sizes) for frag, _ in cases[:cold]]
    finally:
        server.shutdown()
    times = [t["ms"] for t in typed]
    med = lambda key: statistics.median(x[key] for x in loads)  # noqa: E731
    return {
        "fragments": len(cases),
        "recall": sum(found for found, _ in recall) / len(cases),
        "top1": sum(t["top1"] for t in typed) / len(cases),
        "results_median": statistics.median(n for _, n in recall),
        "first_result_ms": round(med("ms"), 1),
        "first_result_ms_max": round(max(x["ms"] for x in loads), 1),
        "p50_ms": round(_percentile(times, 0.5), 1),
        "p90_ms": round(_percentile(times, 0.9), 1),
        "bytes_first_query": int(med("bytes")),
        "bytes_first_query_gzip": int(med("bytes_gzip")),
        "bytes_first_query_cold": int(med("bytes_cold")),
        "bytes_first_query_cold_gzip": int(med("bytes_cold_gzip")),
        "requests_first_query": int(med("requests")),
        "cold_loads": len(loads),
        "header": {
            "first_result_ms": round(statistics.median(h["ms"] for h in header), 1),
            "first_result_ms_max": round(max(h["ms"] for h in header), 1),
            "bytes_first_result": int(statistics.median(h["bytes"] for h in header)),
            "bytes_first_result_max": max(h["bytes"] for h in header),
            "bytes_first_result_gzip": int(statistics.median(h["bytes_gzip"] for h in header)),
            "requests_first_result": int(statistics.median(h["requests"] for h in header)),
            "page_bytes": int(statistics.median(h["page_bytes"] for h in header)),
            "top1": sum(h["top1"] for h in header) / len(header),
            "cold_loads": len(header),
        },
    }
