"""Side effects left by stop 54 and read-only claims the scan did not check (ts55b,
``fixtures/typescript/ts55b``, ``fixtures/taint/ts55b``).

1. ``authoptional``/``authoptional_key``/``authalways``: an auth option (shorthand or key) whose
   value is ``undefined`` unless the operator opts in (``enableAuth && key ? check : undefined``,
   ``enableAuth && check``) is no authentication by default: the HTTP transport is reported. An
   always-defined check stays auth evidence (``analysis/ts/shorthandkeys.py``).
2. ``ffmpegwrite``/``ffmpegwrite_fixed`` (and ``ffmpeg_write*.py``): one ffmpeg call that reads the
   caller's ``-i`` file and writes the caller's output names the write (``linkreports._add``); with
   a server-chosen output the read is named.
3. ``cmdline.placed_option``: a command-line value after a flag that takes no value (``git grep -n``)
   is no option's value; after ``--`` nothing is an option.
4. ``gatedmode``/``gatedmode_safe``: tools registered through a helper that skips write tools in a
   read-only mode (a logged ``return;``) run in that mode; a caller pipeline (``$out``/``$merge``) and
   ``EXPLAIN ANALYZE <caller SQL>`` write there (``tool-read-only-bypass``); server-built stages and
   ``EXPLAIN`` without ANALYZE do not.
"""

from __future__ import annotations

import re
import shutil

from mcpaudit import api
from mcpaudit.analysis.cmdline import OPTION_BEFORE, placed_option
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.models import Confidence
from test_ts_engine import FIXTURES, annotation_test, audit_group, line_of, scan

G = "ts55b"

test_findings_equal_annotations = annotation_test([f"{G}/{n}" for n in (
    "ffmpegwrite", "ffmpegwrite_fixed", "gatedmode", "gatedmode_safe")])


def _transports(tmp_path, name):
    res = audit_group(tmp_path, f"{G}/{name}", engines=("ts", "cst"))
    return [f for f in res.findings if f.rule_id == "http-transport-no-auth"]


# -- 1. optional auth -------------------------------------------------------------------------

def test_a_shorthand_auth_option_bound_to_an_opt_in_conditional_is_no_auth(tmp_path):
    [f] = _transports(tmp_path, "authoptional")
    line = line_of("src/server.ts", "server.start({ transportType", f"{G}/authoptional")
    assert (f.location.path, f.location.line) == ("src/server.ts", line)
    assert "no authentication is configured anywhere in the project; anyone who reaches it can call: echo" in f.message


def test_a_keyed_auth_option_given_cond_and_check_is_no_auth(tmp_path):
    [f] = _transports(tmp_path, "authoptional_key")
    line = line_of("src/server.ts", "server.start({ transportType", f"{G}/authoptional_key")
    assert (f.location.path, f.location.line) == ("src/server.ts", line)
    assert "no authentication is configured anywhere in the project" in f.message


def test_an_always_defined_authenticate_function_authenticates(tmp_path):
    assert _transports(tmp_path, "authalways") == []


# -- 2. ffmpeg: the write is named --------------------------------------------------------------

def test_a_caller_read_and_write_of_one_ffmpeg_call_name_the_write():
    out, _ = scan(f"{G}/ffmpegwrite")
    line = line_of("server.ts", "execFileSync(ffmpeg, argv);", f"{G}/ffmpegwrite")
    [p] = [f for f in out.findings if f.rule_id == "tool-path-traversal"]
    assert (p.location.path, p.location.line, p.tool) == ("server.ts", line, "extract_audio")
    assert p.message == ("tool 'extract_audio' passes parameter 'output_file' to child_process.execFileSync() "
                         "['ffmpeg', …]: path traversal / arbitrary file access (write)")


def test_a_server_chosen_output_leaves_the_read_named():
    out, _ = scan(f"{G}/ffmpegwrite_fixed")
    [p] = [f for f in out.findings if f.rule_id == "tool-path-traversal"]
    assert p.location.line == line_of("server.ts", 'execFileSync("ffmpeg"', f"{G}/ffmpegwrite_fixed")
    assert p.message == ("tool 'extract_audio' passes parameter 'video' to child_process.execFileSync() "
                         "['ffmpeg -i', …]: path traversal / arbitrary file access (ffmpeg -i reads the file the value names)")


def _python(name, tmp_path):
    shutil.copy(FIXTURES.parent / "taint" / G / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return [f for f in res.findings if f.rule_id == "tool-path-traversal" and f.confidence >= Confidence.MEDIUM]


def test_python_names_the_write_too(tmp_path):
    [f] = _python("ffmpeg_write.py", tmp_path)
    assert (f.location.line, f.tool) == (20, "extract_audio")
    assert f.message == ("tool 'extract_audio' passes parameter 'job.target' to subprocess.run(['ffmpeg', ...]): "
                         "path traversal / arbitrary file access (write)")


def test_python_server_output_names_the_read(tmp_path):
    [f] = _python("ffmpeg_write_fixed.py", tmp_path)
    assert (f.location.line, f.tool) == (14, "extract_audio")
    assert "parameter 'video' to subprocess.run(['ffmpeg -i', ...])" in f.message


# -- 3. option values in a command line ----------------------------------------------------------

def _placed(command: str, line: str):
    found = OPTION_BEFORE.search(line)
    assert found is not None, line
    return placed_option(catalog().typescript, command, line, found)


def test_a_flag_that_takes_no_value_leaves_an_operand():
    assert _placed("git", "git grep -n ") is None
    assert _placed("git", "git log --oneline ") is None


def test_options_that_take_a_value_keep_their_mark():
    assert _placed("ffmpeg", 'ffmpeg -i "') == "-i"
    assert _placed("git", "git grep --max-depth=") == "--max-depth"
    assert _placed("git", "git commit -m ") == "-m"


def test_nothing_is_an_option_after_double_dash():
    assert _placed("git", "git checkout -- a.txt --ours=") is None


# -- 4. read-only mode kept by the registration helper ------------------------------------------

def _read_only(name):
    out, _ = scan(f"{G}/{name}")
    return sorted((f for f in out.findings if f.rule_id == "tool-read-only-bypass"), key=lambda f: f.location.line)


def test_a_caller_pipeline_and_explain_analyze_break_the_registration_gated_mode():
    agg, explain = _read_only("gatedmode")
    g = f"{G}/gatedmode"
    assert (agg.location.path, agg.location.line, agg.tool) == (
        "src/index.ts", line_of("src/index.ts", ".aggregate(pipeline).toArray()", g), "mongo_aggregate")
    assert agg.message.startswith("tool 'mongo_aggregate' is allowed in the server's read-only mode (its guard in ")
    assert agg.message.endswith("but runs the caller's aggregation pipeline, whose $out and $merge stages write "
                                "collections (db.collection(collection).aggregate())")
    assert (explain.location.line, explain.tool) == (line_of("src/index.ts", "await pool.query(text)", g), "pg_explain")
    assert "runs the caller's statement under EXPLAIN ANALYZE, which executes it" in explain.message


def test_server_built_stages_and_plain_explain_keep_the_mode():
    assert _read_only("gatedmode_safe") == []


def test_a_logged_skip_under_a_read_only_test_is_a_mode_guard():
    from mcpaudit.analysis.ts.appmode import read_only_guards

    src = b"if (isWriteTool && this.isReadonly()) {\n  console.warn(`skip ${name}`);\n  return;\n}"
    assert len(read_only_guards(src)) == 1
    assert read_only_guards(b"if (readOnly) { doThing(); return; }") == []
