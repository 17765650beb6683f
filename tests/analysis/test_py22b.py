"""Causes of the twenty-second Python holdout, reader B (issue 12, branch py22b), each with a
twin (``fixtures/taint/flows22b``): command lines run by a shell on the other side of an argv
(``adb shell``, ``ssh HOST``, ``docker exec C sh -c``), built through the project's own device
wrapper; a lookup helper whose None says "no such item", used as a guard; and temp folders bandit
reports that are only searched for an input file."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog
from mcpaudit.engines.bandit_tmpsearch import searched_folders
from mcpaudit.models import Confidence

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows22b"
groups = FlowGroups("flows22b")


def _by_tool(name: str, rule: str):
    return {f.tool: f for f in groups.found(name) if f.rule_id == rule}


def test_a_value_in_a_remote_shell_line_is_shell_injection():
    server, bridge = FLOWS / "remotelines" / "server.py", FLOWS / "remotelines" / "phonebridge.py"
    shell = _by_tool("remotelines", "tool-shell-injection")
    assert sorted(shell) == ["container_ls", "phone_app", "phone_files", "phone_log", "pod_grep", "unit_status"]
    # through the wrapper chain (["shell", line] -> ["-s", phone, *argv] -> [self.adb_bin, *argv]):
    # reported where the line is written and handed to the wrapper that places it after "shell"
    files = shell["phone_files"]
    assert (files.location.path, files.location.line) == (
        "phonebridge.py", line_in(bridge, """return await self.on_phone(phone, f"ls -l '{folder}'")"""))
    assert files.parameter == "folder" and files.confidence == Confidence.HIGH
    assert files.message == (
        "tool 'phone_files' passes parameter 'folder' to asyncio.create_subprocess_exec() through the command "
        f"line passed at line {files.location.line}: OS command injection (adb shell joins the words after 'shell' "
        "into a command line that the shell on the other side runs)")
    # a strip of ; | & leaves backticks and $(): still injection
    assert shell["phone_log"].location.line == line_in(bridge, 'return await self.on_phone(phone, f"logcat -d')
    # a word of the remote list after the fixed words is spliced into the same line
    assert shell["phone_app"].location.line == line_in(server, 'return await phones.open_app("emulator-5554", app)')
    unit = shell["unit_status"]
    assert unit.location.line == line_in(server, '"ssh", "-p", "2222", "ops@build"')
    assert "ssh joins the words after its host into a command line" in unit.message
    assert "docker exec runs sh -c with the value there" in shell["container_ls"].message
    assert "kubectl exec runs sh -c with the value there" in shell["pod_grep"].message
    # the caller's whole line is the tool's command execution, not an injection
    run = _by_tool("remotelines", "capability-command-execution")
    assert list(run) == ["phone_run"]
    assert run["phone_run"].location.line == line_in(server, 'return await phones.on_phone("emulator-5554", command)')
    # twins: shlex.quote'd values stay quiet, and no argument injection is left for adb's own options
    assert not any(f.tool.endswith("_quoted") for f in groups.found("remotelines", low=True) if f.tool)
    assert not _by_tool("remotelines", "tool-argument-injection")


def test_remote_shells_are_catalog_data():
    M = catalog().python
    assert {"ssh", "adb shell"} <= M.remote_shells
    assert "-s" in M.option_operands["adb"] and "-p" in M.option_operands["ssh"]


def test_a_lookup_that_answers_none_for_unknown_items_guards_its_argument():
    server = FLOWS / "lookups" / "server.py"
    shell = _by_tool("lookups", "tool-shell-injection")
    # `if printer is None` and `if not printer` after find_printer (None unless the name is one
    # of the spooler's queues): the name equals a known queue, no finding
    assert sorted(shell) == ["printer_reset", "printer_resume"]
    # twins: a lookup that accepts any non-empty name, and a lookup whose answer is ignored
    assert shell["printer_resume"].location.line == line_in(server, 'f"cupsenable {name}"')
    assert shell["printer_reset"].location.line == line_in(server, 'f"cupsreject {name}"')
    assert shell["printer_resume"].message == (
        "tool 'printer_resume' passes parameter 'name' to subprocess.run(shell=True): OS command injection")


SEARCH = '''import glob
import os


def find_input(name):
    places = ["."]
    for folder in ["/tmp", "./uploads", "/var/tmp"]:
        if os.path.exists(folder):
            places.append(folder)
    extra = ["./inbox", "/tmp/inbox"]
    for folder in extra:
        if os.path.isdir(folder):
            places.append(folder)
    found = []
    for place in places:
        candidate = os.path.join(place, name)
        if os.path.exists(candidate):
            found.append(candidate)
        found.extend(glob.glob(os.path.join(place, "**", name), recursive=True))
    return found


def keep_report(text):
    for folder in ["/tmp/reports", "./reports"]:
        if os.path.isdir(folder):
            with open(os.path.join(folder, "report.txt"), "w") as fh:
                fh.write(text)


def scratch_dirs():
    dirs = []
    for folder in ["/tmp/scratch", "./scratch"]:
        dirs.append(folder)
    return dirs
'''


def test_temp_folders_only_searched_for_an_input_file_go_to_the_audit_view():
    lines = SEARCH.splitlines()
    at = {needle: next(i for i, ln in enumerate(lines, 1) if needle in ln)
          for needle in ('"/tmp", "./uploads"', '"/tmp/inbox"', '"/tmp/reports"', '"/tmp/scratch"')}
    why = searched_folders(SEARCH, list(at.values()))
    assert set(why) == {at['"/tmp", "./uploads"'], at['"/tmp/inbox"']}
    assert why[at['"/tmp/inbox"']].startswith("the temp folder is one of several places searched")
    # twins: a searched folder written into, and a collected list returned to a caller, keep B108


def test_an_in_memory_buffer_is_no_path():
    # PIL.Image.open(io.BytesIO(bytes)) opens no file (files.yaml: io.BytesIO clears path)
    assert "path" in catalog().python.clears.get("io.BytesIO", frozenset())
    found = [(f.rule_id, f.tool) for f in groups.found("buffers", low=True) if f.rule_id.endswith("file-access")
             or f.rule_id == "tool-path-traversal"]
    assert found == [("capability-file-access", "image_size_of_file")]  # the twin: the caller's path


def test_a_call_of_a_records_callable_field_lands_in_the_methods_stored_there():
    src = FLOWS / "records" / "actionset.py"
    rows = [(f.rule_id, f.location.path, f.location.line, f.tool) for f in groups.found("records")]
    # registry.execute -> self.actions[name].run(arguments) -> Action(run=self._search): the
    # record's method reads the caller's arguments; no query runner is read into .run()
    assert rows == [("tool-argument-injection", "actionset.py", line_in(src, '["grep", "-rl", args["pattern"]'),
                     "call_tool")]
    only = groups.found("records")[0]
    assert only.message.startswith("tool 'call_tool' passes parameter 'arguments['pattern']' to subprocess.run(): "
                                   "argument injection")
    # the twin (the same record shape with '--' before the pattern) stays quiet


def test_a_local_dict_spread_into_a_sink_passes_only_its_keys():
    src = FLOWS / "spreads" / "server.py"
    rows = [(f.rule_id, f.location.line, f.tool) for f in groups.found("spreads", low=True) if f.tool]
    # {"file": NOTES, "encoding": encoding} (plus a constant key assigned after): the caller's
    # encoding is no file; the twin assigns the caller's folder under "file" before the spread
    assert rows == [("capability-file-access", line_in(src, "# expect: capability-file-access"), "note_in")]
