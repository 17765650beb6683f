"""Causes of the forty-first Python holdout (issue 12, branch py54e), each with a twin
(``fixtures/taint/py54e``)."""

from __future__ import annotations

from pyflowgroups import FixtureFiles, rows

files = FixtureFiles("py54e")


def test_python_nmap_scan_with_the_callers_option_string_is_argument_injection(tmp_path):
    # scanner.scan(hosts=..., arguments=caller): python-nmap splits the string into nmap's options
    found = files.audit("nmapargs.py", tmp_path)
    line = files.line_of("nmapargs.py", "scanner.scan(hosts=host, arguments=args)")
    assert rows(found) == [("tool-argument-injection", line, "port_scan",
                            "tool 'port_scan' passes parameter 'arguments' to python-nmap scan(arguments=...): "
                            "argument injection (the arguments nmap is run with come from caller input)")]


def test_python_nmap_scan_with_the_servers_own_options_is_quiet(tmp_path):
    assert rows(files.audit("nmapfixed.py", tmp_path)) == []
