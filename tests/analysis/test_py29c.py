"""A scan rooted at a package folder names its modules from the first ancestor that is not a
package (issue 12, branch py29c; ``modnames.root_package``): the package's own absolute imports
(``from notekeeper.mcp.clients.store import NoteStore``) resolve as in a scan of its parent."""

from __future__ import annotations

import shutil
from pathlib import Path

from mcpaudit import api
from mcpaudit.analysis.modnames import root_dotted, root_package
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "py29c" / "rootpkg"
PKG = "src/notekeeper"


def _rows(root: Path, strip: str = ""):
    res = api.audit([root], Config(engines=("cst",), cache=False))
    return sorted((f.rule_id, f.location.path[len(strip):], f.location.line, f.tool, f.message.split(";")[0])
                  for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM)


def test_root_package_names_the_package_folders_above_the_scan_root(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "p")
    assert root_package(str(tmp_path / "p")) == ()
    assert root_package(str(tmp_path / "p" / "src")) == ()
    assert root_package(str(tmp_path / "p" / PKG)) == ("notekeeper",)
    assert root_package(str(tmp_path / "p" / PKG / "mcp")) == ("notekeeper", "mcp")
    assert root_dotted(tmp_path / "p" / PKG / "mcp") == "notekeeper.mcp"
    assert root_dotted(tmp_path / "p") == "p"  # no package: the folder name, as before


def test_a_package_scanned_at_its_own_folder_reports_what_a_scan_of_its_parent_does(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "p")
    at_parent = _rows(tmp_path / "p", strip=PKG + "/")
    at_package = _rows(tmp_path / "p" / PKG)
    store = FIXTURE / PKG / "mcp" / "clients" / "store.py"
    remote = FIXTURE / PKG / "mcp" / "tools" / "remote.py"
    assert at_package == at_parent == [
        ("tool-sql-injection", "mcp/clients/store.py", line_in(store, "WHERE title = '{title}'"), "read_note",
         "tool 'read_note' passes parameter 'title' to .execute(): SQL injection (the query is an f-string)"),
        ("tool-ssrf", "mcp/tools/remote.py", line_in(remote, "base_url=server_url"), "remote_titles",
         "tool 'remote_titles' passes parameter 'server_url' to httpx.Client(): server-side request forgery "
         "(the client sends every later request there)"),
    ]
    # twins: read_note_safe (a bound parameter) and remote_titles_safe (a constant base URL): nothing


def _cached_rows(root: Path, cache_dir: Path):
    res = api.audit([root], Config(engines=("cst",), cache=True, cache_dir=cache_dir))
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool)
                  for f in res.findings + res.capabilities if f.confidence >= Confidence.MEDIUM)


def test_the_same_files_under_another_package_name_are_not_answered_from_the_cache(tmp_path):
    # the same files (same paths under the root, same contents) imported under another package
    # name link differently: mcp/ scanned inside notekeeper resolves `from notekeeper.mcp...`;
    # a copy of mcp/ on its own cannot, and a cached link from the first scan must not answer it
    shutil.copytree(FIXTURE, tmp_path / "p")
    shutil.copytree(tmp_path / "p" / PKG / "mcp", tmp_path / "alone" / "mcp")
    cache = tmp_path / "cache"
    inside = _cached_rows(tmp_path / "p" / PKG / "mcp", cache)
    alone_cached = _cached_rows(tmp_path / "alone" / "mcp", cache)
    alone_fresh = _cached_rows(tmp_path / "alone" / "mcp", tmp_path / "cache2")
    assert [r[0] for r in inside] == ["tool-sql-injection", "tool-ssrf"]
    assert alone_cached == alone_fresh
    assert alone_fresh != inside
