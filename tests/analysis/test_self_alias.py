"""An alias of self in a registering method, and a permission check on another object
(fixtures/taint/self_alias.py)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "self_alias.py"


def _audit(tmp_path):
    (tmp_path / FIXTURE.name).write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


def _line(text: str) -> int:
    return next(i for i, ln in enumerate(FIXTURE.read_text(encoding="utf-8").splitlines(), 1) if text in ln)


def test_a_closure_calls_the_instance_through_an_alias_of_self(tmp_path):
    res = _audit(tmp_path)
    [cap] = [f for f in res.capabilities if f.rule_id == "capability-command-execution"]
    assert (cap.location.line, cap.tool) == (_line("subprocess.run(command, shell=True"), "run_command")
    assert cap.message.startswith("tool 'run_command' runs commands the caller chooses: parameter 'command' "
                                  "reaches subprocess.run(shell=True) as is")
    assert [s.note for s in cap.flow] == [
        "parameter 'command' of MCP tool 'run_command' (caller-controlled)", "passed to call()",
        "parameter 'params'", "assigned to 'command'", "reaches subprocess.run(shell=True)"]


def test_a_permission_method_looping_over_kept_roots_is_a_containment_check(tmp_path):
    res = _audit(tmp_path)
    paths = [(f.location.line, f.tool, f.message) for f in res.findings
             if f.rule_id in ("tool-path-traversal", "capability-file-access")]
    paths += [(f.location.line, f.tool, f.message) for f in res.capabilities if f.rule_id == "capability-file-access"]
    # read_file's path passed resolve() + relative_to(root) for a root kept on the permission
    # object: nothing; the twin without resolve() stays reported, its check named
    assert paths == [(
        _line("return Path(path).read_text()  # expect"), "read_file_lexical",
        "tool 'read_file_lexical' passes parameter 'path' to .read_text(): path traversal / arbitrary file access; "
        "only a weak check on the way: checked by is_path_allowed_lexically() (not verified by mcpaudit)")]
