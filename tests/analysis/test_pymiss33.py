"""Python holdout hazards the scan missed (pymiss33, issue 12): registration helpers that wrap the
function they are handed in some branches, Adobe scripting bridges as code sinks, ..."""

from __future__ import annotations

from pyflowgroups import FlowGroups

GROUPS = FlowGroups("pymiss33")


# -- a registration helper that rebinds the handed function through imported decorators --------

def test_a_helper_registering_a_wrapped_or_bare_function_registers_it():
    assert GROUPS.tools("wrapped_helper") == ["rename_layer", "set_opacity"]
    line = GROUPS.line_of("wrapped_helper", "pslayers/psapp.py", "self.app.doJavaScript(script)")
    assert GROUPS.rows("wrapped_helper") == [("pslayers/psapp.py", line, "tool-code-injection", "rename_layer")]
    assert GROUPS.message("wrapped_helper", "tool-code-injection", "rename_layer").startswith(
        "tool 'rename_layer' passes parameter 'name' to doJavaScript() (ExtendScript run by the Adobe "
        "application; app.system() runs commands): code injection")


def test_a_helper_whose_every_branch_registers_a_wrapper_that_never_calls_it_registers_none():
    assert GROUPS.tools("wrapped_helper_stub") == []
    assert GROUPS.rows("wrapped_helper_stub") == []


# -- B507: an OpenSSH known-hosts file of /dev/null --------------------------------------------

def _marked(path, marker: str) -> list:
    return [i for i, text in enumerate(path.read_text().splitlines(), 1) if marker in text]


def test_a_known_hosts_file_of_dev_null_is_host_key_checking_off(tmp_path):
    import shutil

    from pyflowgroups import TAINT_FIXTURES

    from mcpaudit.engines import bandit

    src = TAINT_FIXTURES.parent / "ssh_hostkeys" / "knownhosts"
    shutil.copytree(src, tmp_path / "knownhosts")
    out = bandit.run(sorted((tmp_path / "knownhosts").glob("*.py")), tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.path, f.location.line, f.confidence.label, f.cwe[0]) for f in out.findings
                 if f.rule_id == "B507")
    want = sorted([("knownhosts/constants.py", n, "medium", "CWE-295") for n in _marked(src / "constants.py", "# reported")]
                  + [("knownhosts/remote.py", n, "medium", "CWE-295") for n in _marked(src / "remote.py", "# reported")])
    assert len(want) == 5 and got == want
    line = _marked(src / "remote.py", "whatever the checking mode")[0]
    msg = next(f.message for f in out.findings if f.location.line == line and f.location.path == "knownhosts/remote.py")
    assert msg == ("OpenSSH client run with UserKnownHostsFile=/dev/null: the host's key is not verified, so anyone on "
                   "the network path can impersonate the host and receive the commands, files and credentials sent to "
                   "it (the known-hosts file is /dev/null: no host key is ever remembered, so every host's key is "
                   "accepted as a new one)")
    strict = _marked(src / "remote.py", "one finding for the list")[0]
    assert next(f.properties["host-key-option"] for f in out.findings
                if f.location.line == strict and f.location.path == "knownhosts/remote.py") == "StrictHostKeyChecking=no"


# -- B103: a file made world-writable by a chmod run as a command ------------------------------

def test_chmod_777_run_as_a_command_is_b103(tmp_path):
    import shutil

    from pyflowgroups import TAINT_FIXTURES

    from mcpaudit.engines import bandit

    src = TAINT_FIXTURES.parent / "bandit_chmod" / "binaries.py"
    shutil.copy(src, tmp_path / src.name)
    out = bandit.run([tmp_path / src.name], tmp_path, timeout=300)
    assert out.ran, out.errors
    got = sorted((f.location.line, f.confidence.label, f.cwe[0], f.properties["mode"]) for f in out.findings
                 if f.rule_id == "B103")
    lines = _marked(src, "# reported")
    assert got == [(lines[0], "medium", "CWE-732", "777"), (lines[1], "medium", "CWE-732", "a+rwx"),
                   (lines[2], "medium", "CWE-732", "0666"), (lines[3], "medium", "CWE-732", "777")]
    msg = next(f.message for f in out.findings if f.location.line == lines[0] and f.rule_id == "B103")
    assert msg == ("chmod sets mode 777 through a command: the file is left writable by every local user, who can "
                   "change or replace it (a program the server runs later then runs their code)")


def test_world_writable_modes():
    from mcpaudit.engines.bandit_chmodcmd import world_writable

    for mode in ("777", "0666", "0772", "o+w", "a+rwx", "u+x,o+w", "go=rw"):
        assert world_writable(mode), mode
    for mode in ("755", "0644", "+w", "o-w", "u+w", "g+w", "-R", "x"):
        assert not world_writable(mode), mode


# -- SSRF: a cloud SDK client whose API host is built from the caller's region -----------------

def test_a_callers_region_picks_the_host_of_a_credentialed_sdk_client():
    assert GROUPS.tools("region_host") == ["list_rules", "search_events"]
    line = GROUPS.line_of("region_host", "server.py", "(the API host: ")
    assert GROUPS.rows("region_host") == [("server.py", line, "tool-ssrf", "search_events")]
    assert GROUPS.message("region_host", "tool-ssrf", "search_events") == (
        "tool 'search_events' passes parameter 'region' to SecOpsClient.chronicle(region=) (the region is pasted "
        "into the API host the Google credentials go to): server-side request forgery (the server's credential "
        "goes with it)")
