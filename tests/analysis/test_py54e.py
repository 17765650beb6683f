"""Causes of the forty-first Python holdout (issue 12, branch py54e), each with a twin
(``fixtures/taint/py54e``)."""

from __future__ import annotations

from pyflowgroups import TAINT_FIXTURES, FixtureFiles, line_in, rows

files = FixtureFiles("py54e")
#: the folder fixtures, each its own project (a server-wide transport fact must not leak)
FIXTURES = TAINT_FIXTURES.parent / "py54e"


def test_python_nmap_scan_with_the_callers_option_string_is_argument_injection(tmp_path):
    # scanner.scan(hosts=..., arguments=caller): python-nmap splits the string into nmap's options
    found = files.audit("nmapargs.py", tmp_path)
    line = files.line_of("nmapargs.py", "scanner.scan(hosts=host, arguments=args)")
    assert rows(found) == [("tool-argument-injection", line, "port_scan",
                            "tool 'port_scan' passes parameter 'arguments' to python-nmap scan(arguments=...): "
                            "argument injection (the arguments nmap is run with come from caller input)")]


def test_python_nmap_scan_with_the_servers_own_options_is_quiet(tmp_path):
    assert rows(files.audit("nmapfixed.py", tmp_path)) == []


def test_path_open_with_a_writing_mode_is_a_write(tmp_path):
    # dest.open("wb") and Path(p).open(mode="w"): the mode writes, as open(p, "w") does
    found = files.audit("pathopenw.py", tmp_path)
    pdf = files.line_of("pathopenw.py", 'with dest.open("wb") as f:  # expect')
    note = files.line_of("pathopenw.py", 'with Path(path).open(mode="w") as f:  # expect')
    assert rows(found) == [
        ("capability-file-access", pdf, "save_pdf", "tool 'save_pdf' reads and writes any file the caller names: "
                                                    "parameter 'output_dir' reaches .open() as is"),
        ("capability-file-access", note, "save_note", "tool 'save_note' reads and writes any file the caller names: "
                                                      "parameter 'path' reaches .open() as is"),
    ]
    assert [bool(f.properties.get("writes")) for f in found] == [True, True]


def test_path_open_with_no_mode_or_a_reading_mode_reads(tmp_path):
    found = files.audit("pathopenr.py", tmp_path)
    pdf = files.line_of("pathopenr.py", 'with dest.open("rb") as f:  # expect')
    note = files.line_of("pathopenr.py", "with Path(path).open() as f:")
    assert rows(found) == [
        ("capability-file-access", pdf, "load_pdf", "tool 'load_pdf' reads any file the caller names: "
                                                    "parameter 'output_dir' reaches .open() as is"),
        ("tool-path-traversal", note, "load_note", "tool 'load_note' passes parameter 'path' to .open(): "
                                                   "path traversal / arbitrary file access"),
    ]
    assert [bool(f.properties.get("writes")) for f in found] == [False, False]


def _bind_rows(tmp_path, name):
    import shutil

    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    res = api.audit([root], Config(engines=("cst", "bandit"), cache=False, min_confidence=Confidence.LOW))
    return sorted((f.location.path, f.location.line, f.rule_id, f.confidence.label, f.message)
                  for f in res.findings if f.rule_id in ("B104", "http-transport-no-auth"))


def test_an_env_fallback_host_of_a_server_run_only_on_stdio_is_never_bound(tmp_path):
    # FastMCP(host=os.getenv("HOST", "0.0.0.0")) whose only run() is stdio: the fallback is the
    # server object's host, as host="0.0.0.0" is, so the posture moves B104 to the audit view
    line = line_in(FIXTURES / "envhost_stdio" / "main.py", 'host=os.getenv("HOST", "0.0.0.0")')
    assert _bind_rows(tmp_path, "envhost_stdio") == [
        ("main.py", line, "B104", "low",
         "Possible binding to all interfaces.; the address is the MCP server object's host, and no HTTP "
         "transport is served (every entry point runs stdio): never bound (audit view)"),
    ]


def test_an_env_fallback_host_of_a_server_run_over_sse_stays(tmp_path):
    line = line_in(FIXTURES / "envhost_sse" / "main.py", 'host=os.getenv("HOST", "0.0.0.0")')
    found = _bind_rows(tmp_path, "envhost_sse")
    assert [r[:4] for r in found if r[2] == "B104"] == [("main.py", line, "B104", "medium")]
