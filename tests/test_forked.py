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
