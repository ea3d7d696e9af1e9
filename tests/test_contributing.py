"""The contributor's path: kb new, the documented templates, the field and rule reference pages."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, make_project, run_kb
from kb import checks, loader, new, schema
from kb.findings import RULES


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, FIXTURES / "mini" / "data")


def test_kb_new_issue_takes_the_next_free_number_and_explains_every_field(project):
    result = run_kb(project, "new", "issue", "--dimension", "alpha", "--level", "branch")
    assert result.returncode == 0, result.stderr
    path = project / "data/issues/alpha/alpha-003.yml"  # the fixture has alpha-001 and alpha-002
    assert "data/issues/alpha/alpha-003.yml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/issue.schema.json\n")
    props = json.loads((ROOT / "data/schema/issue.schema.json").read_text(encoding="utf-8"))["properties"]
    lines = text.splitlines()
    field = re.compile(r"(# )?[a-z]+:")
    for name in props:  # each field (or group of fields) has its explanation right above or beside it
        [n] = [i for i, line in enumerate(lines) if re.match(rf"(# )?{name}:", line)]
        above = n - 1
        while field.match(lines[above]) and not lines[above].startswith("# yaml"):
            above -= 1
        assert "  # " in lines[n] or (lines[above].startswith("# ") and not field.match(lines[above])), name


def test_a_new_empty_entry_is_reported_until_it_is_filled_in(project):
    run_kb(project, "new", "remedy", "--level", "team")
    result = run_kb(project, "check")
    assert result.returncode == 1
    assert "data/remedies/remedy-001.yml:" in result.stdout and "KB106" in result.stdout
    path = project / "data/remedies/remedy-001.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: ""', "title: 建立问题整改台账并按月对账销号")
    text = text.replace('body: ""', "body: 由支部书记牵头，把查摆出的问题逐条列入台账，明确责任人和完成时限，每月支委会逐项对账，完成一项销号一项。")
    path.write_text(text, encoding="utf-8")
    result = run_kb(project, "check")
    about_it = [line for line in result.stdout.splitlines() if line.startswith("data/remedies/remedy-001.yml")]
    assert [line.split(": ")[1].split()[0] for line in about_it] == ["KB202"]  # only: nothing links to it yet


def test_kb_new_warns_when_the_text_nearly_duplicates_an_entry(project):
    cat, _ = loader.load(project)
    existing = cat.issues["alpha-001"]
    result = run_kb(project, "new", "issue", "--dimension", "alpha", "--title", existing.headline,
                    "--body", existing.body, "--level", "branch")
    assert result.returncode == 0
    assert "alpha-001" in result.stderr and "KB401" in result.stderr
    written = yaml.safe_load((project / "data/issues/alpha/alpha-003.yml").read_text(encoding="utf-8"))
    assert written["headline"] == existing.headline and written["body"] == existing.body


def test_kb_new_refuses_an_unknown_dimension_with_the_choices(project):
    result = run_kb(project, "new", "issue", "--dimension", "nowhere")
    assert result.returncode == 2 and "alpha" in result.stderr
    assert not list((project / "data/issues").glob("nowhere*"))


def test_contributing_shows_exactly_the_templates_kb_new_writes():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    # each template is shown under the command that prints it: ```sh kb new KIND … --stdout``` ```yaml …```
    blocks = re.findall(r"kb new (\w+)(?: --dimension (\w+))? --stdout\n```\s*```yaml\n(.*?)```", text, re.S)
    cat, _ = loader.load(ROOT)
    shown = {}
    for kind, dimension, block in blocks:
        shown[kind] = block
        # the id shown is whatever was free when the page was written; everything else must match
        want = new.render(kind, yaml.safe_load(block)["id"], cat, dimension=dimension)
        assert block == want, f"CONTRIBUTING.md 中的 {kind} 模板与 kb new 的输出不一致"
    assert set(shown) == {"issue", "cause", "remedy", "criticism", "passage"}


def test_contributing_names_every_dimension_folder():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    cat, _ = loader.load(ROOT)
    unnamed = [d.id for d in cat.sorted_dimensions() if f"`{d.id}` {d.name}" not in text]
    assert unnamed == [], f"CONTRIBUTING.md does not tell contributors the folder of: {unnamed}"


def test_field_reference_lists_every_field_of_every_schema(real_site):
    page = (real_site / "reference/fields/index.html").read_text(encoding="utf-8")
    for path in sorted((ROOT / "data/schema").glob("*.schema.json")):
        kind = path.name.removesuffix(".schema.json")
        root, fields = schema.fields(kind, ROOT / "data/schema")
        assert f'id="{kind}"' in page, kind
        for f in fields:
            assert f"<code>{f['name']}</code>" in page, (kind, f["name"])
        names = {f["name"] for f in fields}
        top = root.get("properties") or root.get("items", {}).get("properties", {})
        assert set(top) <= names


def test_rule_table_lists_every_registered_rule_with_its_tip(real_site):
    page = (real_site / "reference/rules/index.html").read_text(encoding="utf-8")
    checks.all_rules()
    assert len(RULES) >= 30
    for code, r in RULES.items():
        assert f'id="{code.lower()}"' in page, code
        row = page[page.index(f'id="{code.lower()}"'):].split("</tr>")[0]
        assert r.summary in row and html.escape(r.tip.split("；")[0], quote=False) in row, code
        assert ("是" in row.split("</td>")[-2]) == r.fixable, code


def test_the_fast_and_the_explaining_validator_agree_on_every_fixture():
    """fastjsonschema decides what is valid; jsonschema explains. They must never disagree."""
    from kb import yamlsrc
    files = list((ROOT / "data").rglob("*.yml")) + list((ROOT / "tests/fixtures").rglob("*.yml"))
    kinds = {v: v for v in loader.FOLDERS.values()}
    checked = 0
    for path in files:
        kind = next((k for folder, k in loader.FOLDERS.items() if folder in path.parts), None)
        if path.parent.name == "vocab":
            kind = path.stem if (ROOT / "data/schema" / f"{path.stem}.schema.json").exists() else "vocab"
        if kind not in set(kinds) | {"vocab", "typos", "keywords"}:
            continue
        try:
            data, _, found = yamlsrc.parse(path.read_text(encoding="utf-8"), path.name)
        except UnicodeDecodeError:
            continue
        if data is None:
            continue
        fast = schema.is_valid(kind, data, ROOT / "data/schema")
        full = schema.is_valid(kind, data, ROOT / "data/schema", fast=False)
        assert fast == full, path
        checked += 1
    assert checked > 100


def _mutations(data: dict):
    """Broken variants of a valid entry: every way a contributor typically gets the shape wrong."""
    for key in list(data):
        yield {k: v for k, v in data.items() if k != key}  # missing field
        for bad in (None, 7, "x" * 5000, [], ["Bad Id"], {"a": 1}):
            yield {**data, key: bad}
    yield {**data, "unknown": "x"}
    yield [data]


def test_the_two_validators_agree_on_broken_entries():
    cat, _ = loader.load(ROOT)
    samples = {"issue": cat.issues["study-001"], "cause": cat.causes["cause-001"],
               "remedy": cat.remedies["remedy-001"], "report": next(iter(cat.reports.values())),
               "framework": next(iter(cat.frameworks.values())), "dimension": cat.dimensions["study"]}
    n = 0
    for kind, entry in samples.items():
        data = yaml.safe_load((ROOT / entry.path).read_text(encoding="utf-8"))
        for broken in _mutations(data):
            fast = schema.is_valid(kind, broken, ROOT / "data/schema")
            assert fast == schema.is_valid(kind, broken, ROOT / "data/schema", fast=False), (kind, broken)
            n += 1
    assert n > 200


def test_the_contributing_page_is_contributing_md_and_its_edit_button_opens_it(real_site):
    page = (real_site / "contributing/index.html").read_text(encoding="utf-8")
    assert "/edit/main/CONTRIBUTING.md" in page
    first_heading = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert first_heading in page
