"""Issue 12, branch py28b (the twenty-eighth Python holdout, reader B): ``fixtures/taint/py28b``.

* system programs whose options do nothing beyond their job, or whose caller value is the one
  positional a command needs (the process models' ``option-hazards`` and ``argument-arity``
  rows for ping, tracert, sc, docker and systemctl), also when a branch test fixes the command
  word (``if action in ("stop", "logs")``: argvchoices.py);
* options that take the next element as their value (crontab -u, journalctl -u);
* wrapper programs read through to the program they run (``sudo``, ``timeout``: argvwrap.py);
* a function defined twice: the later def is what the name runs, an earlier decorated def keeps
  its own registration unless a later template of the same URI replaces it (redefs.py);
* a read-only tool that rewrites the server's own cache file with nothing of the caller's
  (ownwrites.py).
Each group has a twin that keeps its findings.
"""

from __future__ import annotations

from pyflowgroups import FlowGroups

groups = FlowGroups("py28b")

_OPTION = "argument injection (a value starting with '-' is read as an option (no '--' before it)"


def _line(name: str, needle: str) -> int:
    return groups.line_of(name, "server.py", needle)


def _arg_rows(name: str, low: bool = False):
    return {f.tool: f for f in groups.found(name, low=low) if f.rule_id == "tool-argument-injection"}


def test_programs_with_no_harmful_option_or_a_value_slot_are_quiet():
    default = _arg_rows("sysprogs")
    for tool in ("probe", "route", "halt", "tail_box", "svc_query", "unit_log", "user_cron", "box_action"):
        assert tool not in default, tool
    low = _arg_rows("sysprogs", low=True)
    for tool in ("probe", "route", "halt", "tail_box", "svc_query", "unit_log", "user_cron", "box_action"):
        assert tool not in low, tool


def test_a_lone_needed_positional_behind_a_wrapper_is_shown_in_the_audit_view():
    default, low = _arg_rows("sysprogs"), _arg_rows("sysprogs", low=True)
    for tool, needle, cmd in (("svc_up", '["sudo", "-n", "systemctl", "start", unit]', "systemctl start"),
                              ("box_up", '"timeout", "-s", "KILL", "30", "docker", "start", box]', "docker start"),
                              ("box_power", '["docker", verb, box]', "docker start")):
        assert tool not in default, tool
        f = low[tool]
        assert f.location.line == _line("sysprogs", needle)
        assert f.message.endswith(f"(audit view: {cmd} takes at least 1 positional argument and gets 1, this one "
                                  f"among them, so as an option it leaves the command short and "
                                  f"{cmd.split()[0]} refuses to run it)"), f.message


def test_the_program_behind_sudo_names_its_harmful_options():
    f = _arg_rows("sysprogs")["pkg_add"]
    assert f.location.line == _line("sysprogs", '["sudo", "apt-get", "install", "-y", pkg]')
    assert f.message == ("tool 'pkg_add' passes parameter 'pkg' to subprocess.run(): " + _OPTION
                         + "; apt-get options that run a program, touch a file or send a credential elsewhere: "
                         "--config-file, --option, -c, -o)")


def test_the_twins_keep_their_findings():
    rows = groups.rows("sysprogs_twin")
    want = [("server.py", _line("sysprogs_twin", needle), "tool-argument-injection", tool) for needle, tool in (
        ('["systemctl", "status", unit]', "unit_state"),
        ('["sudo", "docker", "start", box, image]', "box_run"),
        ('["sudo", "-s", "grep", cmd]', "shell_as_root"),
        ('["nice", "-n", "5", "dig", name]', "dig_it"),
        ('["docker", action, box]', "box_verb"))]
    assert rows == sorted(want)
    status = groups.message("sysprogs_twin", "tool-argument-injection", "unit_state")
    assert status.endswith("; systemctl options that run a program, touch a file or send a credential elsewhere: "
                           "--host, --image, --machine, --root, -H, -M)")
    assert "dig -n" not in groups.message("sysprogs_twin", "tool-argument-injection", "dig_it")


def test_a_later_def_of_the_same_name_is_the_one_registered_and_run():
    assert groups.tools("redefined") == ["dump_unit"]
    rows = groups.rows("redefined")
    assert rows == [("server.py", _line("redefined", 'with open(target, "w") as fh:'), "tool-path-traversal", "dump_unit")]
    f = groups.found("redefined")[0]
    assert f.message == "tool 'dump_unit' passes parameter 'unit' to open(): path traversal / arbitrary file access (write)"
    # the replaced resource body (PowerShell script) is not served: nothing reported there
    assert not [x for x in groups.found("redefined", low=True) if x.location.line != f.location.line]


def test_an_earlier_decorated_def_keeps_its_registration():
    assert groups.rows("redefined_twin") == [
        ("server.py", _line("redefined_twin", 'shell=True'), "tool-shell-injection", "count_lines")]


def test_a_read_only_tool_refreshing_its_own_cache_keeps_its_claim():
    assert [f for f in groups.found("owncache", low=True) if f.rule_id == "tool-read-only-bypass"] == []
    f = next(f for f in groups.found("owncache_twin") if f.rule_id == "tool-read-only-bypass")
    assert (f.location.line, f.tool) == (_line("owncache_twin", 'with open(STATE_FILE, "w") as fh:'), "peek")
    assert f.message == "tool 'peek' is annotated readOnlyHint=True but writes files (open())"
