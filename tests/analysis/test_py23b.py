"""Causes of the twenty-third Python holdout, reader B (issue 12, branch py23b), each with a twin
(``fixtures/taint/flows23b``): a desktop opener's lone operand and the tool's own freshly written
output (its size, the desktop opening it); containment in ``any(...)`` over a configured list of
roots; registration functions called through a loop."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.catalog import catalog

from pyflowgroups import FlowGroups, line_in

FLOWS = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "flows23b"
groups = FlowGroups("flows23b")


def test_a_desktop_opener_of_the_tools_own_output_is_no_injection():
    server = FLOWS / "openers" / "server.py"
    rows = groups.rows("openers")
    # xdg-open/open with one operand: no argument injection; os.startfile of the picture
    # cv2.imwrite has just written: no command; os.path.getsize of it: no file access
    read = line_in(server, "cv2.imwrite(out,")
    assert rows == sorted([
        ("server.py", read, "capability-file-access", "rotate_picture"),
        ("server.py", read, "tool-path-traversal", "rotate_picture"),
        ("server.py", line_in(server, "os.startfile(document)"), "tool-shell-injection", "open_document"),
        ("server.py", line_in(server, '["open", "-a", viewer, picture]'), "tool-argument-injection", "open_with"),
        ("server.py", line_in(server, '["nautilus", target]'), "tool-argument-injection", "browse_files"),
        ("server.py", line_in(server, "return os.path.getsize(picture)"), "capability-file-access", "picture_size"),
    ])
    # twins: a caller's own document opened by the desktop runs what it names
    assert groups.message("openers", "tool-shell-injection", "open_document") == (
        "tool 'open_document' passes parameter 'document' to os.startfile(): OS command injection (the desktop "
        "opens the file in the application its type is associated with; an executable or script the caller "
        "names runs)")
    assert groups.message("openers", "tool-argument-injection", "browse_files").startswith(
        "tool 'browse_files' passes parameter 'target' to subprocess.call(): argument injection")


def test_the_opener_line_of_the_own_output_is_a_safe_sink():
    _found, project = groups.run("openers")
    server = FLOWS / "openers" / "server.py"
    # bandit's B606 on os.startfile(path) moves to the audit view there (agreement.py)
    assert ("server.py", line_in(server, "os.startfile(path)"), "shell") in project.safe_sinks
    assert ("server.py", line_in(server, "os.startfile(document)"), "shell") not in project.safe_sinks


def test_openers_and_own_output_kinds_are_catalog_data():
    M = catalog().python
    assert {"xdg-open", "open"} <= M.opener_programs and {"xdg-open", "open"} <= catalog().typescript.opener_programs
    assert M.sink_calls["os.startfile"].kind == "opener"
    assert M.sink_calls["os.path.getsize"].kind == "metadata"
    assert M.sink_calls["cv2.imwrite"].kind == "encoder" and M.sink_calls["cv2.VideoWriter"].kind == "encoder"
