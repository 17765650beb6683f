"""General causes read from nile and yt-dlp (issues 14 and 12), each on a fixture of our own with
a safe twin: a helper's result discriminated by a constant flag (``{ isError: true, ... }``) is
the error variant on the branch that tests it, so what only the other returns carry (a fresh
password) reaches no return or log there (``discriminated``); a program the author fixed that the
models do not know to change state (yt-dlp, ffprobe), run with an argv the caller cannot steer
into options, keeps ``destructiveHint=false`` (``fixedruns``)."""

from __future__ import annotations


import test_ts_engine
from test_ts_engine import by_rule, line_of

GROUPS = ["discriminated", "fixedruns"]


test_findings_equal_annotations = test_ts_engine.annotation_test(GROUPS)


def test_the_error_variant_of_a_discriminated_result_holds_no_secret():
    returned = by_rule("discriminated", "secret-in-tool-result")
    assert {f.tool for f in returned.values()} == {"show_login", "show_probe", "loose"}
    f = returned[("server.ts", line_of("server.ts", "    return conn; // expect", "discriminated"))]
    assert f.message == "tool 'show_login' returned a value containing secret 'login.password' to the caller"
    # a flag that is not a constant (isError: !res.ok) tells nothing: the result is kept whole
    assert ("server.ts", line_of("server.ts", "if (conn.isError) return conn;", "discriminated")) in returned
    logs = by_rule("discriminated", "secret-in-log")
    assert set(logs) == {("server.ts", line_of("server.ts", 'log.debug("minted", conn)', "discriminated"))}
    assert next(iter(logs.values())).message == "secret 'login.password' is written to a log by log.debug()"


def test_a_fixed_program_that_changes_nothing_is_not_destructive():
    mism = by_rule("fixedruns", "tool-annotation-mismatch")
    assert {f.tool for f in mism.values()} == {"stop_downloads", "clear_downloads", "fetch_with_options", "disk_usage"}
    wrapper = line_of("server.ts", "spawn(command, args)", "fixedruns")
    assert {(k[1], f.tool) for k, f in mism.items()} == {
        (wrapper, "stop_downloads"),  # pkill: the models' writing-uses
        (line_of("server.ts", 'spawn("rm", args)', "fixedruns"), "clear_downloads"),  # rm: a file program
        (line_of("server.ts", 'spawn("yt-dlp", ["--no-mtime", url])', "fixedruns"), "fetch_with_options"),
        (line_of("server.ts", "execSync(line)", "fixedruns"), "disk_usage"),  # a shell line from settings
    }
    f = mism[("server.ts", wrapper)]
    assert f.message == "tool 'stop_downloads' is annotated destructiveHint=False but runs programs (child_process.spawn())"
