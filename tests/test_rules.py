"""Every rule fires on the bad input it exists for — at the right file, line and column — and stays
quiet on the look-alikes it must not flag. The cases are data: tests/fixtures/bad/cases.yml.

Each case builds a fresh copy of the mini project, installs its files and runs `kb check` as a
contributor would, so what is asserted is the text a contributor reads and the exit status CI sees.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, make_project, run_kb

BAD = FIXTURES / "bad"
MINI = FIXTURES / "mini" / "data"
CASES = yaml.safe_load((BAD / "cases.yml").read_text(encoding="utf-8"))
MARKER = "@MARKER@"
SECRET = "OUTSIDE-SECRET-是项目外的文件"  # the content of @OUTSIDE@: never read, so never in a report
# a finding as `kb check` prints it: path:line[:column]: CODE message（提示：tip）
FINDING = re.compile(r"^(?P<where>[^\s:]+:\d+(?::\d+)?): (?P<code>KB\d{3}) (?P<message>.*)$", re.M)
UNSHOWN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
SUMMARY = re.compile(r"^共 (\d+) 个错误，(\d+) 个警告。$", re.M)


def listed_rules(project: Path) -> dict[str, str]:
    """{code: severity} as `kb check --list` prints them."""
    result = run_kb(project, "check", "--list")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines() if line.strip()]
    return {row[0]: row[1] for row in rows}


@pytest.fixture(scope="module")
def severities(tmp_path_factory) -> dict[str, str]:
    return listed_rules(make_project(tmp_path_factory.mktemp("list"), MINI))


def install(project: Path, case: dict, marker: Path) -> None:
    """Put a case's files into the project: copies, edits of mini files, padding."""
    for item in case.get("install", []):
        data = (BAD / item["from"]).read_bytes().replace(MARKER.encode(), str(marker).encode())
        target = project / item["to"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for item in case.get("edit", []):
        path = project / item["path"]
        text = path.read_text(encoding="utf-8")
        assert item["old"] in text, f"{case['name']}: {item['old']!r} is not in {item['path']}"
        path.write_text(text.replace(item["old"], item["new"], 1), encoding="utf-8")
    for rel in case.get("remove", []):
        (project / rel).unlink()
    for item in case.get("make", []):  # what git cannot carry: links, pipes, folders named x.yml
        target = project / item["at"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if "symlink" in item:
            outside = marker.parent / "outside"
            outside.mkdir(exist_ok=True)
            (outside / "beta-001.yml").write_text(f"id: beta-001\nheadline: {SECRET}\n", encoding="utf-8")
            (outside / "secret.yml").write_text(f"id: cause-y\ntitle: {SECRET}\n", encoding="utf-8")
            link = item["symlink"].replace("@OUTSIDE_DIR@", str(outside)).replace("@OUTSIDE@", str(outside / "secret.yml"))
            os.symlink(link, target)
        elif item.get("fifo"):
            os.mkfifo(target)
        elif item.get("folder"):
            target.mkdir()
    if pad := case.get("pad"):
        path = project / pad["path"]
        line = "# 填充：超过大小上限的文件不应被读取。\n".encode()
        count = (pad["bytes"] - path.stat().st_size) // len(line) + 1
        with path.open("ab") as f:
            f.write(line * count)
        assert path.stat().st_size > pad["bytes"]


def where(e: dict) -> str:
    return f"{e['path']}:{e['line']}" + (f":{e['column']}" if e.get("column") else "")


def reported(stdout: str) -> list[tuple[str, str, str]]:
    """(path:line[:col], code, message) for every finding line of `kb check` output."""
    return [(m["where"], m["code"], m["message"]) for m in FINDING.finditer(stdout)]


def show(result: subprocess.CompletedProcess) -> str:
    return f"\n--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}"


@dataclass
class Run:
    """One case, installed into its own project and checked (with --strict too where that differs)."""

    project: Path
    marker: Path
    plain: subprocess.CompletedProcess | None = None
    strict: subprocess.CompletedProcess | None = None
    error: BaseException | None = None


def blocking(case: dict, severities: dict[str, str]) -> bool:
    return any(severities[e["code"]] == "error" for e in case.get("expect") or [])


@pytest.fixture(scope="module")
def runs(tmp_path_factory, severities) -> dict[str, Run]:
    """Every case run up front, a few at a time: each is a separate `kb` process, so this is what
    keeps the corpus quick. A failure to set a case up is kept and raised by that case's test."""
    todo = {}
    for case in CASES:
        tmp = tmp_path_factory.mktemp(case["name"])
        todo[case["name"]] = (case, Run(make_project(tmp, MINI), tmp / "created-by-a-yaml-tag"))

    def one(item: tuple[dict, Run]) -> None:
        case, run = item
        try:
            install(run.project, case, run.marker)
            run.plain = run_kb(run.project, "check")
            if not blocking(case, severities):
                run.strict = run_kb(run.project, "check", "--strict")
        except BaseException as exc:  # noqa: BLE001 - reported by the case's own test
            run.error = exc

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        list(pool.map(one, todo.values()))
    return {name: run for name, (_, run) in todo.items()}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case, runs, severities):
    run = runs[case["name"]]
    if run.error:
        raise run.error
    result = run.plain
    assert "Traceback" not in result.stdout + result.stderr, show(result)
    assert SECRET not in result.stdout + result.stderr, "a file outside the project was read"
    # a finding quotes what it found, but never a character the terminal would act on or hide
    raw = UNSHOWN.search(result.stdout + result.stderr)
    assert raw is None, f"U+{ord(raw[0]):04X} printed raw{show(result)}"
    found = reported(result.stdout)
    got = [f"{w}: {code}" for w, code, _ in found]
    expected = case.get("expect") or []

    for code in case.get("absent", []):
        assert code not in {c for _, c, _ in found}, f"{code} must not be reported{show(result)}"
    for e in expected:
        key = f"{where(e)}: {e['code']}"
        assert key in got, f"expected `{key}`{show(result)}"
        messages = [m for w, code, m in found if f"{w}: {code}" == key]
        for fragment in e.get("message", []):
            assert any(str(fragment) in m for m in messages), f"`{key}` should mention {fragment!r}{show(result)}"
    if case.get("exact", True):
        assert sorted(got) == sorted(f"{where(e)}: {e['code']}" for e in expected), \
            f"unexpected findings{show(result)}"

    n_err = sum(severities[c] == "error" for _, c, _ in found)
    summary = SUMMARY.search(result.stdout)
    assert summary and (int(summary[1]), int(summary[2])) == (n_err, len(found) - n_err), show(result)

    if blocking(case, severities):
        assert result.returncode == 1, show(result)
    else:
        assert result.returncode == 0, show(result)
        assert run.strict.returncode == (1 if expected else 0), show(run.strict)
    if case.get("marker"):
        assert not run.marker.exists(), "a YAML tag ran a command"


# ---- the corpus itself ------------------------------------------------------------------------------

def test_every_rule_has_a_case(severities):
    """A new rule without a bad-input case fails here."""
    covered = {e["code"] for c in CASES for e in c.get("expect") or []}
    # KB5xx are what kb import says about a raw report: their cases are in tests/test_import.py;
    # KB123 is about where kb writes (kb pages --out, kb import, --fix): its cases are in tests/test_gates.py;
    # KB402 needs a catalogue large enough for document frequencies: its case is in tests/test_similar.py
    assert sorted({c for c in severities if not c.startswith("KB5") and c not in ("KB123", "KB402")} - covered) == []
    assert covered <= set(severities), "the manifest names a rule that does not exist"


def test_the_manifest_is_well_formed():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) >= 45
    used = {i["from"] for c in CASES for i in c.get("install", [])}
    on_disk = {p.name for p in BAD.iterdir() if p.name != "cases.yml" and not p.name.startswith(".")}
    assert used - on_disk == set(), "missing fixture files"
    assert on_disk - used == set(), "fixture files no case uses"
    for c in CASES:
        assert set(c) <= {"name", "about", "install", "edit", "remove", "pad", "marker", "expect", "exact",
                          "absent", "make"}, c["name"]
        for e in c.get("expect") or []:
            assert set(e) <= {"code", "path", "line", "column", "message"}, c["name"]
        assert c.get("expect") or c.get("absent") or c["name"].startswith("baseline"), c["name"]


def test_binary_fixtures_are_what_they_claim():
    """The encoding cases depend on exact bytes an editor could silently 'fix'."""
    base = (BAD / "issue-base.yml").read_text(encoding="utf-8")
    assert (BAD / "kb107-gb18030.yml").read_bytes() == base.encode("gb18030")
    assert (BAD / "kb108-bom.yml").read_bytes() == b"\xef\xbb\xbf" + base.encode("utf-8")
    assert "\t" in (BAD / "kb109-tab-indent.yml").read_text(encoding="utf-8")
    assert "\t" in (BAD / "kb303-tab-in-quotes.yml").read_text(encoding="utf-8")


# ---- the command line ---------------------------------------------------------------------------

def case_named(name: str) -> dict:
    return next(c for c in CASES if c["name"] == name)


def project_with(tmp_path: Path, *names: str) -> Path:
    project = make_project(tmp_path, MINI)
    for name in names:
        install(project, case_named(name), tmp_path / "marker")
    return project


def test_an_alias_bomb_is_reported_without_being_expanded(tmp_path):
    project = project_with(tmp_path, "kb114-alias-bomb")
    # expanded, the bomb is 9^9 strings: a checker that builds it never returns within the timeout
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--root", str(project), "check"],
                            capture_output=True, text=True, timeout=10)
    assert result.returncode == 1
    assert "data/issues/alpha/alpha-003.yml:4:4: KB114 " in result.stdout


def mixed_project(tmp_path: Path) -> Path:
    """One error (KB201 in alpha-003), one warning (KB202 in cause-y), one hazard with a column
    (KB114 in alpha-004)."""
    project = project_with(tmp_path, "kb201-dangling-cause", "kb202-cause-nobody-links")
    shutil.copy(BAD / "kb114-anchor.yml", project / "data/issues/alpha/alpha-004.yml")
    return project


ERROR = "data/issues/alpha/alpha-003.yml:9: KB201"
WARNING = "data/causes/cause-y.yml:2: KB202"
HAZARD = "data/issues/alpha/alpha-004.yml:6:9: KB114"


def codes_in(stdout: str) -> set[str]:
    return {code for _, code, _ in reported(stdout)}


def test_github_format_prints_workflow_annotations(tmp_path):
    project = mixed_project(tmp_path)
    result = run_kb(project, "check", "--format", "github")
    assert result.returncode == 1, show(result)
    lines = result.stdout.splitlines()
    assert any(line.startswith("::error file=data/issues/alpha/alpha-003.yml,line=9,") and "KB201" in line
               for line in lines), show(result)
    assert any(line.startswith("::warning file=data/causes/cause-y.yml,line=2,") and "KB202" in line
               for line in lines), show(result)
    assert any(line.startswith("::error file=data/issues/alpha/alpha-004.yml,line=6,col=9,") and "KB114" in line
               for line in lines), show(result)
    assert not reported(result.stdout), "text-format lines mixed into the annotations"
    assert "Traceback" not in result.stdout + result.stderr


def test_only_and_ignore_filter_by_code(tmp_path):
    project = mixed_project(tmp_path)
    everything = run_kb(project, "check")
    assert codes_in(everything.stdout) == {"KB201", "KB202", "KB114"}, show(everything)

    only = run_kb(project, "check", "--only", "KB202")
    assert codes_in(only.stdout) == {"KB202"} and only.returncode == 0, show(only)
    assert WARNING in only.stdout and "共 0 个错误，1 个警告。" in only.stdout

    # lower case and a Chinese comma are accepted; repeating the option adds to the set
    several = run_kb(project, "check", "--only", "kb201，kb114")
    assert codes_in(several.stdout) == {"KB201", "KB114"} and several.returncode == 1, show(several)
    repeated = run_kb(project, "check", "--only", "KB201", "--only", "KB202")
    assert codes_in(repeated.stdout) == {"KB201", "KB202"}, show(repeated)

    ignore = run_kb(project, "check", "--ignore", "KB201,KB114")
    assert codes_in(ignore.stdout) == {"KB202"} and ignore.returncode == 0, show(ignore)
    assert run_kb(project, "check", "--ignore", "KB201,KB114", "--strict").returncode == 1

    both = run_kb(project, "check", "--only", "KB201,KB202", "--ignore", "KB201")
    assert codes_in(both.stdout) == {"KB202"}, show(both)


@pytest.mark.parametrize("option", ["--only", "--ignore"])
def test_an_unknown_rule_code_is_a_usage_error(tmp_path, option):
    project = make_project(tmp_path, MINI)
    result = run_kb(project, "check", option, "KB201,KB999")
    assert result.returncode == 2, show(result)
    assert "KB999" in result.stderr and "--list" in result.stderr
    assert "KB201" not in result.stderr.replace("KB201,KB999", "")  # only the unknown one is named
    assert "Traceback" not in result.stdout + result.stderr


def test_paths_restrict_the_report_to_those_files(tmp_path):
    project = mixed_project(tmp_path)

    warning_only = run_kb(project, "check", str(project / "data/causes/cause-y.yml"))
    assert [f"{w}: {c}" for w, c, _ in reported(warning_only.stdout)] == [WARNING], show(warning_only)
    assert warning_only.returncode == 0  # the errors elsewhere are not this file's
    assert run_kb(project, "check", "--strict", str(project / "data/causes/cause-y.yml")).returncode == 1

    two = run_kb(project, "check", str(project / "data/issues/alpha/alpha-003.yml"),
                 str(project / "data/issues/alpha/alpha-004.yml"))
    assert sorted(f"{w}: {c}" for w, c, _ in reported(two.stdout)) == sorted([ERROR, HAZARD]), show(two)
    assert two.returncode == 1

    # the whole catalogue is still loaded: a clean file that others depend on reports nothing
    clean = run_kb(project, "check", str(project / "data/causes/cause-x.yml"))
    assert reported(clean.stdout) == [] and clean.returncode == 0, show(clean)
    assert "共 0 个错误，0 个警告。" in clean.stdout


def test_a_path_outside_the_project_is_a_usage_error(tmp_path):
    project = make_project(tmp_path, MINI)
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("id: x\n", encoding="utf-8")
    result = run_kb(project, "check", str(outside))
    assert result.returncode == 2, show(result)
    assert str(outside) in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """`kb check | head`: the output goes on far past what the pipe holds, the reader closes it
    after one line, and kb ends quietly with status 1 (it found problems), not with a traceback."""
    project = make_project(tmp_path, MINI)
    first = project / "data/issues/alpha/alpha-001.yml"
    text = first.read_text(encoding="utf-8")
    for n in range(100, 400):  # near-copies: hundreds of KB401 pairs, tens of thousands of lines
        (first.parent / f"alpha-{n}.yml").write_text(text.replace("alpha-001", f"alpha-{n}"), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kb.cli", "--root", str(project), "check"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1
    assert re.match(r"data/\S+:\d+", line.decode("utf-8")), line
    assert "Traceback" not in err and "Error" not in err, err
