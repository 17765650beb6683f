"""ts56b (issue 14): TypeScript flows the engine lost (``fixtures/typescript/ts56b``).

* ``outparam``: a recursive ``walk(dir, files)`` pushes the paths it lists into the caller's
  array, and a helper adds the caller's headings to a Set and an array it was handed; the caller
  reads each element (``analysis/ts/outparams.py``: ``FuncSummary.param_writes`` and the linker's
  ``("o", call, i)`` label). A walk's names joined under the caller's folder are that folder's
  files: the read is the tool's file-access capability, as its ``readdir`` is
  (``sinkresults.LISTED``). ``outparam_safe``: the walk keeps only entries whose realpath is under
  a fixed root (the start folder checked the same way), the headings are a regex-checked slug.
* ``typeddeps``: the tools reach their store through ``const { store } = deps`` of a parameter
  typed by an interface of the module (``ifacefields.destructured_types``); a QdrantClient's
  ``query()`` is no SQL (``sql-handle-object``). ``typeddeps_safe``: realpath + startsWith(root + sep).
* ``vmhost``: a node:vm context the code builds as a sandbox (``class Sandbox``, ``sandboxContext``)
  around the host's ``console`` and the server's functions, and one confined by a checked
  stand-in (``load`` throws outside its folder), run the caller's code (``ts/vmcontext.py``).
  ``vmhost_safe``: a Sandbox over plain data (``prices``, ``Math``), a runner claiming nothing.
* ``envfile``: a ``.env`` file's text or variables logged whole (``readFileSync(envPath)`` with
  ``envPath = resolve(cwd, ".env")``, a regex group and a long prefix of it, ``dotenv.config().parsed``,
  ``dotenv.parse(readFileSync(".env.local"))``; ``ts/envfiles.py``). ``envfile_safe``: a count,
  ``parsed.PORT``, a length, the names of the endpoints, keys, a ``.env.example`` template.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts56b"
GROUPS = ["outparam", "outparam_safe", "typeddeps", "typeddeps_safe", "vmhost", "vmhost_safe", "envfile", "envfile_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in GROUPS])


def _rows(name, caps=False):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line, f.rule_id))
        if f.confidence >= Confidence.MEDIUM and (caps or not f.rule_id.startswith("capability-"))]


def _finding(name, rule, path, line):
    out, _ = scan(f"{G}/{name}")
    return next(f for f in out.findings if (f.rule_id, f.location.path, f.location.line) == (rule, path, line))


# -- out-parameter containers ---------------------------------------------------------------

def test_values_pushed_into_a_callers_containers_reach_its_reads():
    g = f"{G}/outparam"
    first = line_of("src/index.ts", "out.push(await readFile(`notes/${t}.md`", g)
    second = line_of("src/index.ts", "out.push(await readFile(`archive/${t}.md`", g)
    words = "tool 'open_headings' passes parameter 'text' to fs/promises.readFile(): path traversal / arbitrary file access"
    assert _rows("outparam") == [
        ("tool-path-traversal", "src/index.ts", first, "open_headings", words),
        ("tool-path-traversal", "src/index.ts", second, "open_headings", words),
    ]
    flow = steps(_finding("outparam", "tool-path-traversal", "src/index.ts", first))
    filled = line_of("src/index.ts", "addHeadings(text, byTitle, titles);", g)
    assert ("src/index.ts", filled, "'titles' filled by addHeadings()") in flow
    assert ("src/walk.ts", line_of("src/walk.ts", "seen[seen.length] = line.slice(2);", g), "added to 'seen'") not in flow
    flow = steps(_finding("outparam", "tool-path-traversal", "src/index.ts", second))
    assert ("src/index.ts", filled, "'byTitle' filled by addHeadings()") in flow


def test_a_walk_of_the_callers_folder_reads_that_folder_its_capability():
    g = f"{G}/outparam"
    cap = _finding("outparam", "capability-file-access", "src/walk.ts", line_of("src/walk.ts", "await fs.readdir(dir", g))
    assert cap.tool == "index_notes"
    assert "reads any file the caller names: parameter 'folder'" in cap.message
    read = line_of("src/index.ts", "parts.push(`${i}: ${await readFile(f", g)
    assert f"src/index.ts:{read}" in cap.properties["sinks"]


def test_entries_kept_under_a_realpath_checked_root_and_checked_slugs_are_quiet():
    assert _rows("outparam_safe", caps=True) == []


def test_param_writes_are_recorded_per_position():
    from mcpaudit.engines.ts import analyze_file
    from test_ts_engine import FIXTURES

    root = FIXTURES / G / "outparam"
    walk = analyze_file(str(root / "src/walk.ts"), "src/walk.ts", 10 ** 7, 20.0).summary
    assert sorted(walk.functions["walk"].param_writes) == [1]  # files.push(full), and the recursion
    assert sorted(walk.functions["listNotes"].param_writes) == []  # its own local, returned
    assert sorted(walk.functions["addHeadings"].param_writes) == [1, 2]  # into.add(...), seen[i] = ...
    steps = [s.note for info in walk.functions["walk"].param_writes[1].values() for s in info.steps]
    assert "added to 'files'" in steps


# -- interface-typed dependencies -------------------------------------------------------------

def test_a_destructured_dependency_of_an_interface_typed_parameter_is_followed():
    g = f"{G}/typeddeps"
    line = line_of("src/store.ts", 'return readFile(join(ROOT, name), "utf-8");', g)
    assert _rows("typeddeps") == [
        ("tool-path-traversal", "src/store.ts", line, "read_document",
         "tool 'read_document' passes parameter 'name' to fs/promises.readFile(): path traversal / arbitrary file access"),
    ]


def test_a_qdrant_clients_query_is_no_sql_and_a_checked_read_is_quiet():
    out, _ = scan(f"{G}/typeddeps")
    assert not [f for f in out.findings if f.rule_id == "tool-sql-injection"]
    assert _rows("typeddeps_safe") == []


# -- node:vm contexts built as sandboxes around host objects ----------------------------------

def test_a_sandbox_class_around_host_objects_is_code_injection_beside_the_capability():
    g = f"{G}/vmhost"
    line = line_of("src/sandbox.ts", "const script = new vm.Script(", g)
    f = _finding("vmhost", "tool-code-injection", "src/sandbox.ts", line)
    assert f.tool == "execute_code"
    assert f.message == (
        "tool 'execute_code' passes parameter 'code' to new vm.Script(): code injection (the code builds it as a "
        "sandbox (sandboxContext), but this node:vm context holds host objects (console, fs.readFile) whose "
        "constructor chain returns the server's Function and process)")
    assert _finding("vmhost", "capability-code-execution", "src/sandbox.ts", line).tool == "execute_code"


def test_a_context_confined_by_checked_stand_ins_is_code_injection():
    g = f"{G}/vmhost"
    line = line_of("src/reports.ts", "return vm.runInNewContext(formula, {", g)
    f = _finding("vmhost", "tool-code-injection", "src/reports.ts", line)
    assert f.tool == "report_formula"
    assert "passes parameter 'snippet' to vm.runInNewContext(): code injection" in f.message
    assert "the code confines it by checked stand-ins (load)" in f.message
    assert "returns the server's Function and process" in f.message


def test_a_sandbox_of_plain_data_and_an_unclaimed_runner_stay_capabilities():
    rows = _rows("vmhost_safe", caps=True)
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("capability-code-execution", "src/reports.ts", "report_formula"),
        ("capability-code-execution", "src/sandbox.ts", "execute_code"),
    ]


# -- .env files as secrets ---------------------------------------------------------------------

def test_a_dotenv_files_contents_logged_whole_are_secrets():
    g = f"{G}/envfile"
    loaded = line_of("src/config.ts", 'console.error("loaded .env:", result.parsed);', g)
    prefix = line_of("src/config.ts", "console.error(`ENDPOINTS: ${found[1].substring(0, 120)}...`);", g)
    bad = line_of("src/config.ts", 'console.error("bad ENDPOINTS:", found[1]);', g)
    local = line_of("src/config.ts", "console.error(`env vars: ${JSON.stringify(vars)}`);", g)
    env = "secret '.env file (the whole environment)' is written to a log by console.error()"
    assert _rows("envfile") == [
        ("secret-in-log", "src/config.ts", loaded, None,
         "secret 'the .env file dotenv.config() loads (the whole environment)' is written to a log by console.error()"),
        ("secret-in-log", "src/config.ts", prefix, None, env),
        ("secret-in-log", "src/config.ts", bad, None, env),
        ("secret-in-log", "src/config.ts", local, None,
         "secret '.env.local file (the whole environment)' is written to a log by console.error()"),
    ]
    out, _ = scan(g)
    assert all(f.confidence == Confidence.MEDIUM for f in out.findings if f.rule_id == "secret-in-log")
    read = line_of("src/config.ts", 'const text = readFileSync(envPath, "utf-8");', g)
    assert ("src/config.ts", read, "the whole '.env' file read by fs.readFileSync()") in steps(
        _finding("envfile", "secret-in-log", "src/config.ts", bad))


def test_counts_named_variables_templates_and_lengths_of_a_dotenv_file_are_no_secret():
    out, _ = scan(f"{G}/envfile_safe")
    assert [f for f in out.findings if f.rule_id == "secret-in-log"] == []


def test_a_short_prefix_of_a_secret_is_still_a_mask():
    from mcpaudit.analysis.ts.envfiles import long_cut
    from mcpaudit.analysis.taintvalue import Info

    class _Fa:
        data = b"0 4 0 120 -4"

    class _Node:
        def __init__(self, a, b):
            self.start_byte, self.end_byte, self.type = a, b, "number"
            self.named_children = []

    whole = {("s", ".env file (the whole environment)"): Info(())}
    zero, four, hundred, minus = _Node(0, 1), _Node(2, 3), _Node(6, 9), _Node(10, 12)
    assert long_cut(_Fa(), whole, [zero, four]) == {}
    assert long_cut(_Fa(), whole, [zero, hundred]) == whole
    assert long_cut(_Fa(), whole, [minus]) == {}
    assert long_cut(_Fa(), {("s", "API_TOKEN"): Info(())}, [zero, hundred]) == {}
