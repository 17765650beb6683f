"""Tool lists made by mapping a descriptor factory over a constant list of names (tsdisc32,
``fixtures/typescript/tsdisc32``, ``analysis/ts/mappedlists.py``).

``createTools()`` returns ``operations.map((op) => makeTool(op)).filter(...)`` over a local
constant array of names (one more ``push``ed under a setting); ``makeTool`` returns ``{ name:
operation, inputSchema, handler }``; the call-tool handler picks ``tools.find((t) => t.name ===
name)`` and calls its ``handler``. Each name is a tool whose handler's arguments are the
caller's; the twin checks the target against an allow-list pattern before the shell runs it.
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts32a import audit_group, _rule, _tools

G = "tsdisc32"


def test_mapped_factory_list_names_each_tool_and_taints_its_handler(tmp_path):
    res = audit_group(tmp_path, f"{G}/mapped")
    assert _tools(res) == ["dig", "ping", "traceroute"]
    [f] = [f for f in _rule(res, "tool-shell-injection") if f.tool]
    line = line_of("src/server.ts", "return execSync(`${operation} ${args.target}`).toString();", f"{G}/mapped")
    assert (f.location.path, f.location.line, f.tool) == ("src/server.ts", line, "ping")
    assert f.message == ("tool 'ping' passes parameter 'arguments['target']' to child_process.execSync(): OS command "
                         "injection (also reached from tools 'dig', 'traceroute')")


def test_mapped_factory_list_safe_twin(tmp_path):
    res = audit_group(tmp_path, f"{G}/mapped_safe")
    assert _tools(res) == ["dig", "ping", "traceroute"]
    assert [f for f in res.findings if f.tool] == []
