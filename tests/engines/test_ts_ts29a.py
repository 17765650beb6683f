"""The 29th TypeScript holdout's general causes (ts29a, ``fixtures/typescript/ts29a``).

``quoted``: ``x.replace(/'/g, "'\\''")`` kept in a variable and placed between single quotes is
one shell word (shellwords.py), through a second quoting layer for ssh too, and in the script of
``sh -c`` given as a list element; the value placed bare
in a remote line that is quoted afterwards, a value between double quotes and a quoted ``sh -c``
script stay reported. ``firstword``/``firstsplit``: the first word of a line split on blanks is
the program; a value placed after a constant word is never in it (in the same function or a caller
of the splitting one), a caller's value placed first still is. ``refoptions``: a secret-named
value given as ``docker build --secret`` (a reference) is no secret in the logged line; a
``--password`` value still is. ``querytext``: ``new URLSearchParams(q).toString()`` is
percent-encoded text that cannot move the configured host; a path made to start with '/' placed
right after the host fills the path (slashpaths.py: the path-fill policy, medium), where a
caller's base URL or a path not so made chooses the host (high).
"""

from __future__ import annotations

import pytest

from test_ts_engine import annotation_test, by_rule, line_of

from mcpaudit.analysis.ts.shellwords import escape_mark, first_word, placed
from mcpaudit.analysis.taintvalue import AFTER_BLANK
from mcpaudit.analysis.taintvalue import AFTER_BASE, COMMAND_TEXT, SH_QUOTED, SLASH_LED, Info
from mcpaudit.analysis.ts.slashpaths import after_base
from mcpaudit.analysis.urlpath import URL_PATH
from mcpaudit.models import Confidence

GROUPS = ["ts29a/quoted", "ts29a/firstword", "ts29a/firstsplit", "ts29a/refoptions", "ts29a/querytext"]

test_findings_equal_annotations = annotation_test(GROUPS)


def _high(group, rule):
    return {k: f for k, f in by_rule(group, rule).items() if f.confidence >= Confidence.MEDIUM}


def test_single_quote_escape_in_a_variable_is_one_shell_word():
    group = "ts29a/quoted"
    lines = {k[1]: f for k, f in _high(group, "tool-shell-injection").items() if k[0] == "server.ts"}
    read = line_of("server.ts", "const command = `cat '${escapedPath}'`;", group) + 1
    listed = line_of("server.ts", "const command = `ls -la ${dir}`;", group) + 1
    assert read not in lines  # quoted for the remote shell, the line quoted again for the local one
    words = line_of("server.ts", "execFileSync(\"sh\", [\"-c\", `echo ${text} | wc -w`]", group)
    assert sorted(lines) == [listed, line_of("server.ts", 'execSync(`echo "${escaped}"`);', group),
                             line_of("server.ts", "execSync(`sh -c '${escaped}'`);", group), words]
    # the script of sh -c given as a list element: quoted there, one word; bare, the finding
    assert line_of("server.ts", "execFileSync(\"sh\", [\"-c\", `echo '${escaped}' | wc -c`]", group) not in lines
    assert lines[words].tool == "count_words" and "parameter 'arguments['text']'" in lines[words].message
    twin = lines[listed]
    assert twin.tool == "list_remote"
    assert twin.message.startswith("tool 'list_remote' passes parameter 'arguments['dir']' to child_process.exec(): "
                                   "OS command injection")
    echo = lines[line_of("server.ts", 'execSync(`echo "${escaped}"`);', group)]
    assert echo.tool == "echo_text" and "parameter 'arguments['text']'" in echo.message
    script = lines[line_of("server.ts", "execSync(`sh -c '${escaped}'`);", group)]
    assert script.tool == "run_script" and "parameter 'arguments['script']'" in script.message


def test_constant_first_word_is_the_program_of_a_blank_split():
    group = "ts29a/firstword"
    found = _high(group, "tool-shell-injection")
    run = line_of("compose.ts", "const result = spawnSync(command, commandArgs, { cwd: options.cwd", group)
    assert ("compose.ts", run) not in found
    twin = found[("compose.ts", line_of("compose.ts", "const result = spawnSync(command, commandArgs, { encoding", group))]
    assert twin.tool == "check_target"
    assert twin.message.startswith("tool 'check_target' passes parameter 'arguments['checker']' to "
                                   "child_process.spawnSync(): OS command injection (the program to run comes from the caller)")
    low = by_rule(group, "tool-argument-injection")[("compose.ts", run)]
    assert low.tool == "compose_up" and low.confidence == Confidence.LOW  # its arguments: still the audit view


def test_first_word_of_a_line_split_in_another_function():
    group = "ts29a/firstsplit"
    [(key, f)] = _high(group, "tool-shell-injection").items()
    assert key == ("lines.ts", line_of("lines.ts", "return spawnSync(program, rest", group))
    assert f.tool == "lint_file"
    assert f.message.startswith("tool 'lint_file' passes parameter 'arguments['linter']' to child_process.spawnSync(): "
                                "OS command injection (the program to run comes from the caller)")
    assert all(o.get("tool") != "pull_image" for o in f.properties.get("other_flows", []))


def test_secret_reference_option_is_no_secret_in_a_log():
    group = "ts29a/refoptions"
    found = _high(group, "secret-in-log")
    build = line_of("builder.ts", "console.error(`[BUILD] ${command}`);", group)
    assert ("builder.ts", build) not in found
    twin = found[("builder.ts", line_of("builder.ts", "console.error(`[LOGIN] ${command}`);", group))]
    assert twin.tool == "registry_login"
    assert twin.message.startswith("secret 'params.password' is written to a log by console.error()")


def test_url_search_params_text_and_slash_led_paths_cannot_move_the_host():
    group = "ts29a/querytext"
    found = _high(group, "tool-ssrf")
    base = line_of("server.ts", "const url = base + withQuery(", group) + 1
    raw = line_of("server.ts", "const response = await fetch(`${base}${path}`", group)
    led = line_of("server.ts", "const response = await fetch(`${base}${relative}`", group)
    page = line_of("server.ts", "fetch(`https://${SITE}.atlassian.net${normalizePath(path)}`", group)
    assert sorted(found) == sorted(("server.ts", n) for n in (base, raw, led, page))  # not get_pages
    twin = found[("server.ts", base)]
    assert (twin.tool, twin.confidence) == ("get_from", Confidence.HIGH)
    assert twin.message.startswith("tool 'get_from' passes parameter 'arguments['base']' to fetch(): "
                                   "server-side request forgery (the request carries the server's credential")
    bare = found[("server.ts", raw)]
    assert (bare.tool, bare.confidence) == ("get_raw", Confidence.HIGH)
    assert "to the host the caller chooses" in bare.message
    for line, tool in ((led, "get_path"), (page, "get_page")):  # made to start with '/': a path fill
        f = found[("server.ts", line)]
        assert (f.tool, f.confidence) == (tool, Confidence.MEDIUM)
        assert f.message.startswith(f"tool '{tool}' passes parameter 'arguments['path']' to fetch(): server-side "
                                    "request forgery; only a weak check on the way: it fills the path under the host "
                                    "its base URL fixes")


def test_after_base_marks():
    led = {("src", "t", "p"): Info((), clean=frozenset({SLASH_LED})), ("p", "x"): Info(())}
    out = after_base(led, "https://api.example.com")
    assert URL_PATH in out[("src", "t", "p")].clean and AFTER_BASE in out[("p", "x")].clean
    assert URL_PATH not in after_base(led, "https:")[("src", "t", "p")].clean  # https:${p}: //host
    assert URL_PATH not in after_base(led, "")[("src", "t", "p")].clean  # the URL's start


def _t(*clean):
    return {("p", "x"): Info((), clean=frozenset(clean))}


def test_placed_marks():
    esc = escape_mark(b"x.replace(/'/g, \"'\\\\''\")", [], "replace", _t())  # no args: not an escape
    assert esc == {}
    quoted = placed({("p", "x"): Info((), clean=frozenset({"sh-single-quote-escaped"}))}, "cat '")
    info = quoted[("p", "x")]
    assert SH_QUOTED in info.clean and AFTER_BLANK in info.clean and info.is_clean("shell")
    run = placed({("p", "x"): Info((), clean=frozenset({"sh-single-quote-escaped"}))}, "sh -c '")
    assert not run[("p", "x")].is_clean("shell")  # the quoted word is a script sh runs
    bare = placed(_t(), "ls -la ")[("p", "x")]
    assert COMMAND_TEXT in bare.clean and not bare.is_clean("shell")
    assert not Info((), clean=frozenset({SH_QUOTED, COMMAND_TEXT})).is_clean("shell")
    first = placed(_t(), "")
    assert first_word(first) and not first_word(placed(_t(), "docker "))


@pytest.mark.parametrize("before", ["", "'", "x'"])
def test_placed_without_a_word_before_is_not_after_a_blank(before):
    assert AFTER_BLANK not in placed(_t(), before)[("p", "x")].clean
