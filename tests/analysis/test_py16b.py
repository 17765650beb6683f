"""Tool discovery and call shapes the sixteenth Python holdout (B) lost
(fixtures/taint/flows16b/, each beside a twin that must stay silent)."""

from __future__ import annotations

from mcpaudit.analysis.classtools import tool_name

from pyflowgroups import FlowGroups

_GROUPS = FlowGroups("flows16b")
_run, rows, message, tools, line_of = (
    _GROUPS.run, _GROUPS.rows, _GROUPS.message, _GROUPS.tools, _GROUPS.line_of)


def test_decorator_factory_registering_through_local_provider_makes_tools():
    S = lambda needle: line_of("deco_factory", "f16deco_server.py", needle)  # noqa: E731
    N = lambda needle: line_of("deco_factory", "f16deco_notes.py", needle)  # noqa: E731
    # create_tool(...) (mcp.local_provider.add_tool) and plain_tool (mcp.add_tool) register, in the
    # same module and imported; timed(...) only wraps: internal_job and read_internal are no tools
    assert tools("deco_factory") == ["read_note", "run_job", "show_log"]
    assert rows("deco_factory") == sorted([
        ("f16deco_notes.py", N("with open(note_path) as fh:  # expect"), "tool-path-traversal", "read_note"),
        ("f16deco_server.py", S("with open(name) as fh:"), "tool-path-traversal", "show_log"),
        ("f16deco_server.py", S("shell=True, capture_output=True, text=True).stdout  # expect"),
         "capability-command-execution", "run_job"),
    ])
    assert message("deco_factory", "tool-path-traversal", "read_note") == (
        "tool 'read_note' passes parameter 'note_path' to open(): path traversal / arbitrary file access")


def test_class_tools_wrapped_in_an_sdk_tool_subclass_serve_each_subclass_apply():
    L = lambda needle: line_of("class_tools", "f16tools/f16shell.py", needle)  # noqa: E731
    # RunShellCommandTool and EchoTool subclass the wrapped Tool; LocalHelper's base is wrapped by nothing
    assert tools("class_tools") == ["echo", "run_shell_command"]
    tool = next(t for t in _run("class_tools")[1].tools if t.name == "run_shell_command")
    assert [p.name for p in tool.parameters] == ["command"]
    assert rows("class_tools") == [
        ("f16tools/f16shell.py", L("shell=True, capture_output=True, text=True).stdout  # expect"),
         "capability-command-execution", "run_shell_command")]
    assert message("class_tools", "capability-command-execution", "run_shell_command").startswith(
        "tool 'run_shell_command' runs commands the caller chooses: parameter 'command' reaches "
        "subprocess.run(shell=True) as is")


def test_tool_names_of_classes():
    assert tool_name("ExecuteShellCommandTool") == "execute_shell_command"
    assert tool_name("Tool") == "tool"
    assert tool_name("ReadFile") == "read_file"


def test_method_calls_on_a_factory_result_land_in_each_class_it_returns():
    L = lambda needle: line_of("factory_classes", "f16conv.py", needle)  # noqa: E731
    # a union return annotation (LocalConverter among two), a table of classes (ZipImporter); the
    # twin factory returns only QuietConverter, whose convert touches nothing
    assert rows("factory_classes") == sorted([
        ("f16conv.py", L("with open(source) as fh:"), "capability-file-access", "convert_document"),
        ("f16conv.py", L('f"unzip -l {archive}"'), "tool-shell-injection", "import_archive"),
    ])
    assert message("factory_classes", "tool-shell-injection", "import_archive") == (
        "tool 'import_archive' passes parameter 'archive' to subprocess.run(shell=True): OS command injection")


def test_a_subpackage_named_like_a_library_does_not_shadow_it():
    rel = "f16app/markitdown/f16md_tools.py"
    line = line_of("lib_subpackage", rel, "md.convert_url(url)")
    assert rows("lib_subpackage") == [
        (rel, line, "capability-network-request", "convert_url_to_markdown"),
        (rel, line, "tool-path-traversal", "convert_url_to_markdown"),
    ]
    assert message("lib_subpackage", "capability-network-request", "convert_url_to_markdown").startswith(
        "tool 'convert_url_to_markdown' fetches any URL the caller gives: parameter 'url' reaches "
        "markitdown.MarkItDown().convert_url() as is")
