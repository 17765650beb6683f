"""TypeScript tool discovery: tool modules and executors bound by name (tsdisc48,
``fixtures/typescript/tsdisc48``, ``analysis/ts/moduledefs.py``, ``analysis/ts/registrars.py``).

* ``dirmodules``: every file of ``src/tools`` exports ``method``, ``description``, ``parameters``
  and ``handler``; the server loads the folder at run time (``readdir`` + ``await import``) and
  registers each module in a loop, ``registerTool(tool.method, ..., (args) => tool.handler(args,
  ctx))``. Each module is a tool named by its ``method``; the twin checks the host first.
* ``nsmodules``: the same modules re-exported by an index (``export * as pingHost from``) and
  looped over as ``Object.values(toolModules)``.
* ``executors``: descriptors registered in a registry and executors bound by name,
  ``registry.registerExecutor("checkout_branch", executeCheckoutBranch)`` (the registry keeps them
  in a Map keyed by the name and calls ``executors.get(name)(args)``); each name is a tool whose
  executor's first parameter is the caller's arguments; the twin checks the branch name. Names
  given in a loop over a constant list of pairs (``for (const [tool, kind] of counted)
  registry.registerExecutor(tool, ...)``) are tools too (``analysis/ts/pairloops.py``).
"""

from __future__ import annotations

from test_ts_engine import line_of
from test_ts_ts32a import audit_group, _rule, _tools

G = "tsdisc48"


def _tool_findings(res):
    return [f for f in res.findings if f.tool]


def test_directory_tool_modules_are_tools(tmp_path):
    res = audit_group(tmp_path, f"{G}/dirmodules")
    assert _tools(res) == ["listInterfaces", "pingHost"]
    ping = next(t for t in res.tools if t.name == "pingHost")
    assert ping.description == "Pings a host four times and returns the output."
    assert [p.name for p in ping.parameters] == ["host"]
    [f] = _tool_findings(res)
    line = line_of("src/tools/pingHost.ts", "return execSync(`ping -c 4 ${args.host}`", f"{G}/dirmodules")
    assert (f.rule_id, f.location.path, f.location.line, f.tool) == (
        "tool-shell-injection", "src/tools/pingHost.ts", line, "pingHost")
    assert f.message == "tool 'pingHost' passes parameter 'host' to child_process.execSync(): OS command injection"


def test_directory_tool_modules_safe_twin(tmp_path):
    res = audit_group(tmp_path, f"{G}/dirmodules_safe")
    assert _tools(res) == ["listInterfaces", "pingHost"]
    assert _tool_findings(res) == []


def test_namespace_tool_modules_are_tools(tmp_path):
    res = audit_group(tmp_path, f"{G}/nsmodules")
    assert _tools(res) == ["listInterfaces", "pingHost"]
    [f] = _tool_findings(res)
    line = line_of("src/tools/pingHost.ts", "return execSync(`ping -c 4 ${args.host}`", f"{G}/nsmodules")
    assert (f.rule_id, f.location.path, f.location.line, f.tool) == (
        "tool-shell-injection", "src/tools/pingHost.ts", line, "pingHost")


def test_executors_bound_by_name_are_tools(tmp_path):
    res = audit_group(tmp_path, f"{G}/executors")
    assert _tools(res) == ["checkout_branch", "count_commits", "count_stashes", "count_tags", "current_branch"]
    [f] = _rule(res, "tool-shell-injection")
    line = line_of("src/executors.ts", "return execSync(`git checkout ${args.branch}`)", f"{G}/executors")
    assert (f.location.path, f.location.line, f.tool) == ("src/executors.ts", line, "checkout_branch")
    assert f.message == ("tool 'checkout_branch' passes parameter 'args['branch']' to child_process.execSync(): "
                         "OS command injection")


def test_executors_bound_by_name_safe_twin(tmp_path):
    res = audit_group(tmp_path, f"{G}/executors_safe")
    assert _tools(res) == ["checkout_branch", "count_commits", "count_stashes", "count_tags", "current_branch"]
    assert _tool_findings(res) == []
