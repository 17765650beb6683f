"""Message bridges (analysis/bridges.py, bridgelink.py) and Jupyter execute_request messages
(rules/models/python/kernels.yaml ``messages``) on fixtures/bridge: a tool's command sent to a
dispatcher of the same project reaches the function that dispatcher runs for that literal name;
a harmless handler, a name no dispatcher has and a message of another type report nothing."""

from __future__ import annotations

from pathlib import Path

import libcst as cst

from mcpaudit import api
from mcpaudit.analysis.bridges import call_literals, receiver_entries, sender_fields
from mcpaudit.config import Config

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "bridge"
_RES = []


def result():
    if not _RES:
        _RES.append(api.audit([FIXTURE], Config(engines=("cst",), cache=False)))
    return _RES[0]


def line_of(name: str, needle: str) -> int:
    hits = [i for i, ln in enumerate((FIXTURE / name).read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def of_tool(tool):
    return [f for f in [*result().findings, *result().capabilities] if f.tool == tool]


def flow(f):
    return [(s.location.path.rsplit("bridge/", 1)[-1], s.location.line, s.note) for s in f.flow]


def test_code_sent_to_an_add_on_that_execs_it_is_the_tools_capability():
    [f] = of_tool("execute_editor_code")
    assert (f.rule_id, f.location.path.endswith("addon.py"), f.location.line) == (
        "capability-code-execution", True, line_of("addon.py", "exec(code, namespace)"))
    assert f.message.startswith("tool 'execute_editor_code' evaluates code the caller writes: "
                                "parameter 'code' reaches exec() as is")
    steps = flow(f)
    assert ("editor_mcp/server.py", line_of("editor_mcp/server.py", '"execute_code", {"code": code}'),
            "sent as command 'execute_code' by send_command()") in steps
    assert ("addon.py", line_of("addon.py", "handler(**params)"), "dispatched as 'execute_code' to execute_code()") in steps


def test_a_command_built_by_an_if_chain_handler_is_shell_injection():
    [f] = of_tool("build_target")
    assert (f.rule_id, f.location.path.endswith("plugin.py"), f.location.line) == (
        "tool-shell-injection", True, line_of("plugin.py", 'subprocess.run(f"make {target}"'))
    assert f.message == "tool 'build_target' passes parameter 'target' to subprocess.run(shell=True): OS command injection"
    assert ("plugin.py", line_of("plugin.py", "return self.run_build(**params)"),
            "dispatched as 'run_build' to run_build()") in flow(f)


def test_a_handler_found_by_a_getattr_prefix_is_followed():
    [f] = of_tool("export_scene")
    assert (f.rule_id, f.location.path.endswith("plugin.py"), f.location.line) == (
        "capability-file-access", True, line_of("plugin.py", 'with open(path, "w") as f:'))
    assert ("plugin.py", line_of("plugin.py", 'return handler(**message["params"])'),
            "dispatched as 'export_scene' to handle_export_scene()") in flow(f)


def test_harmless_handlers_and_names_no_dispatcher_runs_report_nothing():
    # rename_object and list_targets land in handlers that only build values; check_expression
    # sends "check_syntax", whose handler parses without running, while the table's "evaluate"
    # (eval of a parameter of the same name) is sent by no tool
    for tool in ("rename_object", "list_targets", "check_expression", "describe_name", "scene_name"):
        assert of_tool(tool) == [], tool


def test_an_execute_request_message_runs_its_code_in_the_kernel():
    [cap] = of_tool("run_cell")
    line = line_of("kernel_server.py", "def execute_request(code)") + 1
    assert (cap.rule_id, cap.location.line) == ("capability-code-execution", line)
    assert cap.message.startswith("tool 'run_cell' evaluates code the caller writes: parameter 'code' reaches "
                                  "Jupyter execute_request message (content.code) as is")
    # plot_column builds code for the kernel run_cell runs raw: audit view (ts25b, analysis/offered.py)
    assert of_tool("plot_column") == []


def _fn(src: str) -> cst.FunctionDef:
    return cst.parse_module(src).body[0]


def test_senders_and_receivers_need_constant_fields_of_one_parameter():
    assert sender_fields(_fn("def send(kind, params):\n    m = {'type': kind, 'params': params or {}}\n")) == [
        ("kind", "type", "params", "params"), ("params", "params", "kind", "type")]
    assert sender_fields(_fn("def send(kind):\n    m = {'type': kind}\n")) == []
    src = ("def on(self, msg, other):\n"
           "    kind = msg.get('type')\n"
           "    params = other.get('params')\n"  # the payload read from another parameter: no entry
           "    table = {'a': self.a}\n"
           "    return table.get(kind)(**params)\n")
    assert receiver_entries(_fn(src), "C.on", lambda node: (1, 1, 1, 1)) == []
    src = src.replace("other.get('params')", "msg.get('params', {})")
    assert receiver_entries(_fn(src), "C.on", lambda node: (5, 1, 5, 1)) == [
        ("type", "params", "a", "self.a", "C.on", True, 5)]


def test_call_literals_by_position_and_keyword():
    call = cst.parse_expression("c.send('run', {'x': 1}, mode='fast', n=3)")
    assert call_literals(call) == {0: "run", "mode": "fast"}
    assert call_literals(cst.parse_expression("c.send(*a, 'run')")) is None


def test_first_pass_selects_a_module_that_dispatches_a_name_a_tool_sends():
    from mcpaudit.firstpass import digest, select

    tool = ('from mcp.server.fastmcp import FastMCP\nmcp = FastMCP("x")\n\n\n@mcp.tool()\n'
            'def run(code: str) -> str:\n    return CONN.send_command("execute_code", {"code": code})\n')
    plugin = ('class P:\n    def on(self, m):\n        t = {"execute_code": self.execute_code}\n'
              '        return t[m["type"]](**m["params"])\n\n    def execute_code(self, code):\n        exec(code)\n')
    # a constant value under the same key is no handler table
    other = 'import os\n\n\ndef f(d):\n    os.system(d)\n    return {"execute_code": True, "ok": None}\n'
    digests = [digest(p, t)[0] for p, t in (("server.py", tool), ("plugin.py", plugin), ("other.py", other))]
    assert digests[1].commands == {"execute_code"} and digests[2].commands == frozenset()
    assert select(digests).selected == {"server.py", "plugin.py"}
