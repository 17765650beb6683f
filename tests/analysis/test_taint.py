"""Targeted taint tests: rule, line, message and flow steps of concrete flows, and every
sanitizer stopping its flow. Fixture-based cases read ``fixtures/taint``; the rest scan small
sources written to a temporary directory."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Dict, List

import pytest

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

TAINT = Path(__file__).resolve().parents[2] / "fixtures" / "taint"


def _run(root: Path) -> List[Finding]:
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*.py"))]
    out, _ = cst_engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out.findings


_FIXTURE: List[Finding] = []


def fixture_findings() -> List[Finding]:
    if not _FIXTURE:
        _FIXTURE.extend(_run(TAINT))
    return _FIXTURE


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(lines, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def scan(tmp_path: Path, sources: Dict[str, str]) -> List[Finding]:
    for rel, code in sources.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    return [f for f in _run(tmp_path) if f.confidence >= Confidence.MEDIUM]


def only(findings: List[Finding], **kw) -> Finding:
    hits = [f for f in findings if all(getattr(f, k) == v for k, v in kw.items())]
    assert len(hits) == 1, [(f.rule_id, f.location.line, f.tool, f.message) for f in findings]
    return hits[0]


def steps(f: Finding):
    return [(s.location.path, s.location.line, s.note) for s in f.flow]


HEADER = """
import os, subprocess, sqlite3
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("t")
"""


def tool(body: str, sig: str = "value: str") -> str:
    return HEADER + "\n@mcp.tool()\ndef t(" + sig + "):\n" + textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


# ------------------------------------------------------------------------------------------
# flows across functions and modules


def test_flow_across_two_functions_and_two_modules():
    f = only(fixture_findings(), rule_id="tool-shell-injection", tool="archive")
    runner = TAINT / "crossmod" / "runner.py"
    assert (f.location.path, f.location.line) == ("crossmod/runner.py", line_of(runner, "def sh(") + 1)
    assert f.confidence == Confidence.HIGH and f.parameter == "folder"
    assert f.message == ("tool 'archive' passes parameter 'folder' to subprocess.run(shell=True): "
                         "OS command injection")
    tools, service = TAINT / "crossmod" / "tools.py", TAINT / "crossmod" / "service.py"
    assert steps(f) == [
        ("crossmod/tools.py", line_of(tools, "def archive("), "parameter 'folder' of MCP tool 'archive' (caller-controlled)"),
        ("crossmod/tools.py", line_of(tools, "target = folder.strip()"), "assigned to 'target'"),
        ("crossmod/tools.py", line_of(tools, "return build_archive(target)"), "passed to build_archive()"),
        ("crossmod/service.py", line_of(service, "def build_archive("), "parameter 'folder'"),
        ("crossmod/service.py", line_of(service, 'command = "tar'), "assigned to 'command'"),
        ("crossmod/service.py", line_of(service, "runner.sh(command)"), "passed to sh()"),
        ("crossmod/runner.py", line_of(runner, "def sh("), "parameter 'command'"),
        ("crossmod/runner.py", line_of(runner, "def sh(") + 1, "reaches subprocess.run(shell=True)"),
    ]


def test_flow_through_a_helper_return_value_into_sql_in_another_module():
    f = only(fixture_findings(), rule_id="tool-sql-injection", tool="find_user")
    runner, service = TAINT / "crossmod" / "runner.py", TAINT / "crossmod" / "service.py"
    assert f.location.line == line_of(runner, "_db.execute(sql)")
    assert "tool 'find_user' passes parameter 'login' to .execute(): SQL injection" in f.message
    notes = [s[2] for s in steps(f)]
    assert notes.index("passed to _where()") < notes.index("returned by _where()") < notes.index("passed to query()")
    assert ("crossmod/service.py", line_of(service, "clause = _where(login)"), "assigned to 'clause'") in steps(f)


def test_parameterised_query_in_another_module_is_not_reported():
    assert not [f for f in fixture_findings() if f.tool == "find_user_safe"]


# ------------------------------------------------------------------------------------------
# sanitizers: the fixtures hold each unsafe handler next to its safe twin


@pytest.mark.parametrize("module,safe_tools", [
    ("shell.py", ["count_words_safe"]),
    ("argument.py", ["log_safe", "open_note_safe"]),
    ("sql.py", ["user_safe"]),
    ("nosql.py", ["orders_safe"]),
    ("path.py", ["read_safe"]),
    ("ssrf.py", ["fetch_safe"]),
    ("code.py", ["evaluate_safe"]),
    ("deserialization.py", ["load_safe", "config_safe"]),
    ("template.py", ["greet_safe"]),
    ("secrets.py", ["login_safe", "whoami_safe"]),
    ("san_allowlist.py", ["restart_return", "restart_raise", "restart_many"]),
    ("san_shlex.py", ["archive_safe"]),
    ("san_params.py", ["price_safe", "price_named_safe"]),
    ("san_casts.py", ["page_int", "above_float", "by_flag", "by_id"]),
    ("san_types.py", ["status_literal", "status_enum", "status_annotated"]),
    ("san_regex.py", ["checkout_safe", "checkout_compiled"]),
    ("san_paths.py", ["read_resolved", "read_relative_to", "read_commonpath", "read_startswith_sep"]),
    ("san_urlhost.py", ["fetch_safe", "fetch_safe_parsed"]),
])
def test_sanitizer_stops_the_flow_and_the_unsafe_twin_is_reported(module, safe_tools):
    in_module = [f for f in fixture_findings() if f.location.path == module]
    reported = {f.tool for f in in_module if f.confidence >= Confidence.MEDIUM}
    assert not reported & set(safe_tools), [(f.tool, f.message) for f in in_module]
    unsafe = [f for f in in_module if "unsafe" in (f.tool or "") or f.tool in ("read_unresolved", "read_startswith")]
    assert unsafe, f"{module}: the unsafe twin must be reported"


def test_weak_startswith_check_is_medium_with_the_cve_explanation():
    f = only(fixture_findings(), tool="read_startswith")
    assert f.rule_id == "tool-path-traversal" and f.confidence == Confidence.MEDIUM
    assert f.location.line == line_of(TAINT / "san_paths.py", 'with open(full, "rb") as fh:  # expect')
    assert "weak containment check: str.startswith(root) without a trailing separator" in f.message
    assert "'/allowed-evil'" in f.message and "CVE-2025-53110" in f.message


def test_containment_check_on_an_unresolved_path_does_not_sanitise():
    f = only(fixture_findings(), tool="read_unresolved")
    assert f.rule_id == "tool-path-traversal" and f.confidence == Confidence.MEDIUM
    assert "is_relative_to() on a path that was not resolved first" in f.message


@pytest.mark.parametrize("tool_name,note", [
    ("read_join_after_check", "assigned to 'base'"),
    ("read_unquote_after_check", "decoded by unquote() after any check"),
])
def test_a_check_before_the_value_changes_again_does_not_sanitise(tool_name, note):
    f = only(fixture_findings(), tool=tool_name)
    assert f.rule_id == "tool-path-traversal" and f.confidence == Confidence.HIGH
    assert note in [s[2] for s in steps(f)]


def test_allow_list_without_an_exit_does_not_sanitise():
    f = only(fixture_findings(), tool="restart_unsafe")
    assert f.rule_id == "tool-shell-injection" and f.confidence == Confidence.HIGH


def test_regex_that_admits_anything_does_not_sanitise():
    f = only(fixture_findings(), tool="checkout_unsafe")
    assert f.rule_id == "tool-shell-injection" and f.confidence == Confidence.HIGH


@pytest.mark.parametrize("body,sig", [
    ('if value not in {"a", "b"}:\n    return "no"\nos.system("run " + value)', "value: str"),
    ('if value not in ("a", "b"):\n    raise ValueError(value)\nos.system("run " + value)', "value: str"),
    ('for v in value:\n    if v not in {"a", "b"}:\n        continue\n    os.system("run " + v)', "value: list[str]"),
    ('import shlex\nos.system("run " + shlex.quote(value))', "value: str"),
    ('os.system(f"run {int(value)}")', "value: str"),
    ('os.system(f"run {float(value)}")', "value: str"),
    ('os.system(f"run {bool(value)}")', "value: str"),
    ('import uuid\nos.system(f"run {uuid.UUID(value)}")', "value: str"),
    ('os.system(f"run {value}")', "value: int"),
    ('os.system(f"run {value}")', 'value: Literal["a", "b"]'),
    ('import re\nif not re.fullmatch(r"[a-z0-9_]{1,32}", value):\n    raise ValueError(value)\nos.system("run " + value)', "value: str"),
    ('if not value.isalnum():\n    return "no"\nos.system("run " + value)', "value: str"),
])
def test_sanitizers_inline(tmp_path, body, sig):
    code = tool(body, sig).replace("import os, subprocess, sqlite3", "import os, subprocess, sqlite3\nfrom typing import Literal")
    assert scan(tmp_path, {"server.py": code}) == []


def test_same_body_without_the_sanitizer_is_reported(tmp_path):
    f = only(scan(tmp_path, {"server.py": tool('os.system("run " + value)')}))
    assert f.rule_id == "tool-shell-injection" and f.tool == "t" and f.parameter == "value"


def test_enum_parameter_is_not_a_source(tmp_path):
    code = HEADER + '''
import enum
class Mode(enum.Enum):
    fast = "fast"
    full = "full"

@mcp.tool()
def t(mode: Mode) -> int:
    return os.system(f"scan --{mode.value}")
'''
    assert scan(tmp_path, {"server.py": code}) == []


def test_url_host_allow_list_stops_ssrf(tmp_path):
    code = HEADER + '''
import requests
from urllib.parse import urlparse
HOSTS = {"api.example.com"}

@mcp.tool()
def ok(url: str) -> str:
    host = urlparse(url).hostname
    if host not in HOSTS:
        raise ValueError(url)
    return requests.get(url).text

@mcp.tool()
def bad(url: str) -> str:
    """Fetch a web page."""
    return requests.get(url).text
'''
    f = only(scan(tmp_path, {"server.py": code}))  # the checked tool is quiet
    assert f.rule_id == "capability-network-request" and f.tool == "bad"


# ------------------------------------------------------------------------------------------
# language constructs


@pytest.mark.parametrize("tool_name,param,needle", [
    ("submit_job", "job.command", "os.system(job.command)"),
    ("walrus", "text", "return os.system(cmd)"),
    ("comprehension", "names", 'os.system("ls " + " ".join(quoted))'),
    ("awaited", "text", "return os.system(cleaned)"),
    ("container", "host", 'os.system(" ".join(parts))'),
    ("augmented", "flags", "return os.system(command)  # expect"),
    ("formatted", "pattern", "subprocess.getoutput(command)"),
    ("kwargs_into_helper", "kwargs['mode']", 'os.system(f"scan --mode'),
])
def test_constructs_carry_taint(tool_name, param, needle):
    f = only(fixture_findings(), tool=tool_name)
    assert f.confidence == Confidence.HIGH and f.parameter == param
    assert f.location.line == line_of(TAINT / "constructs.py", needle)
    if tool_name in ("submit_job", "walrus", "awaited"):
        # the parameter is the whole command: the tool's capability, not an injection
        assert f.rule_id == "capability-command-execution"
        assert f.message.startswith(f"tool '{tool_name}' runs commands the caller chooses: parameter '{param}' reaches ")
        assert f.message.endswith(" as is")
    else:
        assert f.rule_id == "tool-shell-injection"
        assert f"tool '{tool_name}' passes parameter '{param}' to " in f.message


def test_pydantic_model_attribute_flow_steps():
    f = only(fixture_findings(), tool="submit_job")
    assert [s[2] for s in steps(f)] == [
        "parameter 'job' of MCP tool 'submit_job' (caller-controlled)", "reaches os.system()"]


def test_pydantic_model_fields_typed_safely_are_still_the_model(tmp_path):
    # an int field of a tainted model: the model parameter is tainted as a whole (no field types)
    code = HEADER + '''
from pydantic import BaseModel
class Q(BaseModel):
    table: str

@mcp.tool()
def t(q: Q) -> list:
    return sqlite3.connect("x").execute(f"SELECT * FROM {q.table}").fetchall()
'''
    f = only(scan(tmp_path, {"server.py": code}))
    assert f.rule_id == "tool-sql-injection" and f.parameter == "q.table"
    assert "the query is an f-string" in f.message


def test_join_and_format_build_a_query(tmp_path):
    code = HEADER + '''
db = sqlite3.connect("x")

@mcp.tool()
def by_join(cols: list[str]) -> list:
    q = "SELECT " + ", ".join(cols) + " FROM t"
    return db.execute(q).fetchall()

@mcp.tool()
def by_format(name: str) -> list:
    q = "SELECT * FROM t WHERE name = '{}'".format(name)
    return db.execute(q).fetchall()

@mcp.tool()
def raw(sql: str) -> list:
    """Run a SQL query."""
    return db.execute(sql).fetchall()
'''
    found = scan(tmp_path, {"server.py": code})
    assert {f.tool for f in found if f.rule_id == "tool-sql-injection"} == {"by_join", "by_format"}
    assert all(f.confidence == Confidence.HIGH for f in found)
    # a tool whose parameter IS the query is a raw-query tool: its capability, once
    raw = only(found, tool="raw")
    assert raw.rule_id == "capability-raw-query"
    assert raw.message == "tool 'raw' runs query text the caller writes (reads and writes): parameter 'sql' reaches .execute() as is"


def test_query_built_in_the_tool_and_executed_in_a_helper_is_not_a_raw_query(tmp_path):
    code = HEADER + '''
db = sqlite3.connect("x")

def run_query(sql):
    return db.execute(sql).fetchall()

@mcp.tool()
def t(name: str) -> list:
    return run_query(f"SELECT * FROM users WHERE name = '{name}'")
'''
    f = only(scan(tmp_path, {"server.py": code}))
    assert f.rule_id == "tool-sql-injection" and f.confidence == Confidence.HIGH
    assert [s[2] for s in steps(f)][-3:] == ["passed to run_query()", "parameter 'sql'", "reaches .execute()"]


# ------------------------------------------------------------------------------------------
# low-level server: the arguments dict


LOWLEVEL = """
import os, sqlite3
from mcp.server.lowlevel import Server
server = Server("ll")
db = sqlite3.connect("x")

def helper(table, limit="10"):
    return db.execute(f"SELECT * FROM {table} LIMIT {limit}").fetchall()

@server.call_tool()
async def call_tool(name: str, arguments: dict) -> list:
    if name == "by_item":
        return os.system("run " + arguments["target"])
    if name == "by_get":
        return os.system("run " + arguments.get("target", ""))
    if name == "by_splat":
        return helper(**arguments)
    return []
"""


@pytest.mark.parametrize("tool_name,param,needle", [
    ("by_item", "arguments['target']", 'arguments["target"])'),
    ("by_get", "arguments['target']", 'arguments.get("target", "")'),
    ("by_splat", "arguments['table']", "return db.execute("),
])
def test_lowlevel_arguments_forms(tmp_path, tool_name, param, needle):
    found = scan(tmp_path, {"server.py": LOWLEVEL})
    f = only(found, tool=tool_name)
    assert f.parameter == param
    assert f"tool '{tool_name}' passes parameter '{param}'" in f.message
    assert f.location.line == line_of(tmp_path / "server.py", needle)


def test_context_parameter_is_not_a_source(tmp_path):
    code = HEADER + '''
from mcp.server.fastmcp import Context

@mcp.tool()
async def t(ctx: Context) -> int:
    return os.system(f"echo {ctx.request_id}")
'''
    assert scan(tmp_path, {"server.py": code}) == []


def test_secret_returned_through_a_helper_in_another_module(tmp_path):
    found = scan(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/settings.py": '''
import os

def current_config():
    return {"region": "eu", "api_key": os.environ["BILLING_API_KEY"]}
''',
        "pkg/server.py": '''
from mcp.server.fastmcp import FastMCP
from .settings import current_config
mcp = FastMCP("s")

@mcp.tool()
def show_config() -> dict:
    return current_config()
''',
    })
    f = only(found)
    assert f.rule_id == "secret-in-tool-result" and f.location.path == "pkg/server.py"
    assert "tool 'show_config' returned a value containing secret" in f.message and "BILLING_API_KEY" in f.message


def test_response_of_an_authenticated_request_is_not_the_secret(tmp_path):
    code = HEADER + '''
import requests
TOKEN = os.environ["API_TOKEN"]

@mcp.tool()
def t() -> dict:
    return requests.get("https://api.example.com/me", headers={"Authorization": f"Bearer {TOKEN}"}).json()
'''
    assert scan(tmp_path, {"server.py": code}) == []


def test_table_dispatch_in_a_lowlevel_server_is_followed(tmp_path):
    findings = scan(tmp_path, {"server.py": '''
        import subprocess
        from mcp.server.lowlevel import Server

        server = Server("ops")


        async def run_command(arguments: dict) -> str:
            return subprocess.run(arguments["command"], shell=True, capture_output=True).stdout


        async def uptime(arguments: dict) -> str:
            return subprocess.run(["uptime"], capture_output=True).stdout


        HANDLERS = {"run_command": run_command, "uptime": uptime}


        @server.call_tool()
        async def call_tool(name: str, arguments: dict):
            handler = HANDLERS.get(name)
            direct = await HANDLERS[name](arguments)
            return [await handler(arguments), direct]
    '''})
    f = only(findings, rule_id="capability-command-execution")
    assert f.location.line == 8
    assert "arguments['command']" in f.message and "subprocess.run(shell=True)" in f.message
    notes = [s.note for s in f.flow]
    assert any("passed to run_command()" in n for n in notes), notes


def test_split_command_lines_and_list_concatenation_argv(tmp_path):
    findings = scan(tmp_path, {"server.py": '''
        import shlex
        import subprocess
        from mcp.server.fastmcp import FastMCP

        mcp = FastMCP("k8s")


        @mcp.tool()
        def kubectl(args: str) -> str:
            return subprocess.run(["kubectl"] + args.split(), capture_output=True).stdout


        @mcp.tool()
        def run(command: str) -> str:
            return subprocess.run(shlex.split(command), capture_output=True).stdout


        @mcp.tool()
        def logs(pod: str) -> str:
            return subprocess.run(["kubectl", "logs", "--"] + [pod], capture_output=True).stdout
    '''})
    arg = only(findings, rule_id="tool-argument-injection")
    assert arg.location.line == 10 and arg.tool == "kubectl" and arg.parameter == "args"
    shell = only(findings, rule_id="capability-command-execution")  # the whole command line: a shell tool
    assert shell.location.line == 15 and shell.tool == "run"
    assert shell.message == "tool 'run' runs commands the caller chooses: parameter 'command' reaches subprocess.run() as is"
    assert not [f for f in findings if f.tool == "logs"]


# --- call resolution (fixtures/taint/resolution.py) --------------------------------------------

RESOLUTION = TAINT / "resolution.py"


def test_method_of_a_module_level_instance_is_followed_into_the_class():
    f = only(fixture_findings(), rule_id="tool-path-traversal", tool="module_instance")
    assert f.location.line == line_of(RESOLUTION, "os.remove(os.path.join(self.root, name))")
    assert steps(f)[-3:] == [
        ("resolution.py", line_of(RESOLUTION, "    STORE.delete(name)"), "passed to delete()"),
        ("resolution.py", line_of(RESOLUTION, "    def delete(self, name"), "parameter 'name'"),
        ("resolution.py", f.location.line, "reaches os.remove()"),
    ]


def test_method_of_an_attribute_set_in_init_is_matched_by_its_constructor():
    f = only(fixture_findings(), rule_id="capability-network-request", tool="attribute_client")
    assert f.location.line == line_of(RESOLUTION, "return self.api.get(url).text")
    assert f.message == "tool 'attribute_client' fetches any URL the caller gives: parameter 'url' reaches self.api.get() as is"


def test_a_project_method_named_like_a_driver_method_is_not_a_sql_sink():
    # FETCHER.fetch(url) is the project's Fetcher.fetch, not asyncpg's fetch(query)
    assert not [f for f in fixture_findings() if f.rule_id == "tool-sql-injection" and f.tool == "attribute_client"]


def test_executor_callback_carries_the_argument_into_the_function():
    f = only(fixture_findings(), rule_id="tool-shell-injection", tool="executor_callback")
    assert ("resolution.py", line_of(RESOLUTION, "run_in_executor(None, _grep, pattern)"), "passed to _grep()") in steps(f)
    assert f.location.line == line_of(RESOLUTION, 'subprocess.run(f"grep -r {pattern}')


def test_thread_target_and_its_args_tuple():
    f = only(fixture_findings(), rule_id="tool-path-traversal", tool="thread_target")
    assert f.message.endswith("path traversal / arbitrary file access (write)")


def test_registry_of_tool_objects_dispatches_to_each_execute():
    f = only(fixture_findings(), rule_id="tool-path-traversal", tool="registry")
    assert f.location.line == line_of(RESOLUTION, 'open("/srv/notes/" + arguments["name"])')
    assert f.parameter == "arguments['name']"


def test_getattr_dispatch_with_a_constant_prefix_reaches_every_prefixed_method():
    f = only(fixture_findings(), rule_id="tool-shell-injection", tool="getattr_dispatch")
    assert f.location.line == line_of(RESOLUTION, '"systemctl restart " + service')
    # the safe twin handle_status uses an argv with "--": no finding there
    assert not [g for g in fixture_findings() if g.location.line == line_of(RESOLUTION, '["systemctl", "status", "--", service]')]


def test_logging_a_whole_argument_mapping_is_a_leak_only_when_a_tool_takes_a_credential(tmp_path):
    server = """
        import logging
        from mcp.server.lowlevel import Server
        from mcp import types

        log = logging.getLogger("srv")
        server = Server("srv")

        @server.list_tools()
        async def list_tools():
            return [types.Tool(name="deploy", description="Deploy.", inputSchema={
                "type": "object", "properties": {"service": {"type": "string"}, %s}})]

        @server.call_tool()
        async def call_tool(name: str, arguments: dict):
            log.info("call %%s with %%s", name, arguments)
            return []
    """
    quiet = scan(tmp_path / "a", {"server.py": server % '"region": {"type": "string"}'})
    assert [f for f in quiet if f.rule_id == "secret-in-log"] == []
    loud = scan(tmp_path / "b", {"server.py": server % '"api_token": {"type": "string"}'})
    f = only(loud, rule_id="secret-in-log")
    assert f.location.line == 15 and f.confidence == Confidence.MEDIUM
    assert "the whole argument mapping 'arguments' is written to a log" in f.message


def test_tool_schemas_declared_in_another_module_are_seen_when_a_whole_mapping_is_logged(tmp_path):
    tools = """
        from mcp import types

        search_tool = types.Tool(name="search", description="Search papers.", inputSchema={
            "type": "object", "properties": {"query": {"type": "string"}, %s}})
    """
    server = """
        import logging
        from mcp.server.lowlevel import Server
        from mcp import types
        from .tools import search_tool

        log = logging.getLogger("srv")
        server = Server("srv")

        @server.list_tools()
        async def list_tools():
            return [search_tool]

        @server.call_tool()
        async def call_tool(name: str, arguments: dict):
            log.debug("call %s with %s", name, arguments)
            return []
    """
    files = {"__init__.py": "", "server.py": server}
    quiet = scan(tmp_path / "a", {**files, "tools.py": tools % '"page": {"type": "integer"}'})
    assert [f for f in quiet if f.rule_id == "secret-in-log"] == []
    loud = scan(tmp_path / "b", {**files, "tools.py": tools % '"api_key": {"type": "string"}'})
    f = only(loud, rule_id="secret-in-log")
    assert f.location.path == "server.py" and f.location.line == 15
    assert "the whole argument mapping 'arguments' is written to a log" in f.message


def test_a_tuple_returned_by_a_project_function_gives_each_target_its_own_element():
    in_module = [f for f in fixture_findings() if f.location.path == "secrets.py" and f.rule_id == "secret-in-log"]
    lines = {f.location.line: f for f in in_module}
    src = TAINT / "secrets.py"
    assert line_of(src, 'log.info("connecting in %s mode", self.kind)') not in lines  # the mode, not the token
    f = lines[line_of(src, 'log.debug("connection string %s", self.url)')]
    assert f.message == "secret 'api_token' is written to a log by logging.getLogger.debug()"


def test_a_kernel_client_known_by_its_annotation_runs_code_not_sql():
    # issue 12: kc: BlockingKernelClient / client: CodeSandboxClient | None (also through
    # asyncio.to_thread) is a code runner; a cursor-typed parameter's execute stays SQL
    found = [f for f in fixture_findings() if f.location.path == "kernel_types.py" and f.confidence >= Confidence.MEDIUM]
    assert sorted((f.location.line, f.rule_id) for f in found) == [
        (15, "tool-code-injection"), (19, "tool-code-injection"), (23, "tool-sql-injection")]
    by_line = {f.location.line: f for f in found}
    assert by_line[15].message == "tool 'cell' passes parameter 'source' to kernel client .execute(): code injection"
    assert by_line[19].message == ("tool 'sandbox_cell' passes parameter 'source' to kernel client .execute(): "
                                   "code injection")
    assert by_line[23].message.startswith("tool 'user' passes parameter 'name' to .execute(): SQL injection")


def test_a_branch_the_callers_arguments_rule_out_reports_nothing():
    # issue 12: run(q, params=[...]) takes `if params:`; run(q) leaves params None and takes the
    # rest of the function; run(q, params) from the caller may take either
    found = [f for f in fixture_findings() if f.location.path == "branches.py" and f.confidence >= Confidence.MEDIUM]
    assert sorted((f.location.line, f.rule_id) for f in found) == [
        (14, "tool-sql-injection"), (15, "tool-sql-injection"), (20, "tool-sql-injection")]
    by_line = {f.location.line: f for f in found}
    assert by_line[14].message == ("tool 'describe' passes parameter 'schema' to .execute(): SQL injection "
                                   "(the query text is built from the value) (also reached from tool 'search')")
    assert by_line[15].message.startswith("tool 'count' passes parameter 'schema'")
    assert by_line[15].message.endswith("(also reached from tool 'search')")  # not from describe
    assert by_line[20].message.startswith("tool 'dump' passes parameter 'schema'")  # line 21 needs out set
