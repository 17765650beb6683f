"""rev52p: the review of stop 51's Python modules (issue 12, issue 15)."""

from __future__ import annotations

import libcst as cst

from mcpaudit.analysis import tuplelists
from mcpaudit.analysis.cstnodes import own_stmts, walk_stmts
from mcpaudit.analysis.positions import flat_body


def _elif_chain(n: int) -> cst.FunctionDef:
    """``def f(cmd): if cmd == '0': x = 0 / elif cmd == '1': x = 1 ...`` with ``n`` branches,
    built without the parser."""
    branch = None
    for i in reversed(range(n)):
        body = cst.IndentedBlock([cst.SimpleStatementLine([cst.Assign(
            [cst.AssignTarget(cst.Name("x"))], cst.Integer(str(i)))])])
        branch = cst.If(test=cst.Comparison(cst.Name("cmd"), [cst.ComparisonTarget(
            cst.Equal(), cst.SimpleString(f"'{i}'"))]), body=body, orelse=branch)
    return cst.FunctionDef(cst.Name("f"), cst.Parameters([cst.Param(cst.Name("cmd"))]),
                           cst.IndentedBlock([branch]))


def test_walk_stmts_and_own_stmts_walk_a_long_elif_chain_without_recursion():
    fn = _elif_chain(3000)  # a generator per level passed each statement up 3000 levels (RecursionError)
    walked = list(walk_stmts(flat_body(fn.body)))
    assert sum(type(s) is cst.If for s in walked) == 3000
    assert sum(type(s) is cst.Assign for s in walked) == 3000
    assert len(list(own_stmts(flat_body(fn.body)))) == 6000


def test_walk_stmts_keeps_source_order_statement_before_its_blocks():
    mod = cst.parse_module("def f():\n    try:\n        a = 1\n    except E:\n        b = 2\n    else:\n        c = 3\n"
                           "    finally:\n        d = 4\n    e = 5\n")
    names = [s.targets[0].target.value for s in walk_stmts(flat_body(mod.body[0].body)) if type(s) is cst.Assign]
    assert names == ["a", "c", "d", "b", "e"]  # body, orelse, finalbody, then the handlers


def test_assigned_reads_the_binding_index_built_in_one_walk(monkeypatch):
    fn = _elif_chain(600)
    walks = []
    real = tuplelists.walk_stmts
    monkeypatch.setattr(tuplelists, "walk_stmts", lambda stmts: walks.append(1) or real(stmts))

    class FA:
        pass

    fa = FA()
    fa.fn = fn
    values = tuplelists.assigned(fa, "x")
    assert [v.value for v in values] == [str(i) for i in range(600)]
    assert tuplelists.assigned(fa, "y") == [] and tuplelists.assigned(fa, "cmd") == []
    assert len(tuplelists.assigned(fa, "x")) == 600
    assert walks == [1]  # one walk for every name asked


# ------------------------------------------------- semgrep's cross-file TLS passes (item 1)

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2] / "fixtures" / "rev52p"
TLS_MSG = "verify= is read through the project's settings accessor, whose entry 'verify_ssl' is False by default"


def _tls_rows(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config

    shutil.copytree(ROOT / name, tmp_path / name)
    res = api.audit([tmp_path / name], Config(engines=("semgrep",), cache=False))
    return [(f.location.path, f.location.line, f.message) for f in res.findings if f.rule_id == "tls-verify-disabled"]


def _line(name, rel, needle):
    return next(i for i, ln in enumerate((ROOT / name / rel).read_text().splitlines(), 1) if needle in ln)


def test_a_method_of_the_accessor_s_name_on_another_object_is_not_the_accessor(tmp_path):
    # self.settings.get_config("verify_ssl", True) reads the environment: the admin module's
    # get_config (whose dict says False) is another function of the same name
    assert _tls_rows(tmp_path, "tls_accessor_method") == []


def test_the_accessor_called_through_its_imported_module_is_reported(tmp_path):
    rel = "scrape/providers/fetcher.py"
    call = _line("tls_accessor_module", rel, "self.session.get(url,")
    entry = _line("tls_accessor_module", "scrape/admin/service.py", '"verify_ssl": False')
    [(path, line, msg)] = _tls_rows(tmp_path, "tls_accessor_module")
    assert (path, line) == (rel, call)
    assert msg.endswith(f"{TLS_MSG} (scrape/admin/service.py:{entry})")


def test_the_tls_passes_share_one_read_and_parse_of_the_project(tmp_path):
    from mcpaudit.engines.semgrep.deadmethods import dead_method
    from mcpaudit.engines.semgrep.pyfiles import PyFiles
    from mcpaudit.engines.semgrep.tlsaccessor import report_accessor_defaults

    (tmp_path / "m.py").write_text("import poplib\nclass R:\n    def fetch_pop(self):\n        return poplib.POP3_SSL('h')\n")
    for i in range(30):  # files with neither the verify switch, the accessor nor the method's name
        (tmp_path / f"other{i}.py").write_text("def get(key):\n    return {}.get(key)\n")
    py = PyFiles(tmp_path, sorted(str(p) for p in tmp_path.glob("*.py")))
    findings = []
    report_accessor_defaults(findings, tmp_path, (), {"id": "tls-verify-disabled"}, py)
    assert findings == [] and py.parsed == 0  # no verify= anywhere: nothing parsed
    assert dead_method(py, str(tmp_path / "m.py"), 4, tmp_path) is not None
    assert dead_method(py, str(tmp_path / "m.py"), 4, tmp_path) is not None
    assert py.parsed == 1  # m.py, once: no other file names fetch_pop or defines a class


# ------------------------------------------------- the project inputs' digest (item 2)


def test_a_cold_cached_scan_reads_the_non_source_files_once(tmp_path, monkeypatch):
    # the scan: key, the first pass's tree: key, the link: key and the posture pass each walked
    # the tree for the deployment files and docs (4 walks, 3 of the tsconfigs)
    from mcpaudit import api, projectinputs
    from mcpaudit.analysis.posture import files as posture_files
    from mcpaudit.config import Config

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "server.py").write_text("from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('x')\n\n\n"
                                    "@mcp.tool()\ndef hello(name: str) -> str:\n    return name\n")
    (repo / "Dockerfile").write_text("FROM python:3.12\nCMD python server.py\n")
    walks = {"other": 0, "config": 0}
    other, configs = posture_files.collect_other_files, projectinputs.config_files

    def count(kind, real):
        return lambda *a, **k: walks.__setitem__(kind, walks[kind] + 1) or real(*a, **k)

    monkeypatch.setattr(posture_files, "collect_other_files", count("other", other))
    monkeypatch.setattr(projectinputs, "config_files", count("config", configs))
    res = api.audit([repo], Config(engines=("cst",), cache=True, cache_dir=str(tmp_path / "cache")))
    assert [t.name for t in res.tools] == ["hello"]
    assert walks == {"other": 1, "config": 1}
    assert projectinputs._SCOPE["memo"] is None  # the scan's reads end with it
    (repo / "Dockerfile").write_text("FROM python:3.12\nEXPOSE 8000\nCMD python server.py\n")
    api.audit([repo], Config(engines=("cst",), cache=True, cache_dir=str(tmp_path / "cache")))
    assert walks == {"other": 2, "config": 2}  # the next scan reads them again (an edit is seen)


# ------------------------------------------------- tempnames: every way a name is bound


def test_a_temporary_s_name_rebound_by_a_loop_or_an_annotation_is_the_caller_s_path(tmp_path):
    from pyflowgroups import FixtureFiles, rows

    files = FixtureFiles("rev52p")
    # target = None (a temporary's placeholder) then for target in paths: os.remove(target)
    found = rows(files.audit("temp_loop_rebind.py", tmp_path / "a" if (tmp_path / "a").mkdir() is None else None))
    line = files.line_of("temp_loop_rebind.py", "os.remove(target)  # expect")
    assert found == [("capability-file-access", line, "remove_files",
                      "tool 'remove_files' reads and writes any file the caller names: parameter 'paths' "
                      "reaches os.remove() as is")]  # the twin tool render (mkstemp's name, removed) stays quiet
    # target = tempfile.mktemp(); target: str = os.path.join(folder, name); os.remove(target)
    found = rows(files.audit("temp_annotated_rebind.py", tmp_path / "b" if (tmp_path / "b").mkdir() is None else None))
    line = files.line_of("temp_annotated_rebind.py", "os.remove(target)")
    assert found == [("tool-path-traversal", line, "discard",
                      "tool 'discard' passes parameter 'name' to os.remove(): path traversal / arbitrary file access (write)")]


# ------------------------------------------------- streamservers: the listener's own module's tools


def _stream_rows(tmp_path, name):
    from pyflowgroups import copied_rule_rows

    return copied_rule_rows(ROOT, name, tmp_path, "http-transport-no-auth")


def test_a_local_function_sharing_another_module_s_tool_name_is_no_tool_call(tmp_path):
    # status.py's own lookup() reads the build info; tools.py's lookup is the MCP tool
    assert _stream_rows(tmp_path, "stream_namesake") == []


def test_the_listener_s_handler_calling_its_own_module_s_tool_is_reported(tmp_path):
    line = _line("stream_tool_local", "server.py", "await asyncio.start_server(handle_status")
    assert _stream_rows(tmp_path, "stream_tool_local") == [
        ("server.py", line, "medium", None,
         "asyncio.start_server() serves a hand-written endpoint (handle_status) that calls the MCP tools (the MCP "
         "tool function lookup()), and the handler checks no credential (bound to all interfaces)")]


# ------------------------------------------------- containerexec: a command extended in place


def test_a_command_string_extended_with_the_caller_s_text_is_not_read_from_its_first_value(tmp_path):
    from pyflowgroups import FixtureFiles, rows

    files = FixtureFiles("rev52p")
    # cmd = f"ls -la {BASE}"; cmd += f" {options}"; box.exec_run(cmd): main split the first value
    # alone (no caller's word in it) and reported nothing; the twin adds a constant option
    line = files.line_of("exec_appended.py", "return box.exec_run(cmd).output.decode()  # expect")
    assert rows(files.audit("exec_appended.py", tmp_path)) == [
        ("tool-shell-injection", line, "list_dir",
         "tool 'list_dir' passes parameter 'options' to docker .exec_run(): OS command injection (the command runs "
         "in a container)")]
