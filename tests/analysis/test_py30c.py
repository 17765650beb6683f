"""Issue 12, branch py30c (the thirtieth holdout's large server): ``fixtures/taint/py30c``.

* a flag set to True right before ``break`` in a loop over the allowed roots, then refused when
  unset, proves what the flag's test proves (flagloops.py); ``p == root or p.startswith(root +
  os.sep)`` is containment, and a copy of the checked value made before the check shares it;
* a flag also set elsewhere, or a copy made before the value was normalised, proves nothing
  (the twin keeps both results).
"""

from __future__ import annotations

from pyflowgroups import FlowGroups, TAINT_FIXTURES, line_in

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

groups = FlowGroups("py30c")


def _audit(name):
    res = api.audit([TAINT_FIXTURES / "py30c" / name], Config(engines=("cst",), cache=False))
    return [f for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM]


def test_a_flag_loop_over_the_roots_is_containment():
    assert groups.found("flagloop", low=True) == []
    assert _audit("flagloop") == []


def test_a_flag_set_elsewhere_or_an_early_copy_proves_nothing():
    found = sorted(_audit("flagloop_twin"), key=lambda f: f.location.line)
    src = TAINT_FIXTURES / "py30c" / "flagloop_twin" / "server.py"
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-path-traversal", line_in(src, "open(await validate_loose(path, trusted))"), "read_loose"),
        ("capability-file-access", line_in(src, "open(await validate_copy(path))"), "read_copy"),
    ]
    assert found[0].message.startswith("tool 'read_loose' passes parameter 'path' to open(): path traversal")
    assert found[1].message.startswith("tool 'read_copy' reads any file the caller names: parameter 'path' reaches open()")
