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


def test_containment_in_any_over_a_configured_list_of_roots():
    server = FLOWS / "allowroots" / "server.py"
    # resolve(), then any(p.is_relative_to(root) for root in SHARED): contained, as the one-root form
    assert not [f for f in groups.found("allowroots") if f.tool == "read_attachment"]
    # twin: the same test on a path not resolved first stays a weak check, reported
    weak = [f for f in groups.found("allowroots") if f.tool == "read_attachment_unresolved"]
    opened = [i for i, ln in enumerate(server.read_text().splitlines(), 1) if 'open(where, "rb")' in ln]
    assert [(f.rule_id, f.location.line) for f in weak] == [("tool-path-traversal", opened[1])]
    assert weak[0].message == (
        "tool 'read_attachment_unresolved' passes parameter 'path' to open(): path traversal / arbitrary file "
        "access; only a weak check on the way: is_relative_to() on a path that was not resolved first: '..' and "
        "symlinks are not normalised")


def _audited(name: str, tmp_path: Path):
    import shutil

    shutil.copytree(FLOWS / name, tmp_path / name)
    return api_audit(tmp_path / name)


def test_an_api_description_shipped_as_data_is_no_auth_in_front(tmp_path):
    server = FLOWS / "apispec" / "server.py"
    found = _audited("apispec", tmp_path)
    # BasicAuth in the tracker's OpenAPI document describes the tracker's API, not a proxy here
    assert [(f.rule_id, f.location.line) for f in found] == [
        ("http-transport-no-auth", line_in(server, "mcp.run(transport=args.transport)"))]
    # the transport is an argparse choice (pyrec23's run-time transport on a server bound to all interfaces)
    assert found[0].message.startswith("mcp.run(transport=<chosen at run time>) serves MCP over HTTP when configured "
                                       "to, and no authentication is configured anywhere in the project (bound to all "
                                       "interfaces by default)")
    assert found[0].message.endswith("anyone who reaches it can call: ticket")
    # twin: an ingress that sends every request through an auth service first (written here: a
    # deployment file in the repository would be read as every in-repo fixture's deployment)
    (tmp_path / "twin").mkdir()
    (tmp_path / "twin" / "server.py").write_text(server.read_text())
    (tmp_path / "twin" / "ingress.yaml").write_text(INGRESS)
    res = api_audit(tmp_path / "twin")
    assert not [f for f in res if f.rule_id == "http-transport-no-auth"]


INGRESS = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: tickets
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/check"
"""


def api_audit(root: Path):
    from mcpaudit import api
    from mcpaudit.config import Config
    from mcpaudit.models import Confidence

    return [f for f in api.audit([root], Config(engines=("cst",), cache=False)).findings
            if f.confidence >= Confidence.MEDIUM]


def test_registration_functions_called_through_a_loop_register_their_tools():
    root = FLOWS / "regloop"
    # for register in [register_notes, register_shell]: register(mcp)
    assert groups.tools("regloop") == ["disk_usage", "read_note"]
    assert groups.rows("regloop") == [
        ("tools_a.py", line_in(root / "tools_a.py", "with open(name) as f:"), "tool-path-traversal", "read_note"),
        ("tools_b.py", line_in(root / "tools_b.py", "shell=True"), "tool-shell-injection", "disk_usage"),
    ]
    assert groups.message("regloop", "tool-shell-injection", "disk_usage") == (
        "tool 'disk_usage' passes parameter 'folder' to subprocess.run(shell=True): OS command injection")
    # twin: a registration function no loop or call hands the server registers nothing
    assert "remove_file" not in groups.tools("regloop")
