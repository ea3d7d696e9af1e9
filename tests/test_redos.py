"""No text makes a rule slow: every text rule is linear in the length of the text.

Two guards. By design: no pattern of the text rules or of kb import's cleaner repeats, without
bound, something that itself repeats without bound (the shape that backtracks exponentially or
quadratically), unless the outer repeat is possessive or atomic. By measure: a file at the size
cap (yamlsrc.MAX_BYTES) filled with the inputs that made the old URL and e-mail patterns take
27 s is checked by every text rule in well under a second.
"""
from __future__ import annotations

import importlib
import json
import re
import time
from re import _constants as sre
from re import _parser as sre_parser

import pytest

from kb import yamlsrc
from kb.checks import text
from kb.importer import clean

MODULES = ["kb.normal", "kb.text", "kb.checks.text", "kb.checks.contact", "kb.importer.clean"]
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)


def _unbounded_inside(tree) -> bool:
    """Does this parsed pattern contain an unbounded repeat (at any depth)?"""
    for op, av in tree:
        if op in REPEATS and (av[1] == sre.MAXREPEAT or _unbounded_inside(av[2])):
            return True
        if op is sre.SUBPATTERN and _unbounded_inside(av[-1]):
            return True
        if op is sre.BRANCH and any(_unbounded_inside(b) for b in av[1]):
            return True
    return False


def nested_repeats(tree) -> bool:
    r"""An unbounded repeat over something with an unbounded repeat in it (e.g. (a+)+, (\.\w+)*)."""
    for op, av in tree:
        if op in REPEATS:
            if av[1] == sre.MAXREPEAT and _unbounded_inside(av[2]):
                return True
            if nested_repeats(av[2]):
                return True
        elif op in (sre.POSSESSIVE_REPEAT, sre.ATOMIC_GROUP):
            continue  # cannot backtrack into what it matched
        elif op is sre.SUBPATTERN and nested_repeats(av[-1]):
            return True
        elif op is sre.BRANCH and any(nested_repeats(b) for b in av[1]):
            return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and nested_repeats(av[1]):
            return True
    return False


def patterns():
    for name in MODULES:
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, re.Pattern):
                yield f"{name}.{attr}", value


def test_the_structural_check_recognises_the_dangerous_shape():
    for bad in (r"(a+)+$", r"(?:\.[a-z]+)*x", r"(\s*a)*", r"(?:(?:a|b)+c?)+"):
        assert nested_repeats(sre_parser.parse(bad)), bad
    for fine in (r"a+b+", r"(?:\.[a-z]{1,63}){1,8}", r"(?:a+)++b", r"[a-z]+@", r"(?>a+)+"):
        assert not nested_repeats(sre_parser.parse(fine)), fine


@pytest.mark.parametrize("name, pattern", list(patterns()), ids=[n for n, _ in patterns()])
def test_no_text_pattern_nests_unbounded_repeats(name, pattern):
    assert not nested_repeats(sre_parser.parse(pattern.pattern, pattern.flags)), \
        f"{name} repeats a repeat without bound: {pattern.pattern[:120]}"


# Long ASCII runs are what the old patterns choked on; the others attack each rule's own shape.
PAYLOADS = {
    "letters": "a", "dotted": "a.", "at-signs": "a@", "at-first": "@a", "digits": "1",
    "spaced-digits": "1 ", "dashed-digits": "-1", "crosses": "x", "spaces": " ", "www": "www.",
    "scheme": "http:", "brackets": "[(", "link-tails": "](", "labels": "a" * 63 + ".",
    "chinese-numerals": "一三九", "at-words": "(at)", "full-stops": "a。", "paid": "##paid", "qr": "扫码",
    "fullwidth": "ａ＠", "zero-width": "1\u200b",
}


def capped_file(unit: str) -> str:
    """An issue whose body repeats unit up to the size cap (one JSON string: a YAML scalar)."""
    head = "id: alpha-003\ndimension: alpha\nheadline: 理论学习不够\nlevels: [branch]\nbody: "
    room = yamlsrc.MAX_BYTES - len(head.encode()) - 16
    body = unit * (room // (len(json.dumps(unit, ensure_ascii=False).encode()) - 2))
    out = head + json.dumps(body + "!", ensure_ascii=False) + "\n"
    assert yamlsrc.MAX_BYTES - 1024 < len(out.encode()) <= yamlsrc.MAX_BYTES
    return out


@pytest.mark.parametrize("unit", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_a_file_at_the_size_cap_is_checked_in_under_a_second(unit):
    data, src, found = yamlsrc.parse(capped_file(unit), "data/issues/alpha/alpha-003.yml")
    assert data is not None, found
    ctx = text.Context("issue", {}, None)
    best = float("inf")
    for _ in range(2):  # CPU time, the better of two runs: other work on a busy machine does not count
        start = time.process_time()
        text.check_doc(data, src, ctx, text.TEXT_RULES)
        best = min(best, time.process_time() - start)
    assert best < 1.0, f"{best:.2f} s for {len(data['body'])} characters of {unit!r}"


@pytest.mark.parametrize("unit", ["a@", "[(", " ", "1 ", "x"], ids=["at-signs", "brackets", "spaces", "digits", "crosses"])
def test_kb_import_cleans_text_at_the_size_cap_in_seconds_not_minutes(unit):
    """The cleaner walks sentences in Python, so its bound is looser; quadratic would be minutes."""
    body = unit * (yamlsrc.MAX_BYTES // len(unit.encode()))
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        clean.clean("标题\n" + body)
        best = min(best, time.process_time() - start)
    assert best < 3.0, f"{best:.2f} s"
