"""What kb reads and writes stays inside the project, and no input makes it crash: the file gate,
`--fix` over the real catalogue, kb import's checks before writing, and the output paths of
kb pages. The bad-input cases for `kb check` itself are in tests/fixtures/bad/cases.yml (f-…)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, make_project, mkdocs_build, run_kb
from kb import files
from kb.importer import clean
from kb.importer.decode import decode as decode_bytes

MINI = FIXTURES / "mini" / "data"
IMPORT = FIXTURES / "import"
SEED = IMPORT / "seeds" / "003_1e314ab47238bdb3.txt"
FINDING = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+)(?::\d+)?: (?P<code>KB\d{3}) .+（提示：.+）$", re.M)
MESSY_ISSUE = """id: alpha-009
dimension: alpha
headline: 理论学习的系统性还不够,学用脱节
body: 满足于参加集中学习,个人自学时间保证不够。
levels: [branch]
causes: [cause-x]
remedies: [remedy-x]
"""


def no_traceback(result) -> None:
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "Error:" not in out, out


def codes(result) -> list[tuple[str, str]]:
    return [(m["path"], m["code"]) for m in FINDING.finditer(result.stdout)]


# ---- the file gate ------------------------------------------------------------------------------

def test_fix_never_writes_through_a_link_to_a_file_outside(tmp_path):
    project = make_project(tmp_path, MINI)
    outside = tmp_path / "outside.yml"
    outside.write_text(MESSY_ISSUE, encoding="utf-8")  # fixable: half-width commas
    (project / "data/issues/alpha/alpha-009.yml").symlink_to(outside)
    result = run_kb(project, "check", "--fix")
    no_traceback(result)
    assert result.returncode == 1
    assert ("data/issues/alpha/alpha-009.yml", "KB119") in codes(result)
    assert outside.read_text(encoding="utf-8") == MESSY_ISSUE
    assert "理论学习的系统性" not in result.stdout  # nothing of the linked file is echoed


def test_the_write_gate_refuses_a_link_that_replaced_a_file_after_it_was_read(tmp_path):
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    target, outside = root / "data/x.yml", tmp_path / "outside.yml"
    outside.write_text("outside\n", encoding="utf-8")
    target.symlink_to(outside)
    with pytest.raises(files.NotRegular):
        files.write_bytes(target, root, b"changed\n")
    assert outside.read_text(encoding="utf-8") == "outside\n"
    with pytest.raises(files.NotRegular):
        files.write_bytes(outside, root, b"changed\n")  # not under the project at all
    target.unlink()
    files.write_bytes(target, root, b"new\n")
    assert target.read_bytes() == b"new\n" and not target.is_symlink()
    assert [p.name for p in (root / "data").iterdir()] == ["x.yml"]  # no temporary file left behind


def test_a_pipe_is_refused_without_being_opened(tmp_path):
    root = tmp_path
    (root / "data").mkdir()
    os.mkfifo(root / "data/p.yml")
    with pytest.raises(files.NotRegular, match="命名管道"):
        files.read_bytes(root / "data/p.yml", root, 1024)  # opening it would block for ever


# ---- --fix is idempotent over the whole real catalogue ------------------------------------------

def test_fix_twice_over_the_real_catalogue_changes_nothing_the_second_time(tmp_path):
    project = make_project(tmp_path, ROOT / "data")
    entries = sorted((project / "data/issues").rglob("*.yml")) + sorted((project / "data/causes").glob("*.yml"))
    seeded = 0
    for n, path in enumerate(entries):  # mistakes --fix repairs: half-width commas, a known typo
        text = path.read_text(encoding="utf-8")
        if n % 5 == 0 and "body: " in text and "，" in text:
            path.write_text(text.replace("，", ",", 2), encoding="utf-8")
            seeded += 1
        elif n % 7 == 0 and "政治" in text:
            path.write_text(text.replace("政治", "正治", 1), encoding="utf-8")
            seeded += 1
    assert seeded > 50
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yml")}
    first = run_kb(project, "check", "--fix")
    no_traceback(first)
    once = {p: p.read_bytes() for p in (project / "data").rglob("*.yml")}
    assert sum(once[p] != before[p] for p in before) >= seeded, first.stderr
    assert first.returncode == 0, first.stdout  # everything seeded was repaired
    second = run_kb(project, "check", "--fix")
    assert "已修复" not in second.stderr, second.stderr
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.yml")} == once
    for p in once:  # what --fix wrote still parses as YAML
        yaml.safe_load(once[p].decode("utf-8"))


# ---- tracebacks: output paths --------------------------------------------------------------------

def test_kb_pages_into_a_file_is_a_finding(tmp_path):
    project = make_project(tmp_path, MINI)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for out in (blocker, blocker / "sub"):
        result = run_kb(project, "pages", "--out", str(out))
        no_traceback(result)
        assert result.returncode == 1 and [c for _, c in codes(result)] == ["KB123"], result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_kb_pages_into_a_read_only_folder_is_a_finding(tmp_path):
    project = make_project(tmp_path, MINI)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run_kb(project, "pages", "--out", str(locked / "docs"))
    no_traceback(result)
    assert result.returncode == 1 and "KB123" in result.stdout


# ---- kb import checks everything before writing anything ----------------------------------------

@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, ROOT / "data")


def written(project: Path) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*")
            if p.is_file() and p.parts[-2:-1] != ("__pycache__",)} - BEFORE.get(project, set())


BEFORE: dict[Path, set[str]] = {}


def snapshot(project: Path) -> None:
    BEFORE[project] = set()
    BEFORE[project] = written(project)


@pytest.mark.parametrize("args,code", [
    (["--candidates", "@/build"], "KB123"),                # a file named build breaks every later build
    (["--candidates", "@/data/x.candidates.yml"], "KB123"),  # kb check would report KB112
    (["--out", "@/data/issues"], "KB123"),                 # a report among the issues: KB112
    (["--id", "cause-001"], "KB506"),                      # the id of an entry: KB111
    (["--id", "index"], "KB506"),                          # would replace the reports overview: KB122
])
def test_an_import_that_kb_check_would_refuse_writes_nothing(project, args, code):
    snapshot(project)
    result = run_kb(project, "import", str(SEED), *(a.replace("@", str(project)) for a in args))
    no_traceback(result)
    assert result.returncode == 1 and code in [c for _, c in codes(result)], result.stdout
    assert written(project) == set()
    assert not (project / "build").exists()


def test_a_candidates_path_that_is_a_folder_writes_nothing(project):
    (project / "build/import").mkdir(parents=True)
    snapshot(project)
    result = run_kb(project, "import", str(SEED), "--id", "x", "--candidates", str(project / "build/import"))
    no_traceback(result)
    assert result.returncode == 1 and "KB123" in result.stdout
    assert written(project) == set() and not (project / "data/reports/x.yml").exists()


def test_an_output_folder_that_is_a_file_writes_nothing(project, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x", encoding="utf-8")
    snapshot(project)
    result = run_kb(project, "import", str(SEED), "--out", str(blocker))
    no_traceback(result)
    assert result.returncode == 1 and "KB123" in result.stdout
    assert written(project) == set() and blocker.read_text(encoding="utf-8") == "x"


def test_a_report_over_the_size_cap_is_refused(project, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    head, sep, tail = text.partition("二、")
    raw = tmp_path / "long.txt"
    raw.write_text(head.rstrip() + "\n" + "\n".join(
        f"{n}. 在〔某项工作〕中，学习不够深入，理解不够透彻，把握不够准确，第{n}次出现的同类问题仍未整改到位。" * 3
        for n in range(1, 700)) + "\n" + sep + tail, encoding="utf-8")
    snapshot(project)
    result = run_kb(project, "import", str(raw), "--id", "long")
    no_traceback(result)
    assert result.returncode == 1 and "KB507" in result.stdout, result.stdout[-2000:]
    assert written(project) == set()


def test_a_file_name_cannot_inject_yaml_keys(project, tmp_path):
    raw = tmp_path / "材料\nid: injected\nlevel: team\n.txt"
    raw.write_bytes(SEED.read_bytes())
    result = run_kb(project, "import", str(raw), "--id", "named")
    no_traceback(result)
    assert result.returncode == 0, result.stdout
    report = (project / "data/reports/named.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(report)
    assert data["id"] == "named" and "\n" not in data["source"]
    assert not any(line.startswith(("id: injected", "level: team")) for line in report.splitlines())
    candidates = yaml.safe_load((project / "build/import/named.candidates.yml").read_text(encoding="utf-8"))
    assert set(candidates) == {"report", "items"}


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_not_called_binary(project, tmp_path, codec):
    raw = tmp_path / "unicode.txt"
    raw.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
    result = run_kb(project, "import", str(raw), "--id", "wide")
    no_traceback(result)
    assert result.returncode == 0, result.stdout
    assert "UTF-16" in result.stdout and (project / "data/reports/wide.yml").is_file()


def test_a_control_character_is_the_inputs_fault_with_its_line(project, tmp_path):
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines[5] = lines[5][:3] + "\x1b[31m" + lines[5][3:]
    raw = tmp_path / "escape.txt"
    raw.write_text("\n".join(lines), encoding="utf-8")
    result = run_kb(project, "import", str(raw))
    no_traceback(result)
    assert result.returncode == 1
    assert re.search(rf"^{re.escape(str(raw))}:6:4: KB502 .*控制字符 U\+001B", result.stdout, re.M), result.stdout
    assert "缺陷" not in result.stdout and "\x1b" not in result.stdout


@pytest.mark.parametrize("title", [
    "2023年度组织生活会对照检查材料（5350字）（含案例）",
    "2023年度组织生活会对照检查材料(含2篇案例，8000字)",
    "2023年度组织生活会对照检查材料【含2篇案例】【8000字】",
    "2023年度组织生活会对照检查材料[通用版，共6500字]",
    "2023年度组织生活会对照检查材料〔5000字〕",
    "2023年度组织生活会对照检查材料（含问题清单+整改措施）（共3篇，1.2万字）",
    "2023年度组织生活会对照检查材料〖精选范文〗（附整改清单）",
])
def test_title_suffixes_in_any_bracket_and_combination_are_removed(title):
    text, _ = clean.clean(title + "\n一、存在的问题\n").apply()
    assert text.split("\n")[0] == "2023年度组织生活会对照检查材料"


def test_a_bracket_that_belongs_to_the_title_stays():
    text, _ = clean.clean("2023年度民主生活会对照检查材料（班子）\n正文\n").apply()
    assert text.split("\n")[0] == "2023年度民主生活会对照检查材料（班子）"


def test_decoding_names_what_it_read():
    assert decode_bytes("一、问题\n".encode("utf-16")).encoding.startswith("UTF-16LE")
    refused = decode_bytes("第一行\n第二行\x07\n".encode("utf-8"))
    assert (refused.code, refused.line, refused.column) == ("KB502", 2, 4)


# ---- depth: a finding in build too, never a crash -----------------------------------------------

def test_a_nesting_bomb_fails_the_build_with_a_finding(tmp_path):
    project = make_project(tmp_path, MINI)
    # just under the size cap: enough to overflow both the pure and the C composer
    (project / "data/issues/alpha/alpha-003.yml").write_text(
        "id: alpha-003\nlevels: " + "[" * 60000 + "]" * 60000 + "\n", encoding="utf-8")
    (project / "data/causes/cause-y.yml").write_text("id: cause-y\nlevels:\n" + "- " * 60000 + "x\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "data/issues/alpha/alpha-003.yml:2:28: KB120" in result.stderr, result.stderr
    assert "data/causes/cause-y.yml:3:39: KB120" in result.stderr, result.stderr
    assert "RecursionError" not in result.stderr and "Traceback" not in result.stderr


# ---- make serve: a broken file is reported, the last good build stays up, a fix recovers ---------

def test_serve_reports_a_broken_file_keeps_serving_and_recovers(tmp_path):
    import subprocess
    import sys
    import time

    from conftest import BUILD_ENV
    from test_pages import _free_port, _get, _wait_for

    project = make_project(tmp_path, MINI)
    entry = project / "data/issues/alpha/alpha-002.yml"
    original = entry.read_text(encoding="utf-8")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=BUILD_ENV, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/dimensions/alpha/"

    def log_has(text: str, seconds: float = 60) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in log_path.read_text(encoding="utf-8"):
                return True
            time.sleep(0.5)
        return False

    try:
        assert _wait_for(url, "alpha-002"), log_path.read_text(encoding="utf-8")
        # a syntax error, then a nesting bomb: each is reported with its place and code
        entry.write_text(original.replace("levels: [", "levels: [[", 1), encoding="utf-8")
        assert log_has("data/issues/alpha/alpha-002.yml:"), log_path.read_text(encoding="utf-8")
        assert log_has(" KB101 ")
        entry.write_text("id: alpha-002\nlevels: " + "[" * 50000 + "]" * 50000 + "\n", encoding="utf-8")
        assert log_has(" KB120 "), log_path.read_text(encoding="utf-8")
        assert log_has("继续提供上一次成功构建的站点")
        assert server.poll() is None, "mkdocs serve stopped"
        assert "alpha-002" in _get(url), "the last good build is no longer served"
        # fixed: the next build goes through and shows the change
        entry.write_text(original.replace("存在上热下冷的问题", "修好之后的新说法"), encoding="utf-8")
        assert _wait_for(url, "修好之后的新说法"), log_path.read_text(encoding="utf-8")
        text = log_path.read_text(encoding="utf-8")
        assert "Traceback" not in text and "RecursionError" not in text, text
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
