"""URL operands of programs that request them, in a list handed to the project's runner
(fixtures/typescript/argvurls): ``runProgram("yt-dlp", [..., url])`` where ``runProgram(cmd,
args)`` spawns ``cmd`` with ``args``. The element is a request target of that program (process
models ``argv: url-programs``; ``option-operands`` say which options take a value, so a URL after
a switch is still the operand), reported where it was placed: the tool's capability when it says
it downloads, a request forgery when it does not. A helper that only parses the URL
(``new URL(x)`` in a try) proves it is no option but nothing of its host."""

from __future__ import annotations

from mcpaudit.analysis.taintvalue import UNCHECKED
from mcpaudit.models import Confidence

from test_ts_engine import FIXTURES, _show, expectations, line_of, only, scan, steps

G = "argvurls"


def test_findings_equal_annotations():
    out, _ = scan(G)
    got = {(f.location.path, f.location.line, f.rule_id) for f in out.findings if f.confidence >= Confidence.MEDIUM}
    want = expectations(FIXTURES / G)
    assert got == want, f"missing:\n{_show(want - got)}\nextra:\n{_show(got - want, out.findings)}"


def test_a_url_operand_handed_to_the_runner_is_the_download_tools_capability():
    out, _ = scan(G)
    f = only(out.findings, rule_id="capability-network-request")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", line_of("server.ts", "args.push(url);", G), "download_video")
    assert f.message == ("tool 'download_video' fetches any URL the caller gives: parameter 'url' reaches yt-dlp in "
                         "child_process.spawn() as is")
    assert steps(f)[-4:] == [
        ("server.ts", f.location.line, "a URL operand of 'yt-dlp', which requests it"),
        ("server.ts", line_of("server.ts", 'await runProgram("yt-dlp", args);', G), "passed to runProgram()"),
        ("server.ts", line_of("server.ts", "function runProgram(", G), "parameter 'args'"),
        ("server.ts", line_of("server.ts", "spawn(command, args)", G), "reaches child_process.spawn()"),
    ]


def test_a_url_operand_of_a_tool_that_does_not_say_it_fetches_is_a_request_forgery():
    out, _ = scan(G)
    f = only(out.findings, rule_id="tool-ssrf")
    assert (f.location.line, f.tool, f.parameter, f.confidence) == (
        line_of("server.ts", '["-s", "-L", article]', G), "wiki_title", "article", Confidence.HIGH)
    assert f.message == ("tool 'wiki_title' passes parameter 'article' to curl in child_process.spawn(): "
                         "server-side request forgery (curl requests the URL)")


def test_option_values_fixed_hosts_host_checks_and_other_programs_are_no_request():
    out, _ = scan(G)
    shown = [f for f in out.findings if f.confidence >= Confidence.MEDIUM]
    assert not [f for f in shown if f.tool in ("wiki_video", "wiki_page", "wiki_as_browser", "count_words")], \
        [(f.rule_id, f.tool, f.message) for f in shown]


def test_a_helper_that_only_parses_the_url_proves_it_is_no_option():
    from mcpaudit.analysis.ts.module import analyze_module
    from mcpaudit.analysis.ts.parse import parse

    p = FIXTURES / G / "lib" / "urls.ts"
    data = p.read_bytes()
    fns = {fn.name: fn for fn in analyze_module("lib/urls.ts", data, parse(data, str(p))).functions.values()}
    # a form test only (it parses): a mark for the caller, not a check (tscap48, ts/formchecks.py)
    assert fns["validateUrl"].verdicts == {"url": (frozenset({"argument", UNCHECKED}), None)}

