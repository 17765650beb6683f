"""The tool inventory: capabilities once per tool, with a severity that follows the server's
exposure, listed on their tools and in every report; claims checked against effects."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.inventory import Exposure, capability_severity
from mcpaudit.models import Severity
from mcpaudit.reporters import json as json_reporter
from mcpaudit.reporters import sarif

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SHELL = '''
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("ops")


@mcp.tool()
def shell(command: str) -> str:
    """Run a shell command."""
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


@mcp.tool()
def read(path: str) -> str:
    """Read a file."""
    with open(path) as fh:
        return fh.read()


if __name__ == "__main__":
    mcp.run(%s)
'''


def _scan(tmp_path: Path, run_args: str):
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / "server.py").write_text(textwrap.dedent(SHELL % run_args))
    return api.audit([tmp_path], Config(engines=("cst",), cache=False))


@pytest.mark.parametrize("cap,writes,sev", [
    ("command-execution", False, [Severity.MEDIUM, Severity.HIGH, Severity.HIGH, Severity.CRITICAL]),
    ("code-execution", False, [Severity.MEDIUM, Severity.HIGH, Severity.HIGH, Severity.CRITICAL]),
    ("file-access", False, [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]),
    ("file-access", True, [Severity.MEDIUM, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]),
    ("network-request", False, [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]),
    ("raw-query", False, [Severity.LOW, Severity.MEDIUM, Severity.MEDIUM, Severity.HIGH]),
])
def test_severity_follows_exposure(cap, writes, sev):
    levels = [Exposure(), Exposure(http=True, auth=True), Exposure(http=True, auth=False, bind_all=False),
              Exposure(http=True, auth=False, bind_all=True)]
    assert [capability_severity(cap, writes, e) for e in levels] == sev


def test_stdio_shell_tool_is_a_medium_capability_not_a_finding(tmp_path):
    res = _scan(tmp_path, "")
    assert [f.rule_id for f in res.findings] == []
    caps = {f.tool: f for f in res.capabilities}
    assert set(caps) == {"shell", "read"}
    assert caps["shell"].rule_id == "capability-command-execution" and caps["shell"].severity == Severity.MEDIUM
    assert caps["shell"].message == ("tool 'shell' runs commands the caller chooses: parameter 'command' reaches "
                                     "subprocess.run(shell=True) as is; reachable over stdio only, by the local user "
                                     "who starts the server")
    assert caps["read"].severity == Severity.LOW and caps["read"].location.line == 17
    assert res.exposure["level"] == "stdio"
    shell = next(t for t in res.tools if t.name == "shell")
    assert shell.capabilities == [{"capability": "command-execution", "severity": "medium", "writes": False,
                                   "read_only": False, "parameter": "command", "path": "server.py", "line": 11,
                                   "rule_id": "capability-command-execution", "summary": "runs any command; stdio only"}]
    code, _ = api.gate(res, Config(engines=("cst",), fail_on=Severity.HIGH))
    assert code == 0  # a local shell tool is its purpose: it does not fail a high gate


DOCUMENTS = '''
from docx import Document
from mcp.server.fastmcp import FastMCP

mcp = FastMCP(%s)


@mcp.tool()
def format_text(filename: str, paragraph: int, bold: bool) -> str:
    """Format a range of text within a paragraph."""
    doc = Document(filename)
    doc.paragraphs[paragraph].runs[0].bold = bold
    doc.save(filename)
    return "done"
'''


@pytest.mark.parametrize("ctor", ['"Word Document Server"', '"docs", instructions="Edits Word documents at the paths it is given."'])
def test_the_server_name_or_instructions_declare_what_its_tools_are_for(tmp_path, ctor):
    """A tool of a server that says it works on documents opens the document it is given: that
    is its purpose (a capability, once per tool), not a path traversal at every sink."""
    (tmp_path / "server.py").write_text(DOCUMENTS % ctor)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    assert [f.rule_id for f in res.findings] == []
    assert [(c.rule_id, c.tool, c.location.line) for c in res.capabilities] == [
        ("capability-file-access", "format_text", 11)]


def test_a_tool_of_a_server_that_declares_nothing_about_files_has_a_path_finding(tmp_path):
    (tmp_path / "server.py").write_text(DOCUMENTS % '"formatter"')
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    assert [(f.rule_id, f.location.line) for f in res.findings] == [
        ("tool-path-traversal", 11), ("tool-path-traversal", 13)]
    assert "passes parameter 'filename' to docx.Document()" in res.findings[0].message
    assert res.capabilities == []


def test_unauthenticated_http_on_all_interfaces_makes_it_critical(tmp_path):
    res = _scan(tmp_path, 'transport="streamable-http", host="0.0.0.0"')
    caps = {f.tool: f for f in res.capabilities}
    assert caps["shell"].severity == Severity.CRITICAL and caps["read"].severity == Severity.HIGH
    assert caps["shell"].message.endswith("reachable over HTTP without authentication by anyone who can reach the port")
    assert res.exposure["level"] == "http-no-auth" and res.exposure["http"] is True
    code, why = api.gate(res, Config(engines=("cst",), fail_on=Severity.HIGH))
    assert code == 1


def test_capabilities_in_json_and_as_sarif_notes(tmp_path):
    res = _scan(tmp_path, "")
    doc = json.loads(json_reporter.render(res, timestamp=False))
    assert [c["rule_id"] for c in doc["capabilities"]] == ["capability-command-execution", "capability-file-access"]
    assert doc["exposure"]["level"] == "stdio"
    assert {t["name"]: [c["capability"] for c in t["capabilities"]] for t in doc["tools"]} == {
        "shell": ["command-execution"], "read": ["file-access"]}
    log = json.loads(sarif.render(res))
    notes = [r for r in log["runs"][0]["results"] if r["ruleId"].startswith("capability-")]
    assert {(r["ruleId"], r["level"]) for r in notes} == {("capability-command-execution", "note"),
                                                          ("capability-file-access", "note")}


def test_capabilities_fixture_claims_and_annotations(tmp_path):
    dst = tmp_path / "repo"
    shutil.copytree(FIXTURES / "capabilities", dst)
    res = api.audit([dst], Config(engines=("cst",), cache=False))
    by_rule = {}
    for f in res.findings:
        if f.location.path == "server.py":  # annotation_vars.py has tests of its own
            by_rule.setdefault(f.rule_id, []).append((f.tool, f.location.line))
    src = (FIXTURES / "capabilities" / "server.py").read_text().splitlines()

    def line(needle: str) -> int:
        return next(i for i, text in enumerate(src, 1) if needle in text)

    # read_query's SELECT prefix is no boundary: no claim, and query() of the server runs writes
    assert sorted(by_rule["tool-read-only-bypass"]) == [
        ("check_alerts", line('with open(STATE, "w")')),
        ("run_select_query", line("return con.execute(sql)")), ("run_statement", line("_refuse_destructive(sql)") + 1),
        ("show_logs", line('subprocess.run(f"journalctl -u {service}"'))]
    # a program the author fixed (kubectl get) does not break a read-only claim; a shell command
    # the caller writes does
    assert not {"list_pods", "recent_reports"} & {t for t, _ in by_rule["tool-read-only-bypass"]}
    assert sorted(by_rule["tool-annotation-mismatch"]) == [
        ("preview", line("return httpx.get(url, timeout=10).text[:200]")),
        ("tidy", line("os.remove(os.path.join(NOTES, os.path.basename(name)))  # expect"))]
    msgs = {f.tool: f.message for f in res.findings}
    assert msgs["check_alerts"] == "tool 'check_alerts' is annotated readOnlyHint=True but writes files (open())"
    assert [f.message for f in res.findings if f.tool == "show_logs" and f.rule_id == "tool-read-only-bypass"] == [
        "tool 'show_logs' is annotated readOnlyHint=True but executes commands or code (subprocess.run(shell=True))"]
    assert msgs["tidy"] == "tool 'tidy' is annotated destructiveHint=False but deletes files (os.remove())"
    assert msgs["run_select_query"].startswith(
        "tool 'run_select_query' is named 'run_select_query' but runs the caller's query text with no read-only mode")
    caps = sorted((f.tool, f.rule_id) for f in res.capabilities if f.location.path == "server.py")
    assert ("readonly_query", "capability-raw-query") in caps  # a raw query on a mode=ro connection:
    assert "readonly_query" not in {t for t, _ in by_rule["tool-read-only-bypass"]}  # its claim holds
    assert {t for t, _ in caps} == {"shell", "python", "read_file", "fetch", "query", "run_select_query",
                                    "readonly_query", "read_cypher", "find_documents", "delete_documents", "preview"}
    cap_msgs = {f.tool: f for f in res.capabilities if f.location.path == "server.py"}
    # Neo4j refuses a write in a READ transaction: the claim holds, and the capability says so
    assert "read_cypher" not in {t for t, _ in by_rule["tool-read-only-bypass"]}
    assert cap_msgs["read_cypher"].message.startswith(
        "tool 'read_cypher' runs query text the caller writes (read-only, enforced by the database): "
        "parameter 'query' reaches .execute_query() as is")
    assert cap_msgs["read_cypher"].properties["read_only"] is True
    assert cap_msgs["query"].properties["writes"] is True and cap_msgs["query"].properties["read_only"] is False
    # query documents: a find reads, a delete_many changes what its filter selects
    assert cap_msgs["find_documents"].message.startswith(
        "tool 'find_documents' runs query documents the caller writes: parameter 'query' reaches .find() as is")
    assert cap_msgs["find_documents"].properties["writes"] is False
    assert cap_msgs["delete_documents"].message.startswith(
        "tool 'delete_documents' runs query documents the caller writes and changes what they select: "
        "parameter 'filter' reaches .delete_many() as is")
    assert cap_msgs["delete_documents"].properties["writes"] is True
    assert "explain_find" not in {f.tool for f in res.findings}  # db.command({...}) is not SQL text
    bypass = {f.tool: f.message for f in res.findings if f.rule_id == "tool-read-only-bypass"}
    assert bypass["run_statement"].startswith(
        "tool 'run_statement' lets caller query text 'sql' reach .execute() behind a read-only check by keyword "
        "deny-list ('DROP')")


def test_every_annotation_mismatch_has_a_fixture(tmp_path):
    dst = tmp_path / "repo"
    shutil.copytree(FIXTURES / "annotations", dst)
    res = api.audit([dst], Config(engines=("cst",), cache=False))
    msgs = {(f.tool, f.rule_id): f.message for f in res.findings}
    assert msgs[("archive_note", "tool-read-only-bypass")] == \
        "tool 'archive_note' is annotated readOnlyHint=True but writes files (open())"
    assert msgs[("inspect_note", "tool-read-only-bypass")] == \
        "tool 'inspect_note' is annotated readOnlyHint=True but deletes files (os.remove())"
    assert msgs[("run_check", "tool-read-only-bypass")] == \
        "tool 'run_check' is annotated readOnlyHint=True but executes commands or code (subprocess.run(shell=True))"
    assert msgs[("reset_notes", "tool-annotation-mismatch")] == \
        "tool 'reset_notes' is annotated destructiveHint=False but deletes files (shutil.rmtree())"
    assert msgs[("unfurl", "tool-annotation-mismatch")].startswith(
        "tool 'unfurl' is annotated openWorldHint=False but fetches any URL its caller gives")
    # the twins whose annotations are true are quiet
    assert not {t for t, _ in msgs} & {"read_note", "wipe_notes", "status"}


@pytest.mark.parametrize("fmt", ["markdown", "html", "rich"])
def test_inventory_rendered_with_capabilities_and_condition(tmp_path, fmt):
    res = _scan(tmp_path, 'transport="streamable-http", host="0.0.0.0"')
    from mcpaudit.reporters import render
    text = render(fmt, res) if fmt != "rich" else None
    if fmt == "rich":
        import io

        from rich.console import Console

        from mcpaudit.reporters import rich as rich_reporter
        buf = io.StringIO()
        rich_reporter.render(res, Console(file=buf, width=80, color_system=None, force_terminal=False))
        text = buf.getvalue()
        assert max(len(line) for line in text.splitlines()) <= 80
        assert "runs any command" in text and "reachable without auth over HTTP" in text
    else:
        assert "runs any command; reads any file; no root configured" not in text  # one tool each
        assert "runs any command; reachable without auth over HTTP" in text
        assert "reads any file; no root configured; reachable without auth over HTTP" in text
