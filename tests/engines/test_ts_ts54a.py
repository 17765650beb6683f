"""Open TypeScript causes left by stop 53 (ts54a, ``fixtures/typescript/ts54a``).

* ``returnedclient``/``returnedclient_safe``: a library client a project function returns
  (``createGitInstance(dir): SimpleGit`` in another module, a function of this module, a static
  method, a method returning another factory's result) is that library's client at the caller
  (``analysis/ts/returnedclients.py``). The twin's look-alike methods of a project class and a
  Map stay quiet, and so do the library calls that are safe.
* ``gitanswers``/``gitanswers_safe``: what simple-git's parsed-answer methods return (``log().all``
  hashes, ``status().modified``, ``branch().all``, ``tags()``, ``getRemotes()``) is the
  repository's data, not the caller's text (``data-answers`` rows, ``analysis/ts/dataanswers.py``);
  the caller's own value and the text of ``revparse``/``catFile`` (not listed) stay reported.
"""

from __future__ import annotations

import test_ts_engine
from test_ts_engine import line_of, scan, steps

from mcpaudit.models import Confidence

G = "ts54a"
_NAMES = ["returnedclient", "returnedclient_safe", "gitanswers", "gitanswers_safe"]

test_findings_equal_annotations = test_ts_engine.annotation_test([f"{G}/{n}" for n in _NAMES])


def _rows(name, *, low=False):
    out, _ = scan(f"{G}/{name}")
    return [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in sorted(
        out.findings, key=lambda f: (f.location.path, f.location.line)) if low or f.confidence >= Confidence.MEDIUM]


def _one(name, tool):
    out, _ = scan(f"{G}/{name}")
    hits = [f for f in out.findings if f.tool == tool and f.confidence >= Confidence.MEDIUM]
    assert len(hits) == 1, [(f.rule_id, f.location.path, f.location.line) for f in hits]
    return hits[0]


_ARGV = ("argument injection (a value starting with '-' is read as an option (no '--' before it); "
         "git {cmd} options that run a program, touch a file or send a credential elsewhere: {opts})")


def test_a_client_a_project_function_returns_is_that_librarys_client():
    g = f"{G}/returnedclient"
    show = line_of("src/server.ts", 'await git.raw(["show", ref])', g)
    log = line_of("src/server.ts", '.raw(["log", ref])', g)
    blame = line_of("src/server.ts", 'this.git().raw(["blame"', g)
    sql = line_of("src/server.ts", "await store.query(`SELECT", g)
    get = line_of("src/server.ts", "Services.api().get(url)", g)
    assert _rows("returnedclient") == [
        ("tool-argument-injection", "src/server.ts", blame, "git_blame",
         "tool 'git_blame' passes parameter 'rev' to simple-git raw(): " + _ARGV.format(cmd="blame", opts="--contents, -S")),
        ("tool-argument-injection", "src/server.ts", show, "git_show",
         "tool 'git_show' passes parameter 'ref' to simple-git raw(): " + _ARGV.format(cmd="show", opts="--output")),
        ("tool-argument-injection", "src/server.ts", log, "git_log",
         "tool 'git_log' passes parameter 'ref' to simple-git raw(): " + _ARGV.format(cmd="log", opts="--output")),
        ("tool-sql-injection", "src/server.ts", sql, "find_orders",
         "tool 'find_orders' passes parameter 'customer' to store.query(): SQL injection (the query is a template literal)"),
        ("capability-network-request", "src/server.ts", get, "fetch_page",
         "tool 'fetch_page' fetches any URL the caller gives: parameter 'url' reaches Services.api().get() as is"),
    ]


def test_the_flow_runs_through_the_method_that_returns_another_factorys_client():
    g = f"{G}/returnedclient"
    f = _one("returnedclient", "git_blame")
    call = line_of("src/server.ts", "await new History(process.cwd()).blame(rev)", g)
    blame = line_of("src/server.ts", 'this.git().raw(["blame"', g)
    assert steps(f) == [
        ("src/server.ts", call - 1, "parameter 'rev' of MCP tool 'git_blame' (caller-controlled)"),
        ("src/server.ts", call, "passed to blame()"),
        ("src/server.ts", blame - 1, "parameter 'rev'"),
        ("src/server.ts", blame, "reaches simple-git raw()"),
    ]


def test_a_factory_of_a_project_class_or_a_map_gives_no_library_sink():
    assert _rows("returnedclient_safe", low=True) == []


def test_a_caller_value_and_gits_text_answers_stay_the_callers_in_the_next_argv():
    g = f"{G}/gitanswers"
    diff = line_of("src/server.js", "out.push(await git.diff([`${commit.hash}^..${commit.hash}`, since]))", g)
    resolved = line_of("src/server.js", "await git.diff([resolved.trim()])", g)
    log = line_of("src/server.js", 'await git.raw(["log", "-1", name.trim()])', g)
    assert _rows("gitanswers") == [
        ("tool-argument-injection", "src/server.js", diff, "commit_diff",
         "tool 'commit_diff' passes parameter 'since' to simple-git diff(): " + _ARGV.format(cmd="diff", opts="--output")),
        ("tool-argument-injection", "src/server.js", resolved, "resolve_and_diff",
         "tool 'resolve_and_diff' passes parameter 'rev' to simple-git diff(): " + _ARGV.format(cmd="diff", opts="--output")),
        ("tool-argument-injection", "src/server.js", log, "type_then_log",
         "tool 'type_then_log' passes parameter 'rev' to simple-git raw(): " + _ARGV.format(cmd="log", opts="--output")),
    ]
    assert steps(_one("gitanswers", "type_then_log")) == [
        ("src/server.js", log - 3, "parameter 'rev' of MCP tool 'type_then_log' (caller-controlled)"),
        ("src/server.js", log - 1, "assigned to 'name'"),
        ("src/server.js", log, "reaches simple-git raw()"),
    ]


def test_names_and_hashes_simple_git_parses_are_the_repositorys_data():
    # on main: six argument-injection rows (the log/status/branch/tags/remotes answers carried
    # the caller's options and repo_path)
    assert _rows("gitanswers_safe", low=True) == []

