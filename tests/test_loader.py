"""A contributor's mistakes are reported with file, line and code — never a traceback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import loader
from conftest import FIXTURES, ROOT, make_project, run_kb

ISSUE = "data/issues/alpha/alpha-002.yml"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path, FIXTURES / "mini" / "data")


def write(project: Path, rel: str, text: str) -> str:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return text


def edit(project: Path, rel: str, old: str, new: str) -> str:
    text = (project / rel).read_text(encoding="utf-8")
    assert old in text
    return write(project, rel, text.replace(old, new))


def findings_for(project: Path, rel: str):
    _, found = loader.load(project)
    return [f for f in found if f.path == rel]


def test_the_real_catalogue_loads_without_findings():
    cat, found = loader.load(ROOT)
    assert found == []
    assert len(cat.issues) >= 60 and sum(r.original for r in cat.reports.values()) == 5 and len(cat.reports) >= 9


def test_the_fixture_catalogue_is_clean(project):
    _, found = loader.load(project)
    assert found == []


def test_missing_field_is_reported_with_file_and_line(project):
    edit(project, ISSUE, "body: 存在上热下冷的问题，<a href=\"javascript:alert(1)\">链接</a>。\n", "")
    [f] = findings_for(project, ISSUE)
    assert (f.code, f.line) == ("KB102", 1)
    assert "body" in f.message
    assert f.format().startswith(f"{ISSUE}:1: KB102 ")


def test_wrong_type_is_reported_at_the_field(project):
    text = edit(project, ISSUE, "levels: [team]", "levels: team")
    [f] = findings_for(project, ISSUE)
    assert (f.code, f.line) == ("KB104", line_of(text, "levels:"))
    assert "levels" in f.message and "列表" in f.message


def test_dangling_reference_names_field_and_id(project):
    text = edit(project, ISSUE, "causes: [cause-x]", "causes: [cause-x, cause-nope]")
    [f] = findings_for(project, ISSUE)
    assert (f.code, f.line) == ("KB201", line_of(text, "cause-nope"))
    assert "causes" in f.message and "cause-nope" in f.message


def test_dangling_reference_in_a_report_item(project):
    rel = "data/reports/report-x.yml"
    text = edit(project, rel, "ref: remedy-x", "ref: remedy-gone")
    [f] = findings_for(project, rel)
    assert (f.code, f.line) == ("KB201", line_of(text, "remedy-gone"))


def test_unknown_field_is_named(project):
    text = edit(project, ISSUE, "levels: [team]", "levels: [team]\nlevel_typo: 1")
    [f] = findings_for(project, ISSUE)
    assert (f.code, f.line) == ("KB103", line_of(text, "level_typo"))
    assert "level_typo" in f.message


def test_yaml_syntax_error_has_line_and_column(project):
    text = write(project, ISSUE, "id: alpha-002\nheadline: [未闭合\nbody: x\n")
    [f] = findings_for(project, ISSUE)
    assert f.code == "KB101" and f.line >= 2 and f.column > 0
    assert f.line <= len(text.splitlines()) + 1


def test_object_constructing_tags_are_refused_not_run(project, tmp_path):
    marker = tmp_path / "ran"
    write(project, ISSUE, f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    [f] = findings_for(project, ISSUE)
    assert f.code == "KB115"
    assert not marker.exists()


def test_id_must_match_file_name(project):
    text = edit(project, ISSUE, "id: alpha-002", "id: alpha-099")
    [f] = findings_for(project, ISSUE)
    assert (f.code, f.line) == ("KB110", line_of(text, "id:"))


def test_duplicate_ids_are_reported(project):
    text = write(project, "data/remedies/cause-x.yml",
                 "id: cause-x\ntitle: 同名措施\nbody: 内容。\nlevels: [branch]\n")
    [f] = findings_for(project, "data/remedies/cause-x.yml")
    assert (f.code, f.line) == ("KB111", line_of(text, "id:"))
    assert "data/causes/cause-x.yml" in f.message


def test_issue_in_the_wrong_dimension_folder(project):
    (project / "data/issues/beta").mkdir()
    shutil.move(project / ISSUE, project / "data/issues/beta/alpha-002.yml")
    found = findings_for(project, "data/issues/beta/alpha-002.yml")
    assert [f.code for f in found] == ["KB112"]


def test_the_stray_file_search_lists_what_rglob_lists(tmp_path):
    """_yaml_names walks data/ with os.walk instead of Path.rglob: the same paths, for files,
    folders and links named like entries, hidden ones too, and no link to a folder followed."""
    data = tmp_path / "data"
    for rel in ("a.yml", "b.yaml", ".yml", "c.y.ml", "d.yxml", "e.YML", "sub/f.yml", "sub/deeper/g.yaml",
                "dir.yml/h.yml", ".hidden/i.yml", "issues/alpha/j.yml", "issues/k.yml", "vocab/typos.yml"):
        (data / rel).parent.mkdir(parents=True, exist_ok=True)
        (data / rel).write_text("id: x\n", encoding="utf-8")
    (data / "linkdir").symlink_to(data / "sub", target_is_directory=True)
    (data / "linkdir.yml").symlink_to(data / "sub", target_is_directory=True)
    (data / "issues" / ".#lock.yml").symlink_to("nobody@host.1234")  # an editor's lock link: dangling
    (data / "issues" / "alpha" / "l.yml").symlink_to(data / "a.yml")
    rglob = {str(p) for p in data.rglob("*.y*ml") if p.suffix in (".yml", ".yaml")}
    assert loader._yaml_names(data) == rglob
    assert str(data / "linkdir.yml") in rglob and not any("linkdir/" in p or "linkdir.yml/" in p for p in rglob)


def test_not_utf8_is_reported(project):
    (project / ISSUE).write_bytes("id: alpha-002\nheadline: 测试\n".encode("gb18030"))
    [f] = findings_for(project, ISSUE)
    assert f.code == "KB107" and "UTF-8" in f.message


def test_kb_check_lists_every_finding_and_exits_1(project):
    edit(project, ISSUE, "causes: [cause-x]", "causes: [cause-nope]")
    edit(project, "data/causes/cause-x.yml", "root: theory", "root: nowhere")
    result = run_kb(project, "check")
    assert result.returncode == 1
    assert f"{ISSUE}:" in result.stdout and "KB201" in result.stdout
    assert "data/causes/cause-x.yml:" in result.stdout and "nowhere" in result.stdout
    assert "共 2 个错误" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_the_real_catalogue_passes_kb_check_strict():
    result = run_kb(ROOT, "check", "--strict")
    assert result.returncode == 0, result.stdout
    assert "共 0 个错误，0 个警告。" in result.stdout


def test_a_broken_catalogue_fails_the_build_with_findings_not_a_traceback(project, tmp_path):
    from conftest import mkdocs_build

    edit(project, ISSUE, "causes: [cause-x]", "causes: [cause-nope]")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert f"{ISSUE}:" in result.stderr and "KB201" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_refuses_text_the_check_refuses_and_lists_it_with_the_other_findings(project, tmp_path):
    # the build checks references first and the text rules beside the page generation (two cores):
    # a text finding alone still refuses the build, and with a reference error both are listed
    from conftest import mkdocs_build

    edit(project, "data/issues/alpha/alpha-001.yml", "正文。", "正文。详询13912345678。")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "data/issues/alpha/alpha-001.yml:4" in result.stderr and "KB306" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out" / "index.html").exists()
    edit(project, ISSUE, "causes: [cause-x]", "causes: [cause-nope]")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "KB306" in result.stderr and f"{ISSUE}:" in result.stderr and "KB201" in result.stderr, result.stderr


def test_every_data_file_names_its_schema_for_editors():
    """yaml-language-server reads the first-line comment; a wrong path silently disables checking."""
    from kb.loader import FOLDERS, entry_files

    data = ROOT / "data"
    # a vocabulary with a schema of its own (typos, keywords) names it; the others share vocab's
    files = entry_files(data) + [(p.stem if (data / "schema" / f"{p.stem}.schema.json").exists() else "vocab", p)
                                 for p in (data / "vocab").glob("*.yml")]
    assert len(files) > 100
    for kind, path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (data / "schema" / f"{kind}.schema.json").resolve(), path
    assert set(FOLDERS.values()) <= {p.name.removesuffix(".schema.json") for p in (data / "schema").glob("*.json")}
