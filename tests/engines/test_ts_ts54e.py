"""Tools registered through a project wrapper that takes one definition object and forwards its
``name`` and ``handler`` to the SDK (ts54e, ``fixtures/typescript/ts54e``; issue 14).

* ``basewrapper``: a plugin base class's ``protected registerTool(options)`` destructures
  ``{ context, name, schema, handler }`` and calls ``context.server.registerTool(name, schema,
  (args) => handler(args))``; a subclass calls the inherited ``this.registerTool({ name:
  "shell_run", schema, handler })``. A plain function ``addTool(server, def)`` forwards
  ``def.name``/``def.handler`` the same way (``analysis/ts/forwardregistrars.py``). The wrapper's
  own SDK call, named by its parameter, is no tool.
* ``basewrapper_safe``: the same wrappers and tool names; the handlers run a fixed argv and read a
  file picked from a fixed table by an enum.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts54e"

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/basewrapper", f"{G}/basewrapper_safe"])


def _rows(name):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if f.confidence >= Confidence.MEDIUM]


def _tools(name):
    _, project = scan(f"{G}/{name}")
    return sorted((t.name, t.kind, t.framework) for t in project.tools)


def test_an_object_given_to_an_inherited_or_plain_forwarding_wrapper_is_the_tool():
    g = f"{G}/basewrapper"
    shell = line_of("src/index.ts", "await run(`sh -c ${command}`)", g)
    read = line_of("src/index.ts", 'await readFile(path, "utf8")', g)
    assert _rows("basewrapper") == [
        ("tool-shell-injection", "src/index.ts", shell, "shell_run",
         "tool 'shell_run' passes parameter 'command' to child_process.exec(): OS command injection"),
        ("tool-path-traversal", "src/index.ts", read, "read_note",
         "tool 'read_note' passes parameter 'path' to fs/promises.readFile(): path traversal / arbitrary file access"),
    ]
    out, _ = scan(g)
    f = next(f for f in out.findings if f.rule_id == "tool-shell-injection")
    assert steps(f) == [
        ("src/index.ts", shell - 1, "parameter 'command' of MCP tool 'shell_run' (caller-controlled)"),
        ("src/index.ts", shell, "reaches child_process.exec()"),
    ]


def test_the_wrappers_own_sdk_call_is_no_tool():
    assert _tools("basewrapper") == [("read_note", "tool", "registrar"), ("shell_run", "tool", "registrar")]


def test_safe_twin_keeps_the_tools_and_reports_nothing():
    assert _rows("basewrapper_safe") == []
    assert _tools("basewrapper_safe") == [("read_note", "tool", "registrar"), ("shell_run", "tool", "registrar")]
