"""Python hazards read by hand and not reported, and messages that named the wrong value (issue 12,
branch pyrec25), each with a twin that stays quiet (``fixtures/taint/pyrec25``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("pyrec25")


def test_a_callers_chrome_switches_are_options_of_the_browser(tmp_path):
    found = files.audit("chromeswitches.py", tmp_path)
    added = files.line_of("chromeswitches.py", "opts.add_argument(switch)")
    launched = files.line_of("chromeswitches.py", "await p.chromium.launch(args=")
    assert [r[:3] for r in rows(found)] == [("tool-argument-injection", added, "open_browser"),
                                            ("tool-shell-injection", launched, "render_page")]
    by_tool = {f.tool: f for f in found}
    # **settings -> settings.get("extra_switches") -> a loop: the message names the item the
    # caller's mapping gave that keyword, not the first item of the mapping (proxy)
    assert by_tool["open_browser"].message == (
        "tool 'open_browser' passes parameter 'arguments['extra_switches']' to add_argument(): argument injection "
        "(a value starting with '-' is read as an option (no '--' before it); chrome options that run a program, "
        "touch a file or send a credential elsewhere: --browser-subprocess-path, --gpu-launcher, --renderer-cmd-prefix, --utility-cmd-prefix)")
    assert by_tool["render_page"].message == (
        "tool 'render_page' passes parameter 'renderer_prefix' to chromium.launch(args=...): OS command injection "
        "(chrome --renderer-cmd-prefix runs the program or script the value names)")
    # twins: --proxy-server=<value>, --window-size=<w,h> and --lang=<value> are values of fixed
    # switches; argparse's add_argument(flag) is no browser's


def test_an_encoder_with_a_number_branch_keeps_the_value_one_segment(tmp_path):
    found = files.audit("numberbranch.py", tmp_path)
    sink = files.line_of("numberbranch.py", "return self._http.get(path).json()")
    # get_repo's id goes through _encode on every path (isinstance int: str(v); else quote(v,
    # safe="")): the shared sink's headline is get_setting's unencoded name, and get_repo is no flow
    assert [r[:3] for r in rows(found)] == [("tool-ssrf", sink, "get_setting")]
    assert found[0].message.startswith("tool 'get_setting' passes parameter 'name' to self._http.get(): server-side "
                                       "request forgery")
    assert "get_repo" not in {o["tool"] for o in found[0].properties.get("other_flows", [])}
