"""Issue 12, branch py57g: a path rebuilt from its parts less ``..`` and the anchor
(``"/".join(p for p in v.split("/") if p and p != "..")``, ``Path(v).parts`` less ``/``) is a path
sanitizer once joined under a folder the code chose (partfilter.py); a filter that keeps the
anchor, one decoded afterwards, or a value opened on its own stays reported (``fixtures/py57g``)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "analysis"))

from pyflowgroups import TAINT_FIXTURES, copied_rule_rows, line_in  # noqa: E402

from mcpaudit import api  # noqa: E402
from mcpaudit.config import Config  # noqa: E402
from mcpaudit.models import Confidence  # noqa: E402

PROJECTS = TAINT_FIXTURES.parent / "py57g"
MSG = "passes parameter 'name' to .read_text(): path traversal / arbitrary file access"


def _default(found):
    return [r for r in found if r[2] != "low"]


def test_a_part_filter_joined_under_the_root_is_quiet(tmp_path):
    # another module's function, staticmethod and loop filter, a .parts filter, an inline filter on .strip()
    server = PROJECTS / "partfilter_root" / "server.py"
    found = copied_rule_rows(PROJECTS, "partfilter_root", tmp_path, "tool-path-traversal")
    assert _default(found) == []
    assert sorted(r[1] for r in found) == [line_in(server, 'with open(target, "w", encoding="utf-8") as f:'),
                                           line_in(server, "os.remove(DOCS / rel)"),
                                           line_in(server, 'with open(DOCS / note_relative(name), "a", encoding="utf-8") as f:')]
    assert all("not traced to an MCP tool parameter" in r[4] for r in found)


def test_a_filter_that_keeps_the_anchor_or_is_decoded_stays(tmp_path):
    server = PROJECTS / "partfilter_kept" / "server.py"
    found = _default(copied_rule_rows(PROJECTS, "partfilter_kept", tmp_path, "tool-path-traversal"))
    assert sorted(found) == sorted([
        ("server.py", line_in(server, 'return (DOCS / keep_anchor(name)).read_text(encoding="utf-8")'), "high",
         "read_doc", f"tool 'read_doc' {MSG}"),
        ("server.py", line_in(server, 'return (DOCS / unquote(drop_dots(name))).read_text(encoding="utf-8")'), "high",
         "read_encoded", f"tool 'read_encoded' {MSG}"),
        ("server.py", line_in(server, 'return (DOCS / rel).read_text(encoding="utf-8")'), "high",
         "read_parts", f"tool 'read_parts' {MSG}"),
        # a loop that changes the part after its test (control characters dropped): ".\x01." is ".." then
        ("server.py", line_in(server, 'with open(DOCS / printable_parts(name), "a", encoding="utf-8") as f:'), "high",
         "append_doc", "tool 'append_doc' passes parameter 'name' to open(): path traversal / arbitrary file access (write)"),
        # the filtered list gets an empty first part back: "/".join(...) is absolute again
        ("server.py", line_in(server, 'return (DOCS / "/".join(parts)).read_text(encoding="utf-8")'), "high",
         "read_rooted", f"tool 'read_rooted' {MSG}"),
        # Path("//etc/passwd").parts is ("//", "etc", "passwd"): dropping "/" alone rebuilds "///etc/passwd"
        ("server.py", line_in(server, 'return (DOCS / rel).read_text(encoding="utf-8", errors="replace")'),
         "high", "read_anchor", f"tool 'read_anchor' {MSG}"),
    ])


def test_a_part_filter_opened_on_its_own_is_still_any_file(tmp_path):
    shutil.copytree(PROJECTS / "partfilter_kept", tmp_path / "kept")
    res = api.audit([tmp_path / "kept"], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    server = PROJECTS / "partfilter_kept" / "server.py"
    caps = [(c.rule_id, c.location.path, c.location.line, c.message) for c in res.capabilities if c.tool == "read_plain"]
    assert caps == [("capability-file-access", "server.py", line_in(server, 'with open(rel, encoding="utf-8") as f:'),
                     "tool 'read_plain' reads any file the caller names: parameter 'name' reaches open() as is; "
                     "reachable over stdio only, by the local user who starts the server")]
