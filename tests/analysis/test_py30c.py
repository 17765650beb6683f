"""Issue 12, branch py30c (the thirtieth holdout's large server): ``fixtures/taint/py30c``.

* a flag set to True right before ``break`` in a loop over the allowed roots, then refused when
  unset, proves what the flag's test proves (flagloops.py); ``p == root or p.startswith(root +
  os.sep)`` is containment, and a copy of the checked value made before the check shares it;
* containment under a local root on a resolved path is a local file: no URL for a loader that
  also fetches URLs (tabula.read_pdf), so no SSRF (narrowing.LOCAL_PATH);
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
    found = sorted(_audit("flagloop_twin"), key=lambda f: (f.location.line, f.rule_id))
    src = TAINT_FIXTURES / "py30c" / "flagloop_twin" / "server.py"
    pdf = line_in(src, "tabula.read_pdf(path")
    assert [(f.rule_id, f.location.line, f.tool) for f in found] == [
        ("tool-path-traversal", line_in(src, "open(await validate_loose(path, trusted))"), "read_loose"),
        ("capability-file-access", line_in(src, "open(await validate_copy(path))"), "read_copy"),
        ("capability-file-access", pdf, "pdf_tables"),
        ("capability-network-request", pdf, "pdf_tables"),
    ]
    assert found[0].message.startswith("tool 'read_loose' passes parameter 'path' to open(): path traversal")
    assert found[1].message.startswith("tool 'read_copy' reads any file the caller names: parameter 'path' reaches open()")
    assert found[3].message.startswith("tool 'pdf_tables' fetches any URL the caller gives: parameter 'path' "
                                       "reaches tabula.read_pdf() as is")
