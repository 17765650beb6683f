"""Causes of the twenty-fifth Python holdout, reader A (issue 12, branch py25a), each with a twin
that stays reported (``fixtures/taint/py25a``)."""

from __future__ import annotations

import shutil

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from pyflowgroups import FixtureFiles, FlowGroups, rows

files = FixtureFiles("py25a")
groups = FlowGroups("py25a")


def _all(name: str, tmp_path):
    """Every finding of the cst engine (the audit view too) for the fixture copied alone."""
    shutil.copy(files.root / name, tmp_path / name)
    out, _ = cst_engine.run([(str(tmp_path / name), name)], tmp_path, jobs=1)
    assert not out.errors, out.errors
    return out.findings


def test_a_name_with_every_separator_replaced_names_one_entry_of_its_folder(tmp_path):
    found = files.audit("sepreplace.py", tmp_path)
    draft = files.line_of("sepreplace.py", 'with open(f"{ROOT}/{stem}.txt", "w") as fh:')
    nested = files.line_of("sepreplace.py", 'with open(f"{ROOT}/{nested}.txt", "w") as fh:')
    # save_report (.replace("/", "_") then ':'), save_summary (re.sub of a class holding '/' and
    # '\\'): quiet; twins: only '\\' replaced, and a separator put back by a later replace
    assert rows(found) == [
        ("tool-path-traversal", draft, "save_draft",
         "tool 'save_draft' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
        ("tool-path-traversal", nested, "save_nested",
         "tool 'save_nested' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
    ]


def test_a_module_that_runs_on_windows_must_replace_the_backslash_too(tmp_path):
    found = files.audit("sepreplace_win.py", tmp_path)
    table = files.line_of("sepreplace_win.py", 'with open(os.path.join(ROOT, f"{name}.csv"), "w") as fh:')
    assert [r[:3] for r in rows(found)] == [("tool-path-traversal", table, "export_table")]
    # twin: export_chart replaces both separators and stays quiet


def test_import_module_under_a_literal_package_prefix_is_the_audit_view(tmp_path):
    found = _all("modprefix.py", tmp_path)
    codec = files.line_of("modprefix.py", 'importlib.import_module(f"encodings.{kind}")')
    fmt = files.line_of("modprefix.py", 'importlib.import_module("readers_" + fmt)')
    got = sorted((f.rule_id, f.location.line, f.tool, f.confidence) for f in found)
    assert got == [("capability-code-execution", fmt, "describe_format", Confidence.HIGH),
                   ("tool-code-injection", codec, "describe_codec", Confidence.LOW)]
    low = next(f for f in found if f.tool == "describe_codec")
    assert low.message == ("tool 'describe_codec' passes parameter 'kind' to importlib.import_module(): code injection "
                           "(only a submodule of the literal package 'encodings' can load: audit view)")


def test_a_length_guarded_short_slice_of_a_secret_is_masked(tmp_path):
    found = files.audit("maskedlen.py", tmp_path)
    twin = files.line_of("maskedlen.py", "if len(secret) > 40 else secret")
    # len(secret) and secret[:2] if len(secret) >= 2 else secret: at most two characters
    assert rows(found) == [("secret-in-log", twin, None, "secret 'secret' is written to a log by logging.getLogger.debug()")]


def test_an_interactive_setup_command_prints_its_token_to_its_operator(tmp_path):
    found = files.audit("setupcli.py", tmp_path)
    logged = files.line_of("setupcli.py", 'logger.info(f"issued {bearer_token}")')
    # the print() of the generated token in a module that asks getpass() and serves nothing: quiet
    assert rows(found) == [("secret-in-log", logged, None,
                            "secret 'bearer_token' is written to a log by logging.getLogger.info()")]


def test_a_telethon_client_handed_to_a_helper_uploads_the_local_files(tmp_path):
    found = files.audit("tgsend.py", tmp_path)
    sent = files.line_of("tgsend.py", "client.send_file(chat, file=files")
    assert rows(found) == [("tool-path-traversal", sent, "send_message",
                            "tool 'send_message' passes parameter 'files' to Telethon .send_file(): path traversal / "
                            "arbitrary file access (Telethon uploads the local files it is given to the chat)")]


def test_fastmcp3_standalone_decorators_register_tools_a_provider_loads():
    assert groups.tools("fsprovider") == ["station-report", "weather://stations"]  # tool_like: no decorator
    line = groups.line_of("fsprovider", "components/forecast.py", "# expect: tool-shell-injection")
    assert groups.rows("fsprovider") == [("components/forecast.py", line, "tool-shell-injection", "station-report")]
