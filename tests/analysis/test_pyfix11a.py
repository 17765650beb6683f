"""Holdout-10 precision (pyfix11a): tool schemas declared by module-level functions."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _cst(folder: str, under: str = ""):
    root = FIXTURES / folder
    top = root / under
    files = [(str(p), p.relative_to(root).as_posix()) for p in ([top] if top.is_file() else sorted(top.rglob("*.py")))]
    out, project = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings, project


def test_schemas_returned_by_module_functions_take_no_credential():
    findings, _ = _cst("model_schemas/functions")
    assert [f for f in findings if f.rule_id == "secret-in-log"] == []


def test_a_credential_in_a_function_declared_schema_keeps_the_whole_mapping_log():
    findings, _ = _cst("model_schemas/functions_secret")
    assert [(f.rule_id, f.location.path, f.location.line, f.message) for f in findings
            if f.rule_id == "secret-in-log"] == [
        ("secret-in-log", "server.py", 25, "the whole argument mapping 'arguments' is written to a log by "
         "logging.getLogger.debug(); it can carry tokens and credentials"),
    ]


def test_a_module_named_like_its_library_does_not_make_the_library_project_code():
    findings, _ = _cst("taint", "sdk_reply")  # the module is sdk_reply/crawlkit.py, inside a folder
    assert [(f.rule_id, f.location.line, f.tool, f.message) for f in findings
            if f.rule_id == "tool-path-traversal" and f.location.path.startswith("sdk_reply/")] == [
        ("tool-path-traversal", 36, "crawl_into",
         "tool 'crawl_into' passes parameter 'job_name' to os.makedirs(): path traversal / arbitrary file access (write)"),
    ]


def test_a_spread_mapping_keeps_its_keys_in_the_helpers_kwargs():
    findings, _ = _cst("taint", "kwargs_keys.py")
    assert [(f.rule_id, f.location.line, f.tool, f.parameter) for f in findings
            if f.location.path == "kwargs_keys.py"] == [("tool-ssrf", 33, "ask_styled", "style")]
    [f] = [f for f in findings if f.location.path == "kwargs_keys.py"]
    assert f.message.startswith("tool 'ask_styled' passes parameter 'style' to openai.OpenAI(): server-side request forgery")
