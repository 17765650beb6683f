"""Flows the thirteenth Python holdout lost (fixtures/taint/flows13/, each with a safe twin)."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from mcpaudit.engines import cst as cst_engine
from mcpaudit.models import Confidence, Finding

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows13"
_FOUND: Dict[str, List[Finding]] = {}


def found(name: str) -> List[Finding]:
    """Default-view findings (medium and above) of one fixture directory."""
    if name not in _FOUND:
        root = FIXTURES / name
        files = [(str(p), str(p.relative_to(root))) for p in sorted(root.rglob("*.py"))]
        out, _ = cst_engine.run(files, root, jobs=1)
        assert not out.errors, out.errors
        _FOUND[name] = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    return _FOUND[name]


def line_of(name: str, rel: str, needle: str) -> int:
    text = (FIXTURES / name / rel).read_text(encoding="utf-8").splitlines()
    hits = [i for i, ln in enumerate(text, 1) if needle in ln]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def rows(name: str):
    return sorted((f.location.path, f.location.line, f.rule_id, f.tool, f.message) for f in found(name))


# -- a query client in the lifespan context typed by the Context generic ------------------------

def test_lifespan_client_from_the_context_generic_is_a_query_sink():
    L = lambda needle: line_of("lifespan_generic", "server.py", needle)  # noqa: E731
    assert rows("lifespan_generic") == [
        ("server.py", L("result = await traces.query_json_rows(query)"), "capability-raw-query", "run_query",
         "tool 'run_query' runs query text the caller writes (read-only, enforced by the database): "
         "parameter 'query' reaches LogfireQueryClient.query_json_rows() as is"),
        ("server.py", L("traces.query_json("), "tool-sql-injection", "errors_in",
         "tool 'errors_in' passes parameter 'path' to LogfireQueryClient.query_json(): SQL injection "
         "(the query is an f-string)"),
    ]


def test_lifespan_flow_names_the_parameter_and_the_client_method():
    f = next(f for f in found("lifespan_generic") if f.tool == "run_query")
    L = lambda needle: line_of("lifespan_generic", "server.py", needle)  # noqa: E731
    assert [(s.location.line, s.note) for s in f.flow] == [
        (L("async def run_query("), "parameter 'query' of MCP tool 'run_query' (caller-controlled)"),
        (L("result = await traces.query_json_rows(query)"), "reaches LogfireQueryClient.query_json_rows()"),
    ]


# -- a server-owned mapping's entry chosen by a caller's key ---------------------------------

def test_an_entry_chosen_by_the_caller_s_key_is_not_caller_data():
    L = lambda needle: line_of("config_lookup", "server.py", needle)  # noqa: E731
    assert rows("config_lookup") == [
        ("server.py", L("with open(name) as fh:"), "capability-file-access", "read_key",
         "tool 'read_key' reads any file the caller names: parameter 'name' reaches open() as is"),
        ("server.py", L('with open(entry["key"]) as fh:'), "tool-path-traversal", "read_named",
         "tool 'read_named' passes parameter 'request' to open(): path traversal / arbitrary file access"),
        ("server.py", L('with open(built.get(name)["key"]) as fh:'), "tool-path-traversal", "read_from_args",
         "tool 'read_from_args' passes parameter 'request' to open(): path traversal / arbitrary file access"),
        ("server.py", L('with open(REGISTERED.get(name, {})'), "capability-file-access", "registered_key",
         "tool 'registered_key' reads any file the caller names: parameter 'name' reaches open() as is"),
    ]  # configured_key and stored_key (KEYS[name], KEYS.get(name, {}), the store's lookups) stay quiet


def test_a_sibling_closure_is_followed_not_passed_through():
    """stored_key calls key_of, a closure of the same register(): its result is the configured
    entry's key, so the caller's name does not reach Connector.connect's open()."""
    assert not [f for f in found("config_lookup") if f.tool == "stored_key"]
    assert not [f for f in found("config_lookup") if f.location.path == "targets.py"]


# -- code written to a file, then run by an interpreter (scriptfiles.py) ----------------------

def _S(needle: str) -> int:
    return line_of("script_files", "runner.py", needle)


def test_a_written_file_run_by_an_interpreter_is_code():
    assert rows("script_files") == [
        ("runner.py", _S('done = subprocess.run(["python3", script_path]'), "capability-code-execution", "run_local",
         "tool 'run_local' evaluates code the caller writes: parameter 'code' reaches subprocess.run() as is"),
        ("runner.py", _S('result = box.exec_run(cmd=["python", "/app/script.py"]'), "tool-code-injection", "run_in_box",
         "tool 'run_in_box' passes parameter 'code' to docker .exec_run(): code injection (the file 'script_path' "
         "is run by python, with the caller's text written in it)"),
        ("runner.py", _S('result = box.exec_run(cmd=[f"/app/run_{token}.sh"])'), "capability-code-execution",
         "run_session",
         "tool 'run_session' evaluates code the caller writes: parameter 'code' reaches docker .exec_run() as is"),
        ("runner.py", _S('''f'echo "hello {safe}"\''''), "tool-shell-injection", "greet",
         "tool 'greet' passes parameter 'name' to docker .exec_run(): OS command injection (the command runs in a "
         "container)"),
        ("runner.py", _S("bash -lc '{escaped}'"), "tool-shell-injection", "wrapped_shell",
         "tool 'wrapped_shell' passes parameter 'command' to subprocess.run(shell=True): OS command injection"),
    ]  # save_notes, show_file and show_session (written, never run by an interpreter) stay quiet


def test_the_flow_names_the_file_the_code_was_written_to():
    f = next(f for f in found("script_files") if f.tool == "run_local")
    assert [(s.location.line, s.note) for s in f.flow] == [
        (_S("def run_local("), "parameter 'code' of MCP tool 'run_local' (caller-controlled)"),
        (_S("fh.write(code)"), "written to the file 'script_path'"),
        (_S('done = subprocess.run(["python3", script_path]'), "reaches subprocess.run()"),
    ]


def test_an_echo_into_a_file_then_a_wrapper_that_runs_it():
    """The shell script writes the escaped code into job_<hex>.py (clean for the shell between
    single quotes), a second one writes run_<hex>.sh whose text runs it with python3, and the
    wrapper is run as the program; the rm of another file runs nothing."""
    f = next(f for f in found("script_files") if f.tool == "run_session")
    assert [(s.location.line, s.note) for s in f.flow][-4:] == [
        (_S('safe = code.replace("\'"'), "assigned to 'safe'"),
        # the argv element after sh -c that holds it is a shell script (py53b's program_text step)
        (_S('''f"echo '{safe}' > /app/{script}"'''), "placed where the value is run as a sh script"),
        (_S('''f"echo '{safe}' > /app/{script}"'''), "written to the file 'job_{token}.py'"),
        (_S('result = box.exec_run(cmd=[f"/app/run_{token}.sh"])'), "reaches docker .exec_run()"),
    ]


# -- a notebook read from the caller's path and executed (codedocs.py) -------------------------

def test_a_notebook_read_from_the_caller_s_path_and_executed_is_code():
    N = lambda needle: line_of("notebooks", "server.py", needle)  # noqa: E731
    assert rows("notebooks") == [
        ("server.py", N("with open(path) as fh:"), "capability-file-access", "execute_cell",
         "tool 'execute_cell' reads any file the caller names: parameter 'notebook_path' reaches open() as is"),
        ("server.py", N("return client.execute_cell(self.cell(index), index)"), "capability-code-execution",
         "execute_cell",
         "tool 'execute_cell' evaluates code the caller writes: parameter 'notebook_path' reaches nbclient "
         ".execute_cell() as is"),
        ("server.py", N("ExecutePreprocessor(timeout=60).preprocess(nb"), "capability-code-execution", "run_notebook",
         "tool 'run_notebook' evaluates code the caller writes: parameter 'notebook_path' reaches nbconvert "
         "ExecutePreprocessor.preprocess() as is"),
    ]  # run_report (the server's notebook) and first_cell_file (a cell's text as a file name) stay quiet


def test_the_flow_says_the_notebook_was_read_from_the_path():
    f = next(f for f in found("notebooks") if f.tool == "run_notebook")
    N = lambda needle: line_of("notebooks", "server.py", needle)  # noqa: E731
    assert [(s.location.line, s.note) for s in f.flow] == [
        (N("def run_notebook("), "parameter 'notebook_path' of MCP tool 'run_notebook' (caller-controlled)"),
        (N("ExecutePreprocessor(timeout=60)") - 1, "notebook read from that path (its cells run as code)"),
        (N("ExecutePreprocessor(timeout=60)") - 1, "assigned to 'nb'"),
        (N("ExecutePreprocessor(timeout=60).preprocess(nb"), "reaches nbconvert ExecutePreprocessor.preprocess()"),
    ]


# -- a containment root kept in state by another tool (keptroots.py) --------------------------

def test_a_root_one_tool_stores_is_no_containment_for_another():
    K = lambda needle: line_of("kept_roots", "server.py", needle)  # noqa: E731
    assert rows("kept_roots") == [
        ("server.py", K("with open(full) as fh:  # expect"), "capability-file-access", "open_repository",
         "tool 'open_repository' reads any file the caller names: parameter 'path' reaches open() as is"),
    ]  # read_doc (a configured root), name_docs/read_labelled (a constant root) stay quiet


def test_the_kept_root_flow_goes_through_the_store_and_the_check_s_root():
    f = found("kept_roots")[0]
    K = lambda needle: line_of("kept_roots", "server.py", needle)  # noqa: E731
    assert [(s.location.line, s.note) for s in f.flow] == [
        (K("def open_repository("), "parameter 'path' of MCP tool 'open_repository' (caller-controlled)"),
        (K("mcp.set_root(path)"), "passed to set_root()"),
        (K("def set_root("), "parameter 'path'"),
        (K("self.root = Path(path).resolve()"), "returned by Path()"),
        (K("self.root = Path(path).resolve()"), "stored in 'self.root'"),
        (K("self.reader = Reader(self.root)"), "passed to __init__()"),
        (K("def __init__(self, root: Path)"), "parameter 'root'"),
        (K("        self.root = root"), "stored in 'self.root'"),
        (K("full = self.root / rel"), "'self.root' read (stored by an earlier call)"),
        (K("full = self.root / rel"), "assigned to 'full'"),
        (K("with open(full) as fh:  # expect"), "reaches open()"),
    ]
