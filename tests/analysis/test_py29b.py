"""Issue 12, branch py29b (the twenty-ninth Python holdout, reader B): ``fixtures/taint/py29b``
and ``fixtures/py29b``.

* a copied third-party library under ``_vendor/`` (``vendor/``, ``third_party/``) is someone
  else's code, like site-packages: not scanned at default (discovery.py);
* a helper imported from another module of the project and annotated ``-> NoReturn``
  (``raise_tool_error(response)``) ends the caller's branch as ``raise`` does, so the
  containment check before it holds (importedhelpers.py, verdicts.py).
Each group has a twin that keeps its findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups

groups = FlowGroups("py29b")
SERVING = Path(__file__).resolve().parents[2] / "fixtures" / "py29b"


def _line(name: str, rel: str, needle: str) -> int:
    return groups.line_of(name, rel, needle)


def test_a_vendored_library_copy_is_not_scanned_and_an_own_module_of_the_same_shape_is(tmp_path):
    shutil.copytree(SERVING / "vendored", tmp_path / "vendored")
    res = api.audit([tmp_path / "vendored"], Config(cache=False, min_confidence=Confidence.LOW))
    paths = {f.location.path for f in res.findings + res.capabilities}
    assert not any("_vendor/" in p for p in paths), paths
    own = [(f.location.path, f.location.line, f.rule_id) for f in res.findings if f.location.path.startswith("app/wsown/")]
    assert ("app/wsown/client.py", 12, "tool-unsafe-deserialization") in own
    msg = next(f.message for f in res.findings if f.location.path == "app/wsown/client.py" and f.location.line == 12)
    assert msg.startswith("a non-constant value reaches yaml.load() without SafeLoader")
    # the server's own tool is still read: its command capability stands
    cap = next(f for f in res.capabilities if f.tool == "run_line")
    assert (cap.rule_id, cap.location.path, cap.location.line) == ("capability-command-execution", "app/server.py", 16)
    # the config can scan the copy again
    again = api.audit([tmp_path / "vendored"], Config(cache=False, min_confidence=Confidence.LOW, exclude=["!_vendor/"]))
    assert any(f.location.path.startswith("app/_vendor/") for f in again.findings)


def test_an_imported_noreturn_helper_ends_the_branch_of_a_containment_check():
    assert groups.rows("noreturn") == []
    rows = groups.rows("noreturn_twin")
    assert rows == [
        ("skills/server.py", _line("noreturn_twin", "skills/server.py", "return target.read_text()"),
         "tool-path-traversal", "read_skill_file"),
        ("skills/server.py", _line("noreturn_twin", "skills/server.py", "for p in folder.rglob"),
         "tool-path-traversal", "list_skill")]
    assert groups.message("noreturn_twin", "tool-path-traversal", "list_skill").startswith(
        "tool 'list_skill' passes parameter 'skill' to .rglob(): path traversal")


def test_a_temp_folder_only_compared_against_moves_to_the_audit_view(tmp_path):
    # B108 on "/tmp" as the allowed root of a path validator (is_relative_to, startswith, ==/in)
    shutil.copy(SERVING.parent / "bandit_cleanup" / "tmp_compared.py", tmp_path / "tmp_compared.py")
    res = api.audit([tmp_path], Config(cache=False, min_confidence=Confidence.LOW))
    hits = sorted((f.location.line, f.confidence.label, f.message) for f in res.findings if f.rule_id == "B108")
    text = (SERVING.parent / "bandit_cleanup" / "tmp_compared.py").read_text().splitlines()
    compared = [i for i, ln in enumerate(text, 1) if "# compared only" in ln]
    twin = next(i for i, ln in enumerate(text, 1) if "# twin" in ln)
    assert sorted({h[0] for h in hits if h[1] == "low"}) == compared
    assert all(h[2] == "Probable insecure usage of temp file/directory.; the temp folder is only compared against "
               "(an allowed root in a path check): nothing is created in it (audit view)" for h in hits if h[1] == "low")
    assert [(h[0], h[1], h[2]) for h in hits if h[1] != "low"] == [
        (twin, "medium", "Probable insecure usage of temp file/directory.")]
