"""Causes of the fortieth TypeScript holdout (ts54c, ``fixtures/typescript/ts54c``,
``fixtures/taint/ts54c``).

* ``ffmpeg``/``ffmpeg_safe``: the file ffmpeg's and ffprobe's ``-i`` names is read
  (``input-options`` of the process models), in an argv and in a command line run by a shell,
  also when the line is built in one function and run in another and the same parameter is
  placed elsewhere in it too (the option mark survives the merge, ``taintvalue.merge_info``); the
  names of an ffmpeg concat list the function wrote are read by ``ffmpeg -f concat -safe 0``
  (``analysis/ts/concatlists.py``). The twin resolves and contains the path, checks the name with
  a regex, and runs the concat list without ``-safe 0``: quiet. The Python engine reads the same
  ``-i`` rows (``fixtures/taint/ts54c/ffmpeg_input*.py``).
* ``davclient``/``davclient_safe``: a request to the caller's URL whose headers spread the
  client's ``authHeaders`` carries the server's credential (``credential-headers``,
  ``analysis/ts/authheaders.py``); tsdav's DAVClient methods send their stored login to the URL
  they are given (``rules/models/typescript/dav.yaml``). The twin fetches the caller's URL with
  no credential (the tool's capability) and deletes an event under the configured host with the
  uid encoded: no default finding.
* ``lazyclient``/``lazyclient_safe``: a call of a lazy-singleton getter (``if (!_client) _client =
  new C(); return _client``, ``return (shared ??= new C())``) is an object of ``C``
  (``analysis/ts/lazyinstances.py``), so the path fill of ``C``'s request is reached from the
  tools. The twin encodes the ids: quiet.
"""

from __future__ import annotations

import shutil

import pytest

from mcpaudit import api
from mcpaudit.catalog import catalog
from mcpaudit.config import Config
from mcpaudit.models import Confidence
from test_ts_engine import FIXTURES, annotation_test, line_of, scan, steps

G = "ts54c"
NAMES = ("ffmpeg", "ffmpeg_safe", "davclient", "davclient_safe", "lazyclient", "lazyclient_safe")

test_findings_equal_annotations = annotation_test([f"{G}/{n}" for n in NAMES])


def _default(name: str, rule: str = ""):
    out, _ = scan(f"{G}/{name}")
    return sorted((f for f in out.findings if f.confidence >= Confidence.MEDIUM and (not rule or f.rule_id == rule)),
                  key=lambda f: (f.location.path, f.location.line, f.rule_id))


def _one(name: str, rule: str, path: str, line: int):
    hits = [f for f in _default(name, rule) if (f.location.path, f.location.line) == (path, line)]
    assert len(hits) == 1, [(f.rule_id, f.location.path, f.location.line, f.message) for f in _default(name)]
    return hits[0]


# -- 1. ffmpeg's file operands -------------------------------------------------------------

def test_the_process_models_say_ffmpeg_and_ffprobe_read_the_file_of_i():
    for lang in (catalog().typescript, catalog().python):
        assert lang.input_options["ffmpeg"] == frozenset({"-i"})
        assert lang.input_options["ffprobe"] == frozenset({"-i"})


@pytest.mark.parametrize("needle,tool,read", [
    ('execFile("ffmpeg", ["-y", "-i", input', "transcode", "ffmpeg -i"),
    ('execFile("ffprobe", ["-v", "error", "-show_format", "-i", input])', "probe", "ffprobe -i"),
])
def test_a_caller_path_after_i_in_an_argv_is_a_file_the_program_reads(needle, tool, read):
    line = line_of("src/server.ts", needle, f"{G}/ffmpeg")
    f = _one("ffmpeg", "tool-path-traversal", "src/server.ts", line)
    assert f.tool == tool
    assert f.message == (f"tool '{tool}' passes parameter 'name' to child_process.execFile() ['{read}', …]: "
                         f"path traversal / arbitrary file access ({read} reads the file the value names)")


def test_a_caller_path_after_i_in_a_command_line_run_elsewhere_is_read():
    line = line_of("src/server.ts", "exec(command, (err)", f"{G}/ffmpeg")
    f = _one("ffmpeg", "tool-path-traversal", "src/server.ts", line)
    assert f.tool == "speed_up"
    assert f.message == ("tool 'speed_up' passes parameter 'name' to child_process.exec(): path traversal / arbitrary "
                         "file access (the value of -i of 'ffmpeg', a file the command reads; a command line run by "
                         "a shell)")
    assert "passed to runLine()" in [s[2] for s in steps(f)]
    # the shell injection of the same line stays its own finding
    assert _one("ffmpeg", "tool-shell-injection", "src/server.ts", line).tool == "speed_up"


def test_the_names_of_a_concat_list_run_with_safe_0_are_read():
    line = line_of("src/server.ts", '"-safe", "0"', f"{G}/ffmpeg")
    f = _one("ffmpeg", "tool-path-traversal", "src/server.ts", line)
    assert f.tool == "concatenate"
    assert f.message == ("tool 'concatenate' passes parameter 'files' to child_process.execFile() "
                         "['ffmpeg -f concat -safe 0', …]: path traversal / arbitrary file access (ffmpeg's concat "
                         "demuxer reads every file the list 'listPath' names (-safe 0 admits any path))")
    assert "written to the file 'listPath'" in [s[2] for s in steps(f)]


def test_contained_paths_a_checked_name_and_a_safe_concat_list_are_quiet():
    assert _default("ffmpeg_safe") == []


def _python(name, tmp_path):
    shutil.copy(FIXTURES.parent / "taint" / G / name, tmp_path / name)
    res = api.audit([tmp_path], Config(engines=("cst",), cache=False))
    return sorted((f.rule_id, f.location.line, f.tool, f.message) for f in res.findings
                  if f.confidence >= Confidence.MEDIUM)


def test_python_reads_the_same_rows(tmp_path):
    found = _python("ffmpeg_input.py", tmp_path)
    assert [(r, line, tool) for r, line, tool, _m in found] == [
        ("tool-path-traversal", 15, "probe_video"), ("tool-path-traversal", 22, "transcode_video")]
    assert found[0][3].startswith("tool 'probe_video' passes parameter 'name' to subprocess.run(['ffprobe -i', ...]): "
                                  "path traversal / arbitrary file access")
    assert "ffprobe -i reads the file the value names" in found[0][3]


def test_python_contained_paths_are_quiet(tmp_path):
    assert _python("ffmpeg_input_safe.py", tmp_path) == []


# -- 2. a caller URL requested with the client's authentication headers ----------------------

def test_spread_auth_headers_make_the_callers_url_a_finding():
    line = line_of("src/server.ts", "const res = await fetch(calendar_url", f"{G}/davclient")
    f = _one("davclient", "tool-ssrf", "src/server.ts", line)
    assert f.tool == "rename_calendar"
    assert f.message == ("tool 'rename_calendar' passes parameter 'calendar_url' to fetch(): server-side request "
                         "forgery (the request carries the server's credential 'calDavClient.authHeaders' to the "
                         "host the caller chooses)")


def test_the_credential_header_names_are_catalog_data():
    pat = catalog().typescript.credential_headers
    assert all(pat.match(n) for n in ("authHeaders", "getAuthHeaders", "AUTH_HEADERS", "authorizationHeaders"))
    assert not any(pat.match(n) for n in ("headers", "defaultHeaders", "author", "authorHeaders"))


# -- 3. tsdav's DAVClient methods ----------------------------------------------------------

@pytest.mark.parametrize("needle,tool,param,method", [
    ("calDavClient.deleteCalendarObject(", "delete_event", "event_url", "deleteCalendarObject"),
    ("calDavClient.calendarMultiGet(", "get_events", "calendar_url", "calendarMultiGet"),
])
def test_a_dav_client_method_sends_its_login_to_the_url_it_is_given(needle, tool, param, method):
    line = line_of("src/server.ts", needle, f"{G}/davclient")
    f = _one("davclient", "tool-ssrf", "src/server.ts", line)
    assert f.tool == tool
    assert f.message == (f"tool '{tool}' passes parameter '{param}' to calDavClient.{method}(): server-side "
                         "request forgery (the request carries the server's credential 'calDavClient.authHeaders' "
                         "to the host the caller chooses)")


def test_a_plain_fetch_and_an_encoded_uid_under_the_configured_host_are_not_default_findings():
    line = line_of("src/server.ts", "await fetch(feed_url", f"{G}/davclient_safe")
    assert [(f.rule_id, f.location.line, f.tool) for f in _default("davclient_safe")] == [
        ("capability-network-request", line, "check_feed")]  # the tool's declared fetch, nothing more


# -- 4. a client reached through a lazy-singleton getter -----------------------------------

def test_a_lazy_singleton_getters_result_reaches_its_classs_request():
    line = line_of("src/client.ts", "const res = await fetch(`${BASE}${path}`", f"{G}/lazyclient")
    f = _one("lazyclient", "tool-ssrf", "src/client.ts", line)
    assert f.tool == "get_contact"
    assert f.message == ("tool 'get_contact' passes parameter 'id' to fetch(): server-side request forgery; only a "
                         "weak check on the way: it fills the path under the host its base URL fixes; '../' reaches "
                         "other endpoints of that host with the server's credential (the 'headers' option) (also "
                         "reached from tool 'update_deal')")
    assert ("src/tools.ts", line_of("src/tools.ts", "await getClient().getContact(id)", f"{G}/lazyclient"),
            "passed to getContact()") in steps(f)


def test_encoded_ids_behind_the_same_getters_are_quiet():
    assert _default("lazyclient_safe") == []
