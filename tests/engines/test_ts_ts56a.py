"""TypeScript tools the scan did not see (ts56a, ``fixtures/typescript/ts56a``; issue 14).

* ``classregistry``: tool classes registered into a ``Map`` registry (``registerTool(new
  SaveReportTool())``, ``this.tools.set(tool.name, tool)``) and run by the call-tool handler through
  ``registry.executeTool(name, args)`` -> ``tool.execute(args)``; the server imports the classes by a
  path alias (``@/tools/saveReportTool.js``), which the class discovery did not count as an import
  (``analysis/ts/livetools.py``). Each ``execute`` validates with ``this.validateArgs(args,
  Schema)``, read as ``Schema.parse(args)`` (``parse-helpers`` in the TypeScript MCP models), so an
  enum field stays clean. Twin ``classregistry_safe``: the writing class is never imported.
* ``spawnwrapper``: ``spawnCapture(cmd, args, options)`` and ``const run = (c, a) => spawn(c, a)``
  forward their parameters to ``spawn``; their calls are checked as ``spawn`` calls
  (``analysis/ts/spawnwrappers.py``), and a program chosen by a fallback literal
  (``process.env.SHELL || "/bin/zsh"``, ``which("fish") || "/opt/homebrew/bin/fish"``) is that
  shell. Twin ``spawnwrapper_safe``: an argv with ``--``, and words checked by anchored patterns.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts56a"

test_findings_equal_annotations = test_ts_engine.annotation_test(
    [f"{G}/classregistry", f"{G}/classregistry_safe", f"{G}/spawnwrapper", f"{G}/spawnwrapper_safe"])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


# -- 1. class tools in a registry Map ----------------------------------------------------------


def test_registered_classes_are_tools_named_by_their_name_field():
    _, project = scan(f"{G}/classregistry")
    tools = {t.name: t for t in project.tools}
    assert sorted(tools) == ["install_viewer", "save_report"]
    save = tools["save_report"]
    assert (save.function, save.location.path) == ("SaveReportTool.execute", "src/tools/saveReportTool.ts")
    assert [p.name for p in save.parameters] == ["fileName", "body"]


def test_the_registered_class_write_is_reported_under_its_tool():
    g = f"{G}/classregistry"
    line = line_of("src/tools/saveReportTool.ts", "fs.writeFileSync(target, valid.body);", g)
    assert _rows("classregistry") == [
        ("tool-path-traversal", "src/tools/saveReportTool.ts", line, "save_report",
         "tool 'save_report' passes parameter 'arguments['fileName']' to fs.writeFileSync(): "
         "path traversal / arbitrary file access (write)"),
    ]
    out, _ = scan(g)
    [f] = [f for f in out.findings if f.rule_id == "tool-path-traversal" and f.confidence >= Confidence.MEDIUM]
    flow = steps(f)
    assert flow[0][0] == "src/server.ts"
    assert ("src/core/toolRegistry.ts", line_of("src/core/toolRegistry.ts", "return await tool.execute(args);", g)) in \
        [(p, ln) for p, ln, _ in flow]
    assert flow[-1][:2] == ("src/tools/saveReportTool.ts", line)


def test_an_enum_field_checked_by_a_validate_helper_is_no_command_injection():
    g = f"{G}/classregistry"
    out, _ = scan(g)
    line = line_of("src/tools/installViewerTool.ts", "exec(`npx report-viewers install", g)
    hits = [f for f in out.findings if f.location.path == "src/tools/installViewerTool.ts" and f.location.line == line]
    assert all(f.confidence < Confidence.MEDIUM for f in hits)
    assert all("install_viewer" not in f.message for f in hits)


def test_a_tool_class_nothing_imports_is_no_tool():
    _, project = scan(f"{G}/classregistry_safe")
    assert [t.name for t in project.tools] == ["install_viewer"]
    assert _rows("classregistry_safe") == []


# -- 2. a local spawn wrapper and a shell chosen by a fallback literal --------------------------


def test_a_forwarding_wrapper_is_checked_as_spawn_at_its_call():
    g = f"{G}/spawnwrapper"
    bash = line_of("index.mjs", 'await spawnCapture("bash", ["-lc"', g)
    zsh = line_of("index.mjs", "run(shell, [", g)
    fish = line_of("index.mjs", "await spawnCapture(fishBin,", g)
    assert _rows("spawnwrapper") == [
        ("tool-shell-injection", "index.mjs", bash, "search_notes",
         "tool 'search_notes' passes parameter 'query' to child_process.spawn() ['bash', '-lc', …]: "
         "OS command injection (the value is run as a bash script)"),
        ("tool-shell-injection", "index.mjs", zsh, "count_notes",
         "tool 'count_notes' passes parameter 'word' to child_process.spawn() ['zsh', '-c', …]: "
         "OS command injection (the value is run as a zsh script)"),
        ("tool-shell-injection", "index.mjs", fish, "fish_search",
         "tool 'fish_search' passes parameter 'query' to child_process.spawn() ['fish', '-lc', …]: "
         "OS command injection (the value is run as a fish script)"),
    ]


def test_the_wrapper_body_is_not_reported_twice():
    g = f"{G}/spawnwrapper"
    out, _ = scan(g)
    inner = {line_of("index.mjs", "const child = spawn(cmd, args, options);", g),
             line_of("index.mjs", "const run = (c, a) => spawn(c, a);", g)}
    assert [f for f in out.findings if f.location.line in inner and f.confidence >= Confidence.MEDIUM] == []


def test_the_twin_with_an_operand_argv_and_checked_words_is_quiet():
    assert _rows("spawnwrapper_safe") == []
