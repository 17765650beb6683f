"""Causes of the thirty-seventh Python holdout (web scraping, search, research, finance), each
with a twin that stays quiet or reported (issue 12, branch py51c; ``fixtures/taint/py51c``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py51c")


def test_a_code_option_filled_in_an_argv_whose_program_a_helper_prepends_is_code_execution(tmp_path):
    # args = [f"--script={scripts}", "-p", ports, "--", targets]; run_scanner runs ["nmap"] + args:
    # nmap's --script (process models: code-options) runs the scripts the caller names; ports,
    # right after -p (an option nmap reads with the next element), is no option; port_scan's
    # targets (no '--') still is, and the argv literal at its sink names nmap itself
    found = files.audit("scanhelper.py", tmp_path)
    helper = files.line_of("scanhelper.py", 'cmd = ["nmap"] + args')
    placed = files.line_of("scanhelper.py", 'args = [f"--script={scripts}"')
    inline = files.line_of("scanhelper.py", '["nmap", "--script", script, "--", host]')
    assert rows(found) == [
        ("capability-code-execution", placed, "script_scan",
         "tool 'script_scan' evaluates code the caller writes: parameter 'scripts' reaches nmap --script in "
         "subprocess.run() as is"),
        ("capability-code-execution", inline, "inline_scripts",
         "tool 'inline_scripts' evaluates code the caller writes: parameter 'script' reaches "
         "subprocess.run(['nmap', '--script', ...]) as is"),
        ("tool-argument-injection", helper, "port_scan",
         f"tool 'port_scan' passes parameter 'targets' to subprocess.run() through run_scanner() at "
         f"scanhelper.py:{helper + 1}: argument injection (added to the argument list after 'nmap' with no '--' "
         "before it: a value starting with '-' is read as an option"),
    ]
    code = next(f for f in found if f.rule_id == "capability-code-execution" and f.tool == "script_scan")
    assert [s.note for s in code.flow][1] == "placed as the value of option '--script'"
    lead = next(f for f in found if f.rule_id == "tool-argument-injection")
    assert lead.parameter == "targets" and "also reached" not in lead.message  # ports after -p is no flow


def test_a_code_option_given_a_constant_or_a_listed_script_is_quiet(tmp_path):
    # scripts checked against a fixed tuple, --script=default, targets after '--'
    assert rows(files.audit("scanhelper_safe.py", tmp_path)) == []
