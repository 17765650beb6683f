"""Causes fixed by branch pyrec30b (fixtures/transports/pyrec30b/, each with a safe twin).

Auth middleware added only under a test on module globals that the entry point rebinds at run
time (``global MODE; MODE = os.environ.get(..., mode)``) and that is false with their module
values (``if MODE == LaunchMode.SHARED:`` with ``MODE = ""``): the server starts without it
(``runglobals.off_by_default``). Twin: the module value makes the test true (``MODE = "shared"``),
so the middleware is there unless configuration turns it off: not optional, nothing reported.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from pyflowgroups import copied_rule_rows, line_in

_ROOT = Path(__file__).resolve().parents[2] / "fixtures" / "transports" / "pyrec30b"


def test_auth_middleware_only_in_a_run_time_mode_is_optional(tmp_path):
    src = _ROOT / "modeglobal" / "off" / "server.py"
    assert copied_rule_rows(_ROOT, "modeglobal/off", tmp_path, "http-transport-no-auth") == [(
        "server.py", line_in(src, "uvicorn.run(build_app()"), "medium", None,
        "uvicorn.run() serves MCP over HTTP and authentication is optional, off unless configured: "
        f"Middleware(AuthMiddleware) at server.py:{line_in(src, 'middleware = [Middleware(AuthMiddleware)]')} "
        "is added conditionally (if MODE == LaunchMode.SHARED) (and 1 more place alike) (the same server is also "
        f"built or served at line {line_in(src, 'return Starlette(')}) (bound to all interfaces); anyone who "
        "reaches it can call: drop_entry")]


def test_auth_middleware_whose_mode_test_holds_by_default_is_required(tmp_path):
    assert copied_rule_rows(_ROOT, "modeglobal/on", tmp_path, "http-transport-no-auth") == []


class _Mod:
    def __init__(self, text):
        self.module = cst.parse_module(text)
        self.enums = {"Mode"}


def _off(text, test):
    from mcpaudit.analysis.runglobals import off_by_default

    return off_by_default(_Mod(text), cst.parse_expression(test))


_CFG = 'class Mode:\n    A = "a"\n    B = "b"\nMODE = ""\nON = False\nLIMIT = 3\n' \
       'def main(m, on):\n    global MODE, ON\n    MODE = m\n    ON = on\n'


def test_only_globals_rebound_at_run_time_and_false_by_default_count():
    assert _off(_CFG, "MODE == Mode.B") and _off(_CFG, "ON") and _off(_CFG, "ON and MODE == 'a'")
    assert not _off(_CFG, "MODE != Mode.B")  # true with the module value: on by default
    assert not _off(_CFG, "not ON")
    assert not _off(_CFG, "LIMIT == 4")  # a module constant nothing rebinds: not judged
    assert not _off(_CFG, "MODE == other.B")  # an unknown value: not judged
    assert not _off(_CFG, "cfg.mode == Mode.B")


# -- code sent as a keyword field by a sender that spreads its **kwargs into the message
#    (bridges.SPREAD, bridgeunseen._fields; fixtures/bridge_unseen_spread/)

_SPREAD = Path(__file__).resolve().parents[2] / "fixtures" / "bridge_unseen_spread"


def _spread_audit(tmp_path):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    shutil.copytree(_SPREAD, tmp_path / "nb")
    return api.audit([tmp_path / "nb"], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))


def test_a_cell_sent_to_run_as_a_keyword_field_is_the_tools_capability(tmp_path):
    res = _spread_audit(tmp_path)
    line = line_in(_SPREAD / "notebook_client.py", 'self.send_request("insert_and_execute_cell"')
    assert [(c.rule_id, c.location.path, c.location.line, c.tool, c.parameter, c.message) for c in res.capabilities] == [(
        "capability-code-execution", "notebook_client.py", line, "insert_and_execute_cell", "content",
        "tool 'insert_and_execute_cell' evaluates code the caller writes: parameter 'content' reaches "
        "send_request('insert_and_execute_cell') (sent to another process that runs its 'content') as is; "
        "reachable over stdio only, by the local user who starts the server")]
    # twins: a command that runs nothing (add_note), no code field (run_cell), and a sender whose
    # message holds only its params, so a keyword argument is no field of it (execute_cell_quietly)
    assert [f for f in res.findings if f.tool] == []


def test_run_objects_name_notebook_cells():
    from mcpaudit.analysis.bridgeunseen import runs_name
    from mcpaudit.catalog import catalog

    spec = catalog().python.surface.http_bridges
    assert runs_name("insert_and_execute_cell", spec) and runs_name("run_cell", spec)
    assert not runs_name("insert_markdown_note", spec) and not runs_name("get_cell_output", spec)
