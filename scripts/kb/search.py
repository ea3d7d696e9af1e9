"""The phrase finder's index: bigram postings and text shards, fetched by the browser on demand.

Exact substring search needs no tokenizer: a folded query of two or more characters can only
occur in a record that contains every pair of adjacent characters of it. So the index maps each
bigram of the folded text to the records holding it, and the browser

1. fetches the posting files of the query's bigrams (a bigram's file is fixed by a hash, so no
   dictionary has to be loaded first) and intersects them into candidate records;
2. fetches the text shards holding the first candidates, folds their text the same way and keeps
   those that really contain the query, in record order, highlighting each occurrence.

Both kinds of file are cut to a few KiB each, so a query costs a handful of small requests
however large the catalogue grows. What the browser needs before its first request (file counts,
shard boundaries, filter names, page addresses) is small and goes into the page itself (`meta`).

Files:
  phrase-index/p/<n>.txt   one line per bigram: the bigram, a tab, its record numbers
                           (gaps between ascending numbers, each in base 32: digits 0-9A-V end a
                           number, W-Zg-z… continue it; see `encode`)
  phrase-index/t/<n>.json  records <first>..<next first - 1> as
                           [id, kind, page, anchor, text, context, dimensions, levels, frameworks]
                           (kind, page, dimensions, levels, frameworks as positions in `meta`)
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from . import phrases
from .fold import bigrams, bucket, fold
from .model import Catalogue

DIR = "phrase-index"
POSTING_BYTES = 8 * 1024  # aimed-for size of one posting file
SHARD_BYTES = 16 * 1024  # aimed-for size of one text shard
# Offered on the empty phrase finder, those the catalogue holds.
EXAMPLES = ("学用结合", "红红脸、出出汗", "重部署、轻落实", "上热下冷", "一岗双责")
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUV"  # the last (or only) base-32 digit of a number
MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_"  # a base-32 digit with more to follow


@dataclass
class Index:
    files: dict[str, str]  # docs-relative path → content
    meta: dict  # what the phrase page embeds for the browser


def encode(numbers: list[int]) -> str:
    """Ascending record numbers as gap-encoded base-32 digits, 1 character for gaps under 32."""
    out = []
    prev = -1
    for n in numbers:
        gap = n - prev - 1
        prev = n
        if gap < 32:  # most gaps: one character
            out.append(DIGITS[gap])
            continue
        digits = DIGITS[gap & 31]
        gap >>= 5
        while gap:
            digits = MORE[gap & 31] + digits
            gap >>= 5
        out.append(digits)
    return "".join(out)


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


def _postings(folded: list[str]) -> dict[str, list[int]]:
    postings: dict[str, list[int]] = defaultdict(list)
    for n, text in enumerate(folded):
        for bg in bigrams(text):
            postings[bg].append(n)
    return postings


def _posting_files(postings: dict[str, list[int]]) -> tuple[int, dict[str, str]]:
    lines = {bg: f"{bg}\t{encode(nums)}\n" for bg, nums in postings.items()}
    total = sum(len(line.encode("utf-8")) for line in lines.values())
    buckets = _power_of_two_at_least(total / POSTING_BYTES)
    files: list[list[str]] = [[] for _ in range(buckets)]
    for bg in sorted(lines):
        files[bucket(bg, buckets)].append(lines[bg])
    return buckets, {f"{DIR}/p/{n}.txt": "".join(body) for n, body in enumerate(files)}


def build(cat: Catalogue, directory_urls: bool = True) -> Index:
    recs = phrases.records(cat)
    levels = cat.vocab.get("levels", {})
    names = {
        "kinds": [[k, phrases.KIND_NAMES[k]] for k in phrases.KINDS],
        "dims": [[d.id, d.name] for d in cat.sorted_dimensions()],
        "levels": [[lv, t.name] for lv, t in levels.items()],
        "fws": [[f.id, f.short] for f in cat.sorted_frameworks()],
    }
    pos = {key: {ident: n for n, (ident, _) in enumerate(pairs)} for key, pairs in names.items()}
    pages = list(dict.fromkeys(r.page for r in recs))
    page_pos = {p: n for n, p in enumerate(pages)}

    def row(r: phrases.Record) -> list:
        return [r.rid, pos["kinds"][r.kind], page_pos[r.page], r.anchor, r.text, r.context,
                [pos["dims"][d] for d in r.dimensions], [pos["levels"][lv] for lv in r.levels],
                [pos["fws"][f] for f in r.frameworks]]

    files: dict[str, str] = {}
    starts: list[int] = []
    shard: list[str] = []
    size = 0
    for n, r in enumerate(recs):
        item = json.dumps(row(r), ensure_ascii=False, separators=(",", ":"))
        if shard and size + len(item.encode("utf-8")) > SHARD_BYTES:
            files[f"{DIR}/t/{len(starts) - 1}.json"] = "[" + ",".join(shard) + "]"
            shard, size = [], 0
        if not shard:
            starts.append(n)
        shard.append(item)
        size += len(item.encode("utf-8")) + 1
    if shard:
        files[f"{DIR}/t/{len(starts) - 1}.json"] = "[" + ",".join(shard) + "]"

    folded = [fold(r.text) for r in recs]
    buckets, posting_files = _posting_files(_postings(folded))
    files.update(posting_files)
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path].encode("utf-8") + b"\0")
    meta = {"v": digest.hexdigest()[:12], "n": len(recs), "buckets": buckets, "shards": starts,
            "root": "../" if directory_urls else "",  # the site root, seen from the phrase page
            **names, "pages": [url_of(p, directory_urls) for p in pages],
            "examples": [x for x, f in ((x, fold(x)) for x in EXAMPLES) if any(f in t for t in folded)]}
    return Index(files=files, meta=meta)

