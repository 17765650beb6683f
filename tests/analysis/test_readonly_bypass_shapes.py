"""Read-only promises that can be bypassed, by general cause (issue 12): each fixture under
fixtures/readonly_modes shows the shape, and its twin must stay quiet."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine

MODES = Path(__file__).resolve().parents[2] / "fixtures" / "readonly_modes"


def _scan(folder: str):
    root = MODES / folder
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings


def _line(folder: str, text: str, name: str = "server.py") -> int:
    lines = (MODES / folder / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


def test_a_write_pattern_list_behind_a_mode_flag_is_a_bypassable_read_only_check():
    found = [f for f in _scan("pattern_list") if f.tool == "run_cypher"]
    [bypass] = [f for f in found if f.rule_id == "tool-read-only-bypass"]
    assert (bypass.location.line, bypass.tool) == (_line("pattern_list", "session.run(query)"), "run_cypher")
    assert bypass.message.startswith(
        "tool 'run_cypher' lets caller query text 'query' reach .run() behind a read-only check by keyword "
        "deny-list ('CREATE')")
    assert bypass.message.endswith("(in is_write_query()), and only while READ_ONLY is set")
    # the flow shows where the check is
    check = _line("pattern_list", "if READ_ONLY and is_write_query(query):")
    assert any(s.location.line == check and "passes a read-only check" in s.note for s in bypass.flow)
    # with the flag off the query runs as is: the tool's purpose is listed too
    [cap] = [f for f in found if f.rule_id == "capability-raw-query"]
    assert cap.location.line == bypass.location.line


def test_the_setting_that_switches_a_pattern_list_on_may_be_an_attribute():
    found = [f for f in _scan("pattern_list") if f.tool == "run_cypher_configured"]
    [bypass] = [f for f in found if f.rule_id == "tool-read-only-bypass"]
    assert bypass.message.endswith("(in is_write_query()), and only while SETTINGS.read_only is set")


def test_a_pattern_list_that_names_no_write_statement_promises_nothing():
    found = _scan("pattern_list_labels")
    assert [f.rule_id for f in found if f.rule_id == "tool-read-only-bypass"] == []


ANNOTATIONS = Path(__file__).resolve().parents[2] / "fixtures" / "annotations"


def test_a_read_only_tool_whose_description_says_it_fills_forms_is_an_annotation_mismatch(tmp_path):
    src = ANNOTATIONS / "acting_descriptions.py"
    (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    out, _ = cst_engine.run([(str(tmp_path / src.name), src.name)], tmp_path, jobs=1)
    found = [f for f in out.findings if f.rule_id == "tool-annotation-mismatch"]
    line = next(i for i, ln in enumerate(src.read_text(encoding="utf-8").splitlines(), 1) if "def browser_agent" in ln)
    assert [(f.location.line, f.tool) for f in found] == [(line, "browser_agent")]
    assert found[0].message == (
        "tool 'browser_agent' is annotated readOnlyHint=True but its description says it acts on what it visits "
        "('filling forms'): a client that approves read-only tools without asking lets it do so")


def test_a_read_only_tool_whose_command_allow_list_admits_a_writing_command_is_a_bypass(tmp_path):
    src = ANNOTATIONS / "allowlist_writes.py"
    (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    out, _ = cst_engine.run([(str(tmp_path / src.name), src.name)], tmp_path, jobs=1)
    found = [f for f in out.findings if f.rule_id == "tool-read-only-bypass"]
    line = next(i for i, ln in enumerate(src.read_text(encoding="utf-8").splitlines(), 1)
                if "not in allowed_config:  # expect" in ln)
    # reported at the test that admits it; the twin whose lists only read stays quiet
    assert [(f.location.line, f.tool) for f in found] == [(line, "kube_read")]
    assert found[0].message == (
        "tool 'kube_read' is annotated readOnlyHint=True but runs a command that changes what its program manages "
        "(subprocess.run(), whose allow-list admits 'kubectl config use-context')")


def test_a_read_only_registered_tool_that_passes_its_callers_ackmode_on_is_a_bypass():
    found = _scan("ack_modes")
    [bypass] = [f for f in found if f.rule_id == "tool-read-only-bypass"]
    # the Literal-typed twin and the tool registered among the writing ones stay quiet
    assert (bypass.location.line, bypass.tool) == (_line("ack_modes", "return _get(queue, count, ackmode)  # expect"),
                                                   "peek_messages")
    assert bypass.message == (
        "tool 'peek_messages' is registered by register_read_only_tools() but passes its caller's 'ackmode' on: "
        "RabbitMQ's queue get removes the messages it returns when ackmode is ack_requeue_false or "
        "reject_requeue_false")


def test_a_tool_that_sets_the_servers_safety_mode_to_its_callers_choice_is_a_bypass():
    found = _scan("mode_switch")
    [switch] = [f for f in found if f.rule_id == "tool-read-only-bypass"]
    # the tool that can only turn the safe mode back on (a literal) stays quiet
    assert (switch.location.line, switch.tool) == (_line("mode_switch", "SAFETY.set_safety_mode(mode)"),
                                                   "live_dangerously")
    assert switch.message == (
        "tool 'live_dangerously' sets the server's own safety mode (set_safety_mode()) to what its caller asks: "
        "the read-only mode that gates the other tools' writes is switched off by the same caller it protects "
        "against")


def test_a_sqlite_prefix_check_that_admits_pragma_is_bypassed_one_that_admits_select_holds():
    # sqlite3 runs one statement per call: a SELECT cannot write, a setter PRAGMA can (the SQL
    # models' writing-prefixes, shared with the ts engine)
    found = [f for f in _scan("sqlite_prefixes") if f.rule_id == "tool-read-only-bypass"]
    assert [(f.tool, f.location.line) for f in found] == [
        ("read_query", _line("sqlite_prefixes", "return conn.execute(query).fetchall()"))]
    assert "by query prefix ('SELECT'/'PRAGMA'): " in found[0].message
    assert "'PRAGMA writable_schema = ON'" in found[0].message
