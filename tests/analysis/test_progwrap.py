"""Argv flows through a project's process wrapper whose program is a parameter, and through a
caller's text split into words (issue 12, twelfth Python holdout): ``fixtures/taint/progwrap``."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence

from test_taint import TAINT, fixture_findings, line_of, only, scan, steps

PROG = TAINT / "progwrap"
KUBE = PROG / "kube.py"
EXEC_AT = ("progwrap/commands.py", 9, "reaches asyncio.create_subprocess_exec()")


def _mine(tool_name: str):
    return [f for f in fixture_findings() if f.tool == tool_name and f.location.path.startswith("progwrap/")]


def test_split_text_reaches_the_wrapper_at_the_call_that_fixes_the_program():
    f = only(_mine("describe"))
    assert f.rule_id == "tool-argument-injection" and f.confidence == Confidence.HIGH
    assert (f.location.path, f.location.line) == ("progwrap/kube.py", line_of(KUBE, 'run_command("kubectl", parts)'))
    assert f.message.startswith("tool 'describe' passes parameter 'kind' to asyncio.create_subprocess_exec('kubectl', …) "
                                "through run_command() at progwrap/commands.py:9: argument injection")
    flow = steps(f)
    assert ("progwrap/kube.py", line_of(KUBE, 'run_kubectl(f"describe'), "passed to run_kubectl()") in flow
    assert ("progwrap/kube.py", line_of(KUBE, 'run_command("kubectl", parts)'), "passed to run_command()") in flow
    assert flow[-1] == EXEC_AT


def test_shlex_split_into_a_constant_program():
    f = only(_mine("release_status"))
    assert f.rule_id == "tool-argument-injection"
    assert f.location.line == line_of(KUBE, 'run_command("helm", shlex.split(command))')
    assert "asyncio.create_subprocess_exec('helm', …)" in f.message
    assert ("progwrap/kube.py", f.location.line, "returned by split()") in steps(f)


def test_a_list_without_its_program_is_read_for_the_program_the_call_passes():
    f = only(_mine("get_resource"))
    assert f.rule_id == "tool-argument-injection" and f.parameter == "kind"
    assert f.location.line == line_of(KUBE, 'args = ["get", kind]')
    assert "(added to the argument list after 'get' with no '--' before it: " in f.message
    assert steps(f)[-1] == EXEC_AT
    # -n <namespace> and -l <selector>: options kubectl reads with the next element
    assert not _mine("list_pods")
    # -q takes no value: the label can be an option
    g = only(_mine("get_labelled"))
    assert g.location.line == line_of(KUBE, '"-q", label])') and g.parameter == "label"


def test_synchronous_wrapper_and_its_safe_twins():
    f = only(_mine("pod_yaml"))
    assert f.rule_id == "tool-argument-injection"
    assert "subprocess.run('kubectl', …) through run_sync() at progwrap/commands.py:15" in f.message
    assert not _mine("pod_yaml_safe") and not _mine("pod_events")  # after '--'; a constant prefix


def test_a_command_after_kubectl_exec_dashes_is_the_tools_capability():
    # the pod name ahead of '--' can be an option; the command after it runs in the pod
    f = only(_mine("exec_command"), rule_id="tool-argument-injection")
    assert f.parameter == "pod" and f.location.line == line_of(KUBE, 'args = ["exec", pod]')
    caps = {(c.tool, c.parameter): c for c in fixture_findings() if c.rule_id.startswith("capability-")
            and c.location.path.startswith("progwrap/")}
    cap = caps[("exec_command", "command")]
    assert cap.rule_id == "capability-command-execution"
    assert (cap.location.path, cap.location.line) == EXEC_AT[:2]
    assert "reaches asyncio.create_subprocess_exec('kubectl', …) as is" in cap.message
    assert ("progwrap/kube.py", line_of(KUBE, "args.extend(shlex.split(command))"), "returned by split()") in [
        (s.location.path, s.location.line, s.note) for s in cap.flow]
    # a program the caller chooses: the program sink, and no argument finding for the rest
    assert ("run_program", "program") in caps
    assert [f.rule_id for f in _mine("run_program")] == ["capability-command-execution"]


def test_program_sink_leaves_the_audit_view_when_every_call_passes_a_constant(tmp_path: Path):
    (tmp_path / "server.py").write_text(
        "import subprocess\n"
        "from mcp.server.fastmcp import FastMCP\n"
        "mcp = FastMCP('t')\n"
        "\n"
        "def run(program: str, args: list) -> str:\n"
        "    return subprocess.run([program, *args], capture_output=True, text=True).stdout\n"
        "\n"
        "@mcp.tool()\n"
        "def version() -> str:\n"
        "    return run('kubectl', ['version'])\n", encoding="utf-8")
    root = tmp_path
    out, _ = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1, min_confidence=Confidence.LOW)
    shell = [f for f in out.findings if f.location.line == 6 and f.rule_id == "tool-shell-injection"]
    assert not shell, [(f.rule_id, f.message) for f in out.findings]
    # a caller passing a program the code does not fix keeps it
    (tmp_path / "server.py").write_text((tmp_path / "server.py").read_text() + (
        "\nimport os\n"
        "def other() -> str:\n"
        "    return run(os.environ['TOOL'], ['version'])\n"), encoding="utf-8")
    out, _ = cst_engine.run([(str(root / "server.py"), "server.py")], root, jobs=1, min_confidence=Confidence.LOW)
    f = only([f for f in out.findings if f.location.line == 6 and f.rule_id == "tool-shell-injection"])
    assert f.confidence == Confidence.LOW
    assert "(the program to run comes from the caller); not traced to an MCP tool parameter" in f.message


def test_text_split_in_another_function_loses_its_constant_prefix(tmp_path: Path):
    findings = scan(tmp_path, {"server.py": """
        import subprocess
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("t")

        def git(command: str) -> str:
            return subprocess.run(["git", *command.split()], capture_output=True, text=True).stdout

        def git_ref(ref: str) -> str:
            return subprocess.run(["git", "show", ref], capture_output=True, text=True).stdout

        @mcp.tool()
        def show(name: str) -> str:
            return git(f"show {name}")

        @mcp.tool()
        def show_ref(name: str) -> str:
            return git_ref(f"refs/tags/{name}")
    """})
    f = only(findings)
    assert (f.rule_id, f.location.line, f.tool) == ("tool-argument-injection", 6, "show")
    assert steps(f)[-1] == ("server.py", 6, "reaches subprocess.run()")


def test_direct_kubectl_exec_after_dashes(tmp_path: Path):
    src = """
        import shlex, subprocess
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("t")

        @mcp.tool()
        def pod_exec(pod: str, command: str) -> str:
            \"\"\"Execute a command in a pod.\"\"\"
            return subprocess.run(["kubectl", "exec", "-n", "apps", "--", command]).stdout

        @mcp.tool()
        def pod_logs(pod: str, container: str) -> str:
            \"\"\"Read a pod's logs.\"\"\"
            return subprocess.run(["kubectl", "logs", "-n", "apps", "--", container]).stdout
    """
    findings = scan(tmp_path, {"server.py": src})
    # the command is the program run in the pod; the container after '--' of logs is an operand
    assert [(f.rule_id, f.tool, f.parameter, f.location.line) for f in findings] == [
        ("capability-command-execution", "pod_exec", "command", 8)]
    assert "parameter 'command' reaches subprocess.run() as is" in findings[0].message


def test_a_split_piece_joined_under_a_folder_is_no_option(tmp_path: Path):
    # the last segment of the caller's URL can start with '-'; joined under a folder it cannot
    findings = scan(tmp_path, {"server.py": """
        import subprocess
        from pathlib import Path
        from mcp.server.fastmcp import FastMCP
        mcp = FastMCP("t")

        def clone(url: str) -> str:
            name = url.split("/")[-1]
            target = Path(__file__).parent / "repos" / name
            subprocess.run(["git", "clone", "--", url, str(target)])
            return subprocess.run(["ls", name], capture_output=True, text=True).stdout

        @mcp.tool()
        def fetch_repo(url: str) -> str:
            if not url.startswith("https://"):
                raise ValueError("https only")
            return clone(url)
    """})
    f = only(findings, rule_id="tool-argument-injection")
    assert (f.location.line, f.tool, f.parameter) == (10, "fetch_repo", "url")
