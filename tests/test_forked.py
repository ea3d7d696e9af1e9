"""Work done on a second core (kb/forked.py) gives what the same work on one core gives."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import FIXTURES, ROOT, make_project

# Run in a fresh interpreter: the test process may have threads (a served site, the browser),
# and a fork is only safe without them, which is why kb forks only from its commands.
SCRIPT = """
import json, sys
from pathlib import Path
from kb import checks
root = Path(sys.argv[1])
def shown(findings):
    return sorted(f"{f.path}:{f.line}: {f.code}" for f in findings)
one = checks.run(root, parallel=False)
two = checks.run(root, parallel=True)
later = checks.run(root, parallel=True, later=True)
print(json.dumps({"one": shown(one.findings), "two": shown(two.findings),
                  "later_now": shown(later.findings), "later": shown(later.findings + later.pending()),
                  "again": shown(later.pending())}))
"""


def test_checking_on_two_cores_and_later_finds_what_one_core_finds(tmp_path):
    project = make_project(tmp_path, FIXTURES / "mini" / "data")
    issue = project / "data/issues/alpha/alpha-001.yml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("正文。", "正文。详询13912345678。"), encoding="utf-8")
    other = project / "data/issues/alpha/alpha-002.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("causes: [cause-x]", "causes: [cause-nope]"),
                     encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(project)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr  # no worker died and was made up for
    got = json.loads(done.stdout)
    assert any("KB306" in f for f in got["one"]) and any("KB201" in f for f in got["one"])
    assert got["two"] == got["one"]
    assert got["later"] == got["one"]
    # later: what reading and building find comes at once, the text rules' findings after
    assert any("KB201" in f for f in got["later_now"]) and not any("KB306" in f for f in got["later_now"])
    assert sorted(set(got["again"])) == sorted(set(f for f in got["later"] if f not in got["later_now"]))


SHARED = """
import json, os, sys
from pathlib import Path
from kb import checks, loader
root, log = Path(sys.argv[1]), sys.argv[2]
read_files = loader.read_files
def logged(files, *args):
    with open(log, "a") as f:
        f.write(f"{os.getpid()} {len(files)}\\n")
    return read_files(files, *args)
loader.read_files = logged
def shown(findings):
    return sorted(f"{f.path}:{f.line}: {f.code} {f.message}" for f in findings)
two = checks.run(root, parallel=True)
readers = {line.split()[0] for line in open(log)}
one = checks.run(root, parallel=False)
print(json.dumps({"one": shown(one.findings), "two": shown(two.findings), "readers": len(readers),
                  "docs": [len(one.docs), len(two.docs)], "order": [str(d.path) for d in one.docs] == [str(d.path) for d in two.docs]}))
"""


def test_two_readers_share_out_the_files_and_find_what_one_finds(tmp_path):
    """The real catalogue, with a problem in a file near each end of the reading order: the two
    readers each take files, and together find, with the same lines and words, what one finds."""
    project = make_project(tmp_path, ROOT / "data")
    first = sorted((project / "data/issues").glob("*/*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("\nbody: ", "\nbody: 详询13912345678。", 1),
                     encoding="utf-8")
    last = sorted((project / "data/remedies").glob("*.yml"))[-1]
    last.write_text(last.read_text(encoding="utf-8").replace("\nlevels:", "\nlevels: [nobody]\nlevelz:", 1),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SHARED, str(project), str(tmp_path / "readers.log")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    got = json.loads(done.stdout)
    assert got["readers"] == 2, "one process read every file"
    assert got["docs"][0] == got["docs"][1] and got["order"], "the docs differ or are out of the files' order"
    assert got["two"] == got["one"]
    found = "\n".join(got["one"])
    assert f"{first.relative_to(project).as_posix()}:" in found and "KB306" in found
    assert f"{last.relative_to(project).as_posix()}:" in found and "KB103" in found
