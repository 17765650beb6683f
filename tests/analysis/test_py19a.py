"""Causes of the nineteenth Python holdout, reader A (issue 12, branch py19a), each with a twin:
every tool on the caller's own upstream key (``fixtures/caller_keys``: the transport's
authentication, path fills sent with that key in the audit view); a tool registered from a
factory's returned closure and an upload client that opens a local path, a ``.run()`` of a
non-database library, a digest of a secret logged (``fixtures/taint/flows19a``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FLOWS = FIXTURES / "taint" / "flows19a"
found = FlowGroups("flows19a").found
line_of = line_in


def _audit(tmp_path, name: str):
    root = tmp_path / name
    shutil.copytree(FIXTURES / "caller_keys" / name, root)
    return api.audit([root], Config(engines=("cst", "bandit"), cache=False, include_tests=True,
                                    min_confidence=Confidence.LOW))


def _rows(res, *rules):
    return sorted((f.rule_id, f.location.line, f.confidence.label) for f in res.findings if f.rule_id in rules)


_KEYED = FIXTURES / "caller_keys" / "keyed" / "server.py"


def test_every_tool_on_the_callers_key_is_authentication(tmp_path):
    res = _audit(tmp_path, "keyed")
    job = line_of(_KEYED, '/jobs/{job_id}"')
    assert _rows(res, "http-transport-no-auth", "B104", "tool-ssrf") == [
        ("tool-ssrf", line_of(_KEYED, '/search"'), "low"),  # audit view: not traced to a tool
        ("tool-ssrf", job, "low")]
    auth = [f for f in res.facts if f.id == "http.auth"][0]
    assert auth.value is True and [(e.path, e.line) for e in auth.evidence] == [
        ("server.py", line_of(_KEYED, "def caller_key()"))]
    ssrf = [f for f in res.findings if f.rule_id == "tool-ssrf" and f.location.line == job][0]
    assert ssrf.tool == "job_status" and ssrf.message == (
        "tool 'job_status' passes parameter 'job_id' to self.client.get(): server-side request forgery; only a "
        "weak check on the way: it fills the path under the host its base URL fixes; '../' reaches other "
        "endpoints of that host, but the credential it carries (the 'headers' argument) is the caller's own, "
        f"taken from the request by caller_key() at server.py:{line_of(_KEYED, 'def caller_key()')}: nothing the "
        "caller could not fetch itself")


def test_a_server_key_in_the_environment_keeps_the_transport_unauthenticated(tmp_path):
    res = _audit(tmp_path, "env_key")
    path = FIXTURES / "caller_keys" / "env_key" / "server.py"
    run = line_of(path, "mcp.run(")
    assert [r for r in _rows(res, "http-transport-no-auth", "B104", "tool-ssrf") if r[2] != "low"] == [
        ("B104", run, "medium"), ("http-transport-no-auth", run, "medium"),
        ("tool-ssrf", line_of(path, '/jobs/{job_id}"'), "medium")]


def test_a_tool_that_runs_without_the_callers_key_keeps_the_transport_unauthenticated(tmp_path):
    res = _audit(tmp_path, "one_tool_keyless")
    path = FIXTURES / "caller_keys" / "one_tool_keyless" / "server.py"
    run = line_of(path, "mcp.run(")
    assert [r for r in _rows(res, "http-transport-no-auth", "B104", "tool-ssrf") if r[2] != "low"] == [
        ("B104", run, "medium"), ("http-transport-no-auth", run, "medium"),
        ("tool-ssrf", line_of(path, '/jobs/{job_id}"'), "medium")]


def test_tool_from_a_factory_closure_registered_in_a_loop():
    path = FLOWS / "factory_tools" / "server.py"
    got = [(f.rule_id, f.location.line, f.tool, f.parameter) for f in found("factory_tools")]
    assert got == [("tool-path-traversal", line_of(path, "with open(path) as fh:"), "tool", "path")]
    _, project = cst_engine.run([(str(path), "server.py")], path.parent, jobs=1)
    tools = {t.function: t for t in project.tools}
    assert sorted(tools) == ["char_count", "make_echo.tool", "make_reader.tool", "word_count"]
    assert tools["char_count"].description == "Count the characters of a text."  # description=fn.__doc__
    assert tools["make_reader.tool"].description == ""  # description= from the caller, not the docstring
    assert [p.name for p in tools["make_echo.tool"].parameters] == ["text"]
    assert tools["word_count"].name == "word_count"  # logged(word_count) stands for word_count


def test_llamacloud_upload_clients_open_the_local_file():
    path = FLOWS / "llama_upload" / "server.py"
    got = sorted((f.rule_id, f.location.line, f.tool, f.message) for f in found("llama_upload"))
    detail = "path traversal / arbitrary file access (the client opens the local file and uploads it to LlamaCloud)"
    assert got == [
        ("tool-path-traversal", line_of(path, "await agent.aextract(file_path)"), "extract_invoice",
         f"tool 'extract_invoice' passes parameter 'file_path' to LlamaCloud .aextract(): {detail}"),
        ("tool-path-traversal", line_of(path, "parser.load_data(report)"), "parse_report",
         f"tool 'parse_report' passes parameter 'report' to LlamaCloud .load_data(): {detail}"),
    ]


def test_run_of_a_non_database_library_is_no_query():
    path = FLOWS / "api_runs" / "server.py"
    got = [(f.rule_id, f.location.line, f.tool) for f in found("api_runs", low=True)]
    assert got == [("tool-sql-injection", line_of(path, "session.run(f\"MATCH"), "node_names")]


def test_digest_of_a_secret_is_no_secret():
    path = FLOWS / "digest_log" / "server.py"
    got = [(f.rule_id, f.location.line) for f in found("digest_log", low=True)]
    assert got == [("secret-in-log", line_of(path, 'log.info("login %s"'))]
    py = catalog().python
    assert not any(py.is_secret_name(n) for n in ("api_key_hash", "API_KEY_SHA256", "token_digest",
                                                  "key_fingerprint", "hashed_password"))
    assert all(py.is_secret_name(n) for n in ("api_key", "hash_secret", "HASH_SECRET_KEY"))
