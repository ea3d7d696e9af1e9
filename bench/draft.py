"""起草台 figures in headless Chromium against a built site (the "draft" object of bench.json).

- suggest_ms: pressing 从条目库选 under the first framework heading → the list rendered (first
  time, shards loaded by <script> tags; then the median of later openings);
- check_ms: kbDraft.check() on a draft of about 6,000 characters (catalogue text and the
  writer's own), including the 照搬照抄 lookup of every window in the n-gram index (median);
- docx_ms: kbDraft.docx() of a 20-item draft, when the page has the .docx writer (median);
- bytes_usable: bytes of every file the page loads before it is usable: kbDraft ready, the page's
  load event, and Material's bundle run (it starts after the page's own scripts, theme-later.js:
  counted all the same). The n-gram index (overlap_bytes) loads after, when the browser is idle,
  and the Word writer on the first export: neither counted. *_without_theme leaves out Material's
  CSS and JS (the same on every page, cached after the first). *_gzip: what gzip -6 would send
  (a served site can compress; file:// reads from disk and transfers nothing). Bodies are the
  files' sizes; usable_files lists them (path, bytes, gzip bytes).

  python bench/draft.py SITE_DIR [--out build/bench.json]   (run.py calls measure() per size)
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import browser as measure  # noqa: E402

SETUP = """async () => {
  const core = KbDraftData.core;
  const fw = core.frameworks.find(f => f.headings.length >= 4 && f.levels.includes('branch')) || core.frameworks.find(f => f.headings.length);
  kbDraft.start({meeting: 'zsh', year: fw.year, level: 'branch', framework: fw.id});
  return fw.id;
}"""

SUGGEST = """async () => {
  const b = document.querySelector('.kb-draft-adders[data-h="0"] .kb-suggest');  // the first heading's, not the opening's
  const box = document.querySelector('.kb-draft-suggest');
  box.hidden = true; delete box.dataset.ms;
  const t0 = performance.now();
  b.click();
  while (!box.dataset.ms) await new Promise(r => setTimeout(r, 1));
  return performance.now() - t0;
}"""

FILL = """async (target) => {
  const st = kbDraft.state();
  const heads = st.sections.find(s => s.kind === 'problems').headings;
  const ids = KbDraftData.core.ids.issue;
  let n = 0, size = 0;
  const pi = st.sections.findIndex(s => s.kind === 'problems');
  while (size < target) {
    const id = ids[(n * 37) % ids.length];
    const h = n % heads.length;
    const path = await kbDraft.add(id, pi, h);
    if (n % 2) kbDraft.setText(path, '我在〔某月〕的工作中，比如组织学习' + n + '次，发现学习安排还不够系统，学用结合不够紧密。');
    size = kbDraft.text().length;
    n++;
  }
  return [n, kbDraft.text().length];
}"""

CHECK = """() => { const t0 = performance.now(); kbDraft.check(); return performance.now() - t0; }"""


def measure_site(chromium, site: Path, rounds: int = 15) -> dict:
    server, base = measure.serve(site)
    try:
        page = chromium.new_page()
        page.goto(f"{base}/draft/")
        page.wait_for_function("window.kbDraft !== undefined && window.component$ !== undefined"
                               " && document.readyState === 'complete'")
        loaded = page.evaluate("""() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
            .filter(e => !e.name.includes('/assets/draft/overlap.js')).map(e => e.name)""")
        sizes: dict = {}
        files = [(measure.urlsplit(url).path,) + measure._sizes(site, url, sizes) for url in loaded]
        own = [f for f in files if not f[0].startswith(measure.THEME) and "/workers/" not in f[0]]
        page.evaluate(SETUP)
        first = page.evaluate(SUGGEST)
        later = [page.evaluate(SUGGEST) for _ in range(rounds)]
        page.wait_for_function("kbDraft.overlapReady()", timeout=120000)
        items, chars = page.evaluate("t => (" + FILL + ")(t)", 6000)
        checks = [page.evaluate(CHECK) for _ in range(rounds)]
        out = {"suggest_first_ms": round(first, 1), "suggest_ms": round(statistics.median(later), 1),
               "check_chars": chars, "check_items": items, "check_ms": round(statistics.median(checks), 1),
               "bytes_usable": sum(f[1] for f in files), "bytes_usable_without_theme": sum(f[1] for f in own),
               "bytes_usable_gzip": sum(f[2] for f in files),
               "bytes_usable_without_theme_gzip": sum(f[2] for f in own),
               "usable_files": [list(f) for f in files],
               "overlap_bytes": (site / "assets/draft/overlap.js").stat().st_size}
        page.evaluate("kbDraft.docx().then(() => true, () => false)")  # the writer loads on the first export
        if page.evaluate("!!window.KbDocx"):
            page.evaluate(SETUP)
            page.evaluate("""async () => { const ids = KbDraftData.core.ids.issue; const st = kbDraft.state();
                const pi = st.sections.findIndex(s => s.kind === 'problems');
                for (let n = 0; n < 20; n++) await kbDraft.add(ids[n * 7], pi, n % st.sections[pi].headings.length); }""")
            times = [page.evaluate("async () => { const t0 = performance.now(); await kbDraft.docx(); return performance.now() - t0; }")
                     for _ in range(rounds)]
            out["docx_ms"] = round(statistics.median(times), 1)
            out["docx_items"] = 20
        page.close()
        return out
    finally:
        server.shutdown()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=measure.CHROMIUM, args=measure.CHROMIUM_ARGS, headless=True)
        figures = measure_site(chromium, args.site)
        chromium.close()
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.out:
        result = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
        result.setdefault("draft", {})[args.site.name] = figures
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
