"""Wrong rows the Python ledger still held at stop 56 (issue 12, branch py56a): a containment check
on the resolved join, and a B104 host a web route only echoes; each project fixture
(``fixtures/py56a``) beside its twin."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "py56a"


def _default(found):
    return [r for r in found if r[2] != "low"]


def test_a_check_of_the_resolved_join_on_the_root_vouches_for_the_joined_name(tmp_path):
    # full = (NOTES / name).resolve(); full.relative_to(NOTES.resolve()) as a statement, then
    # open(NOTES / name); is_relative_to / startswith(str(root) + os.sep) / commonpath on the join;
    # helpers of another module that check the join and answer a bool or return the checked path
    found = copied_rule_rows(PROJECTS, "joinroot_safe", tmp_path, "tool-path-traversal")
    assert _default(found) == []
    # what stays is the audit view's "not traced" row of a checked value, never a tool's
    assert all("not traced to an MCP tool parameter" in r[4] for r in found)


def test_a_check_of_another_root_a_cleaned_copy_or_an_unresolved_join_vouches_for_nothing(tmp_path):
    server = PROJECTS / "joinroot_escape" / "server.py"
    found = copied_rule_rows(PROJECTS, "joinroot_escape", tmp_path, "tool-path-traversal")
    assert sorted(r for r in found) == sorted([
        # (NOTES / name).resolve().relative_to(ARCHIVE): the join's base is not the checked root
        ("server.py", line_in(server, 'return open(NOTES / name, encoding="utf-8").read()'), "high", "read_note",
         "tool 'read_note' passes parameter 'name' to open(): path traversal / arbitrary file access"),
        # the join checked is of name.replace("..", ""), not of name
        ("server.py", line_in(server, 'with open(NOTES / name, "a", encoding="utf-8") as f:'), "high", "append_note",
         "tool 'append_note' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
        # a helper that checks the '..'-stripped form of its argument: not a proof for the argument
        ("server.py", line_in(server, "os.remove(NOTES / name)"), "medium", "delete_note",
         "tool 'delete_note' passes parameter 'name' to os.remove(): path traversal / arbitrary file access "
         "(write); only a weak check on the way: checked by is_safe_note() (not verified by mcpaudit)"),
        # (NOTES / name).is_relative_to(NOTES) with no resolve(): '..' passes the lexical test
        ("server.py", line_in(server, "return os.path.getsize(NOTES / name)"), "high", "note_size",
         "tool 'note_size' passes parameter 'name' to os.path.getsize(): path traversal / arbitrary file access"),
        # with contextlib.suppress(ValueError): full.relative_to(...): the function goes on past the raise
        ("server.py", line_in(server, 'return len((NOTES / name).read_text(encoding="utf-8").split())'), "high",
         "note_words", "tool 'note_words' passes parameter 'name' to .read_text(): path traversal / arbitrary file access"),
    ])


def _bind_rows(tmp_path, name):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(PROJECTS / name, root)
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.rule_id, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id == "B104")


def test_a_settings_host_a_web_route_only_returns_is_never_bound(tmp_path):
    # host: str = Field(default="0.0.0.0"); main.py's @app.get("/config") returns it in a dict and
    # /health logs and formats it: the response goes to the client, nothing listens on it
    line = line_in(PROJECTS / "confighost_echoed" / "webapp" / "settings.py", 'host: str = Field(default="0.0.0.0"')
    assert _bind_rows(tmp_path, "confighost_echoed") == [
        ("webapp/settings.py", line, "B104", "low",
         "Possible binding to all interfaces.; the address is only stored or printed: it reaches no "
         "listening call, never bound (audit view)"),
    ]


def test_the_twin_that_also_serves_on_the_settings_host_stays(tmp_path):
    line = line_in(PROJECTS / "confighost_served" / "webapp" / "settings.py", 'host: str = Field(default="0.0.0.0"')
    assert _bind_rows(tmp_path, "confighost_served") == [
        ("webapp/settings.py", line, "B104", "medium", "Possible binding to all interfaces."),
    ]


def test_a_route_return_ends_the_flow_but_a_plain_function_return_does_not():
    import ast

    from mcpaudit.engines.bind_flow import why_unbound

    def verdict(src: str):
        tree = ast.parse(src)
        const = next(n for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == "0.0.0.0")
        return why_unbound(tree, const)

    assert verdict('@app.get("/config")\ndef config():\n    host = "0.0.0.0"\n    return {"host": host}\n')
    assert verdict('def config():\n    host = "0.0.0.0"\n    return {"host": host}\n') is None
    # a mapping spread into a local function's call: which parameter takes it is not read
    assert verdict('def serve(**kw):\n    run(**kw)\n\ndef main():\n    cfg = {"host": "0.0.0.0"}\n'
                   '    serve(**cfg)\n') is None


def test_a_validators_tuple_return_hands_back_the_checked_join(tmp_path):
    # ok, full = _validate_path(path); if not ok: return full: the path the helper returns beside
    # True is DOCS / relative after (DOCS / relative).resolve().is_relative_to(DOCS.resolve()); the
    # message it returns beside False (with the caller's text in it) is not what reaches read_text()
    assert copied_rule_rows(PROJECTS, "tuplecheck_safe", tmp_path, "tool-path-traversal") == []


def test_the_twin_that_returns_the_path_whatever_the_verdict_and_only_logs_a_refusal_stays(tmp_path):
    server = PROJECTS / "tuplecheck_open" / "server.py"
    assert copied_rule_rows(PROJECTS, "tuplecheck_open", tmp_path, "tool-path-traversal") == [
        ("server.py", line_in(server, 'return full.read_text(encoding="utf-8")'), "high", "read_document",
         "tool 'read_document' passes parameter 'path' to .read_text(): path traversal / arbitrary file access"),
    ]
