"""Word export timing in headless Chromium: KbDocx.build for a 20-item draft (goal ≤ 300 ms).

The draft is what a 支部 report looks like: a title, an opening, three 一、 sections with
（一） subsections and their items, a closing — 20 items of 100-200 characters from the built
catalogue's own text. first_ms includes loading docx-template.js on first use (file://, a
<script> tag); p50_ms and max_ms are the following builds, as a user exporting again would see.
"""
from __future__ import annotations

import random
import statistics
from pathlib import Path

RUN = """async ([paras, runs]) => {
  const times = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const buf = await KbDocx.build(paras);
    times.push(performance.now() - t0);
    size = buf.byteLength;
  }
  return {times, size};
}"""


def draft(texts: list[str], seed: int = 1) -> list[dict]:
    rnd = random.Random(seed)
    pick = lambda: rnd.choice(texts)[:200]  # noqa: E731
    paras = [{"style": "title", "text": "〔单位〕党支部2025年度组织生活会对照检查材料"}, {"style": "body", "text": pick()}]
    for n, head in enumerate(("一、存在的主要问题", "二、原因剖析", "三、整改措施")):
        paras.append({"style": "h1", "text": head})
        for m in range(2):
            paras.append({"style": "h2", "text": f"（{'一二'[m]}）方面{n}{m}"})
            paras += [{"style": "body", "text": pick()} for _ in range(3)]
    paras.append({"style": "body", "text": pick()})
    return paras


def measure(browser, site: Path, texts: list[str], runs: int = 20) -> dict:
    paras = draft(texts)
    items = sum(p["style"] == "body" for p in paras)
    page = browser.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        page.add_script_tag(url="assets/js/docx-writer.js")
        first = page.evaluate(RUN, [paras, 1])
        rest = page.evaluate(RUN, [paras, runs])
    finally:
        page.close()
    times = rest["times"]
    return {"docx_items": items, "docx_paragraphs": len(paras), "docx_bytes": rest["size"],
            "docx_first_ms": round(first["times"][0], 1), "docx_p50_ms": round(statistics.median(times), 1),
            "docx_max_ms": round(max(times), 1)}


if __name__ == "__main__":  # a tiny run against a built site: python bench/word.py site/
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from playwright.sync_api import sync_playwright

    import browser as shared

    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site").resolve()
    sample = ["根据〔上级党委〕通知要求，支部班子紧扣会议主题，认真开展学习研讨、谈心谈话，深入查摆问题、剖析根源。" * 3]
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shared.CHROMIUM, args=shared.CHROMIUM_ARGS, headless=True)
        print(measure(b, site, sample))
        b.close()
