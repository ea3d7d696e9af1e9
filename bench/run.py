"""`make bench`: the phrase engine, the site build and `kb check` on synthetic catalogues.

For each size (1,000 and 10,000 records) it writes a deterministic catalogue (bench/synth.py),
builds the real site from it with `mkdocs build`, and measures the phrase finder and the header
search in headless Chromium (bench/browser.py) with 200 random 2-8-character fragments cut from
random records.
At the largest size it also times a stock Material + jieba build of the same text
(bench/stock.py) in the same run, and `kb check`. Prints a table; writes build/bench.json.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser as measure  # noqa: E402
import draft as drafting  # noqa: E402
import stock  # noqa: E402
import synth  # noqa: E402
import word as docx_bench  # noqa: E402
import offline as offline_bench  # noqa: E402
from kb import loader, phrases  # noqa: E402
from kb.fold import fold  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
BIN = Path(sys.executable).parent


def project(where: Path, n: int, seed: int) -> Path:
    """A project with the real config, docs, theme overrides and code, and a synthetic data/."""
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", where / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        shutil.copytree(REPO / folder, where / folder)
    (where / "scripts").symlink_to(REPO / "scripts")
    synth.write(where, n, seed)
    return where


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall-clock and CPU (user + system) seconds of a command, and its outcome."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done


def build(proj: Path, out: Path) -> tuple[float, float]:
    wall, cpu, done = timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(proj / "mkdocs.yml"), "-d", str(out)], proj)
    if done.returncode != 0:
        sys.exit(f"mkdocs build failed in {proj}:\n{done.stderr[-3000:]}")
    return wall, cpu


def fragments(proj: Path, count: int, seed: int) -> list[tuple[str, str]]:
    cat, _ = loader.load(proj)
    recs = phrases.records(cat)
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    while len(out) < count:
        rec = rng.choice(recs)
        size = rng.randint(2, 8)
        if len(rec.text) < size:
            continue
        start = rng.randrange(len(rec.text) - size + 1)
        frag = rec.text[start:start + size]
        # as a reader types: no quote marks (query syntax), two characters to go by in one word
        if "\u200b" not in frag and not any(q in frag for q in '"“”') \
                and any(len(fold(w)) >= 2 for w in frag.split()):
            out.append((frag, rec.rid))
    return out


def table(result: dict) -> str:
    s = result["search"]
    sizes = list(s)
    kib = lambda b: f"{b / 1024:.0f} KiB"  # noqa: E731
    rows = [
        ("fragment finds the entry holding it", lambda v: f"{v['recall']:.1%}", "100%"),
        ("top result really contains the fragment", lambda v: f"{v['top1']:.1%}", "100%"),
        ("page load → first result (median, cold)", lambda v: f"{v['first_result_ms']:.0f} ms", "≤ 400 ms"),
        ("per-query latency p50", lambda v: f"{v['p50_ms']:.1f} ms", "≤ 10 ms"),
        ("per-query latency p90", lambda v: f"{v['p90_ms']:.1f} ms", ""),
        ("bytes before first result (page + finder)",
         lambda v: f"{kib(v['bytes_first_query'])} ({kib(v['bytes_first_query_gzip'])} gzip)", "≤ 250 KiB"),
        ("  … with the theme, cold cache",
         lambda v: f"{kib(v['bytes_first_query_cold'])} ({kib(v['bytes_first_query_cold_gzip'])} gzip)", ""),
        ("header search: page load → first result", lambda v: f"{v['header']['first_result_ms']:.0f} ms", "≤ 400 ms"),
        ("header search: bytes before first result",
         lambda v: f"{kib(v['header']['bytes_first_result'])} ({kib(v['header']['bytes_first_result_gzip'])} gzip)",
         "≤ 128 KiB"),
        ("header search: top result holds the fragment", lambda v: f"{v['header']['top1']:.1%}", "100%"),
    ]
    width = 44
    lines = [f"{'':{width}}" + "".join(f"{n + ' records':>24}" for n in sizes) + f"{'goal':>12}"]
    for label, cell, goal in rows:
        lines.append(f"{label:{width}}" + "".join(f"{cell(s[n]):>24}" for n in sizes) + f"{goal:>12}")
    b = result["build"]
    lines.append(f"{'mkdocs build, ours / stock Material + jieba':{width}}"
                 f"{b['ours_s']:.1f} s / {b['stock_s']:.1f} s = {b['ratio']:.2f}× wall, "
                 f"{b['cpu_ratio']:.2f}× CPU  (goal ≤ 1.5×, {b['records']} records)")
    c = result["check"]
    most = max(c, key=lambda key: int(key.split("_")[0]))
    lines.append(f"{'kb check':{width}}" + f"{c[most]:.2f} s at {most.split('_')[0]} records (goal ≤ 2 s)")
    d = result.get("draft", {})
    top = d.get(str(max((int(k) for k in d if k.isdigit()), default=0)), {})
    if "bytes_usable" in top:
        lines.append(f"{'起草台: bytes before usable, without theme':{width}}"
                     f"{kib(top['bytes_usable_without_theme'])} ({kib(top['bytes_usable_without_theme_gzip'])} gzip)"
                     f"  (goal ≤ 300 KiB)")
        lines.append(f"{'  … with the theme, cold cache':{width}}"
                     f"{kib(top['bytes_usable'])} ({kib(top['bytes_usable_gzip'])} gzip)")
        lines.append(f"{'起草台: suggestions for a heading rendered':{width}}"
                     f"{top['suggest_ms']:.0f} ms (first {top['suggest_first_ms']:.0f} ms)  (goal ≤ 100 ms)")
        lines.append(f"{'起草台: self-check of a 6,000-character draft':{width}}{top['check_ms']:.1f} ms  (goal ≤ 50 ms)")
    if "docx_p50_ms" in d:
        lines.append(f"{'起草台 .docx, ' + str(d['docx_items']) + ' items':{width}}"
                     f"{d['docx_p50_ms']:.1f} ms (first {d['docx_first_ms']:.1f} ms, max {d['docx_max_ms']:.1f} ms)"
                     f"  (goal ≤ 300 ms)")
    if "pages" in result:
        p = result["pages"]
        lines.append(f"{'largest generated page':{width}}{p['largest_bytes'] / 1024:.0f} KiB ({p['largest_page']})"
                     f"  (goal ≤ 512 KiB)")
    if "offline" in result:
        o = result["offline"]
        lines.append(f"{'file:// page load → first result (median)':{width}}{o['file_first_result_p50_ms']:.0f} ms"
                     f" (max {o['file_first_result_max_ms']:.0f} ms)  (goal ≤ 400 ms)")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--fragments", type=int, default=200)
    p.add_argument("--cold", type=int, default=20, help="cold page loads measured per size")
    p.add_argument("--builds", type=int, default=2, help="builds of each site at the largest size")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, default=REPO / "build" / "bench.json")
    args = p.parse_args()
    work = REPO / "build" / "bench"
    # kb's own modules as bytecode, as Python leaves them after a first run (pip compiled the
    # installed packages already; an editable install's are compiled on first import, unless
    # PYTHONDONTWRITEBYTECODE says not to): every timing below is of a second run, not a first
    compileall.compile_dir(REPO / "scripts" / "kb", quiet=1)
    from playwright.sync_api import sync_playwright

    result: dict = {"search": {}, "build": {}, "check": {}, "draft": {}}
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=measure.CHROMIUM, args=measure.CHROMIUM_ARGS, headless=True)
        for n in args.sizes:
            print(f"— {n} records: writing the catalogue …", flush=True)
            proj = project(work / str(n), n, args.seed)
            print(f"— {n} records: building the site …", flush=True)
            ours = [build(proj, proj / "site")]
            # `kb check` exits 1 when it reports errors; its time counts all the same.
            checks = [timed([str(BIN / "kb"), "--root", str(proj), "check"], proj)[0] for _ in range(3)]
            result["check"][f"{n}_s"] = round(min(checks), 2)
            if n == max(args.sizes):
                # Timings on a shared machine wander: build ours and the stock site in turns, keep the best.
                cat, _ = loader.load(proj)
                baseline = stock.write(cat, work / f"stock-{n}")
                stock_runs = []
                for turn in range(args.builds):
                    print(f"— {n} records: building the stock site ({turn + 1}/{args.builds}) …", flush=True)
                    stock_runs.append(build(baseline, baseline / "site"))
                    if turn + 1 < args.builds:
                        ours.append(build(proj, proj / "site"))
                best, best_stock = min(ours), min(stock_runs)
                result["build"] = {"records": n, "ours_s": round(best[0], 2), "stock_s": round(best_stock[0], 2),
                                   "ratio": round(best[0] / best_stock[0], 3),
                                   "ours_cpu_s": round(min(c for _, c in ours), 2),
                                   "stock_cpu_s": round(min(c for _, c in stock_runs), 2),
                                   "cpu_ratio": round(min(c for _, c in ours) / min(c for _, c in stock_runs), 3)}
            print(f"— {n} records: measuring in Chromium …", flush=True)
            cases = fragments(proj, args.fragments, args.seed)
            figures = measure.measure(chromium, proj / "site", cases, args.cold)
            index = proj / "site" / "phrase-index"
            figures["index_files"] = sum(1 for f in index.rglob("*") if f.is_file())
            figures["index_bytes"] = sum(f.stat().st_size for f in index.rglob("*") if f.is_file())
            figures["build_s"] = round(min(ours)[0], 2)
            result["search"][str(n)] = figures
            if n == max(args.sizes):  # the site from a folder: page sizes and file:// search
                result["pages"] = offline_bench.largest_page(proj / "site")
                print(f"— {n} records: the offline build, searched from file:// …", flush=True)
                offline_bench.build_offline(proj, proj / "offline-site")
                frags = [frag for frag, _ in cases[: min(10, len(cases))]]
                result["offline"] = offline_bench.first_result(chromium, proj / "offline-site", frags)
            print(f"— {n} records: measuring the 起草台 …", flush=True)
            result.setdefault("draft", {})[str(n)] = drafting.measure_site(chromium, proj / "site")
            if n == max(args.sizes):  # the 起草台's Word export (goal ≤ 300 ms for 20 items)
                texts = [r.text for r in phrases.records(cat)]
                result.setdefault("draft", {}).update(docx_bench.measure(chromium, proj / "site", texts))
        chromium.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(result))
    print(f"\n{args.out.relative_to(REPO) if args.out.is_relative_to(REPO) else args.out}")


if __name__ == "__main__":
    main()
