"""The phrase engine's index: bigram and filter postings and text shards, loaded on demand.

Exact substring search needs no tokenizer: a folded query of two or more characters can only
occur in a record that contains every pair of adjacent characters of it. So the index maps each
bigram of the folded text (fold.py: punctuation and spaces ignored) to the records holding it,
and each filter value ("@level=branch") to the records listed under it; the browser

1. loads the posting files of the query's bigrams and of the chosen filters (a key's file is
   fixed by a hash, so no dictionary has to be loaded first) and intersects them into candidates;
2. loads the text shards holding the first candidates, folds their text the same way and keeps
   those that really contain every word of the query, in record order, highlighting each.

Both kinds of file are cut to a few KiB each, so a query costs a handful of small files however
large the catalogue grows. Every file is a classic script that hands its content to the engine
(`kbPhraseIndex(name, data)`), so the site works from file:// where fetch() does not. What the
engine needs before its first query (file counts, shard boundaries, filter menus, page
addresses, the fold table) is meta.js, loaded by every page.

Files:
  phrase-index/meta.js     kbPhraseIndex("meta", {...})
  phrase-index/p/<n>.js    kbPhraseIndex("p/<n>", "<key>\t<record numbers>\n…"): record numbers as
                           gaps between ascending numbers, each in base 32: digits 0-9A-V end a
                           number, W-Zg-z… continue it (see `encode`)
  phrase-index/t/<n>.js    kbPhraseIndex("t/<n>", [[id, kind, page, anchor, text, context, dims, levels], …])
                           for records <first>..<next first - 1> (kind, page, dims, levels as
                           positions in meta's lists)
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from . import links, phrases
from .overlap import DIGITS, MORE, varints  # the one base-32 digit scheme
from .fold import TABLE, bigrams, bucket, fold
from .model import Catalogue

DIR = "phrase-index"
POSTING_BYTES = 8 * 1024  # aimed-for size of one posting file
SHARD_BYTES = 16 * 1024  # aimed-for size of one text shard
# Offered on the empty phrase finder, those the catalogue holds.
EXAMPLES = ("学用结合", "重部署轻落实", "上热下冷", "三会一课 支部", "一岗双责")


@dataclass
class Index:
    files: dict[str, str]  # docs-relative path → content
    meta: dict  # what meta.js hands the browser


def encode(numbers: list[int]) -> str:
    """Ascending record numbers as gap-encoded base-32 digits, 1 character for gaps under 32
    (the same digits as the 照搬照抄 index's, overlap.varints)."""
    return varints([n - prev - 1 for prev, n in zip([-1, *numbers], numbers)])


def decode(text: str) -> list[int]:
    """The inverse of encode (the browser has its own copy; tests use this one)."""
    out, value, prev = [], 0, -1
    for ch in text:
        if ch in MORE:
            value = value * 32 + MORE.index(ch)
        else:
            prev += value * 32 + DIGITS.index(ch) + 1
            out.append(prev)
            value = 0
    return out


def url_of(page: str, directory_urls: bool = True) -> str:
    """The site address of a docs page, relative to the site root, as MkDocs writes it."""
    stem = page[:-len(".md")]
    if stem == "index" or stem.endswith("/index"):
        base = stem[:-len("index")]
        return base if directory_urls else base + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def _power_of_two_at_least(n: float) -> int:
    p = 1
    while p < n:
        p *= 2
    return p


def script(name: str, data) -> str:
    """An index file: a classic script handing `data` to the engine. JSON is a JavaScript literal
    except for U+2028 and U+2029 in older engines, so those are escaped too."""
    literal = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    literal = literal.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"kbPhraseIndex({json.dumps(name)},{literal});\n"


def facet_key(name: str, value: str) -> str:
    """The posting key of a filter value; longer than a bigram, so never one."""
    return f"@{name}={value}"


def _postings(recs: list[phrases.Record], folded: list[str],
              menus: dict[str, list[str]]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for n, (rec, text) in enumerate(zip(recs, folded)):
        for bg in bigrams(text):
            postings[bg].append(n)
        for f in phrases.FILTERS:
            for v in f.of(rec):
                postings[facet_key(f.name, v)].append(n)
    return postings


def _posting_files(postings: dict[str, list[int]]) -> tuple[int, dict[str, str]]:
    lines = {key: f"{key}\t{encode(nums)}\n" for key, nums in postings.items()}
    total = sum(len(line.encode("utf-8")) for line in lines.values())
    buckets = _power_of_two_at_least(total / POSTING_BYTES)
    files: list[list[str]] = [[] for _ in range(buckets)]
    for key in sorted(lines):
        files[bucket(key, buckets)].append(lines[key])
    return buckets, {f"{DIR}/p/{n}.js": script(f"p/{n}", "".join(body)) for n, body in enumerate(files)}


def filters(cat: Catalogue) -> list[dict]:
    """The finder's menus: every filter with options in this catalogue."""
    out = []
    for f in phrases.FILTERS:
        options = [list(pair) for pair in f.options(cat)]
        if options:
            out.append({"name": f.name, "all": f.everything, "label": f.label, "within": f.within,
                        "options": options})
    return out


def examples(texts) -> list[str]:
    """The example queries some of these texts answer (every word of them in one text)."""
    folded = [fold(t) for t in texts]
    return [x for x in EXAMPLES if any(all(fold(w) in t for w in x.split()) for t in folded)]


def build(cat: Catalogue, directory_urls: bool = True,
          sections: list[tuple[str, str, str, str]] = (), recs: list[phrases.Record] | None = None) -> Index:
    """The index of every record; `sections` are the hand-written pages' (sections.of_pages).
    recs: phrases.records(cat, sections), when the caller has them already."""
    recs = phrases.records(cat, sections) if recs is None else recs
    menus = filters(cat)
    options = {m["name"]: [v for v, _ in m["options"]] for m in menus}
    for f in phrases.FILTERS:
        options.setdefault(f.name, [])
    badges = {"kinds": [[k, phrases.KIND_NAMES[k]] for k in phrases.kinds(cat)],
              "dims": [[d.id, d.name] for d in cat.sorted_dimensions()],
              "levels": [[lv, t.name] for lv, t in cat.vocab.get("levels", {}).items()]}
    pos = {key: {ident: n for n, (ident, _) in enumerate(pairs)} for key, pairs in badges.items()}
    pages = list(dict.fromkeys(r.page for r in recs))
    page_pos = {p: n for n, p in enumerate(pages)}

    def row(r: phrases.Record) -> list:
        return [r.rid, pos["kinds"][r.kind], page_pos[r.page], r.anchor, r.text, r.context,
                [pos["dims"][d] for d in r.dimensions], [pos["levels"][lv] for lv in r.levels]]

    files: dict[str, str] = {}
    starts: list[int] = []
    shard: list = []
    size = 0

    def close() -> None:
        name = f"t/{len(starts) - 1}"
        files[f"{DIR}/{name}.js"] = script(name, shard)

    for n, r in enumerate(recs):
        item = row(r)
        width = len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 1
        if shard and size + width > SHARD_BYTES:
            close()
            shard, size = [], 0
        if not shard:
            starts.append(n)
        shard.append(item)
        size += width
    if shard:
        close()

    folded = [fold(r.text) for r in recs]
    buckets, posting_files = _posting_files(_postings(recs, folded, options))
    files.update(posting_files)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode("utf-8") + b"\0")
    meta = {"v": digest.hexdigest()[:12], "n": len(recs), "buckets": buckets, "shards": starts,
            **badges, "filters": menus, "pages": [url_of(p, directory_urls) for p in pages],
            "finder": url_of(links.PHRASES, directory_urls),
            "fold": {"rules": TABLE["rules"], "punctuation": TABLE["punctuation"]}}
    files[f"{DIR}/meta.js"] = script("meta", meta)
    return Index(files=files, meta=meta)
