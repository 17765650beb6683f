"""Branch pyreach22 (issue 12): the DNS-rebinding guard of the mcp SDK behind a loopback server
whose transport is chosen at run time (fixtures/pyreach22/{oldsdk,newsdk,floor}), and reachability
from a Python server's entry points (fixtures/pyreach22/reach*)."""

from __future__ import annotations

from pathlib import Path

from mcpaudit import api
from mcpaudit.config import Config
from mcpaudit.models import Confidence

from pyflowgroups import line_in

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "pyreach22"


def _audit(name: str):
    res = api.audit([FIX / name], Config(engines=("cst",), cache=False, min_confidence=Confidence.LOW))
    return res.findings


def _http(name: str):
    return [f for f in _audit(name) if f.rule_id == "http-transport-no-auth"]


def test_a_loopback_server_whose_locked_sdk_predates_the_guard_stays_at_default():
    [f] = _http("oldsdk")
    assert f.confidence == Confidence.MEDIUM
    assert f.location.line == line_in(FIX / "oldsdk" / "server.py", "# expect: http-transport-no-auth")
    assert "bound to 127.0.0.1 by default" in f.message
    assert "mcp 1.12.4 is locked in" in f.message and "checks neither Host nor Origin before mcp 1.23.0" in f.message
    assert "add_note" in f.message


def test_a_loopback_server_whose_locked_sdk_has_the_guard_goes_to_the_audit_view():
    [f] = _http("newsdk")  # the twin: the lock holds 1.23.1
    assert f.confidence == Confidence.LOW
    assert "reachable from this machine only" in f.message
    assert "checks Host and Origin headers for a FastMCP built for a loopback host, from mcp 1.23.0 on" in f.message


def test_a_lower_bound_alone_resolves_the_newest_sdk_which_has_the_guard():
    [f] = _http("floor")
    assert f.confidence == Confidence.LOW
    assert "requires mcp>=1.8.0 with nothing locking it" in f.message
    assert "from mcp 1.23.0 on; the older releases the bound allows do not" in f.message


def _reach(files, root=Path("/nonexistent")):
    import ast

    from mcpaudit.analysis.entryreach import reach

    return reach({p: ast.parse(t) for p, t in files.items()}, files, root)


_LIB = {
    "pkg/a.py": "def used(): pass\ndef by_attr(): pass\ndef by_name(): pass\ndef lonely(): pass\n"
                "def by_string(): pass\n@deco\ndef decorated(): pass\n",
    "pkg/b.py": "from pkg.a import used\nimport pkg.a as a\na.by_attr()\ngetattr(a, 'by_string')\n",
    "pkg/old.py": "def dispatch(): pass\n",
}
_MAIN = ("import pkg.b\ndef by_name(): pass\ndef used(): pass\ndef by_string(): pass\ndef by_attr(): pass\n"
         "def decorated(): pass\nby_name(); used(); by_string(); by_attr(); decorated()\n")


def test_reach_counts_imports_attributes_strings_and_decorators_from_an_entry_point():
    # (unreferenced.py's stale-copy case, decided by the general walk: c.py's own by_name is no
    # reference to a.by_name, whose stale copy nothing reaches)
    r = _reach({**_LIB, "pkg/c.py": _MAIN + 'if __name__ == "__main__":\n    by_name()\n'})
    dead = {(path, name) for path, rows in r.dead_functions.items() for name, _f, _l in rows
            if path not in r.dead_modules}
    # (lonely: nothing names it, no namesake is live: a library's API may be called by its users)
    assert dead == {("pkg/a.py", "by_name")}
    assert r.dead_modules == {"pkg/old.py"}  # nothing imports or names it
    assert r.entries == ("pkg/c.py runs as a program (__main__)",)
    assert r.where("pkg/old.py", 1).startswith("in dispatch(), which nothing in the project calls")
    assert r.where("pkg/b.py", 1) is None


def test_reach_changes_nothing_when_no_entry_point_resolves():
    assert _reach({**_LIB, "pkg/c.py": _MAIN}) is None


def test_reach_follows_string_imports_loaders_and_listed_namespaces():
    files = {
        "app/__main__.py": "import importlib\nimportlib.import_module('app.plugins.alpha')\nfrom app import registry\n",
        "app/__init__.py": "",
        "app/plugins/__init__.py": "",
        "app/plugins/alpha.py": "def run(): pass\n",
        "app/plugins/beta.py": "def run(): pass\n",
        "app/registry.py": "def listed(): pass\nfor k, v in globals().items(): pass\n",
        "app/stale.py": "def helper(): pass\n",
    }
    r = _reach(files)
    assert r.dead_modules == {"app/plugins/beta.py", "app/stale.py"}
    assert "app/registry.py" not in r.dead_functions  # globals() lists every function of it
    # a loader of a computed name in plugins/ reaches every module of that folder, no other
    files["app/plugins/loader.py"] = "import importlib\ndef load(n):\n    return importlib.import_module(n)\n"
    files["app/__main__.py"] += "from app.plugins.loader import load\nload('beta')\n"
    assert _reach(files).dead_modules == {"app/stale.py"}


def test_findings_in_code_no_entry_point_reaches_go_to_the_audit_view_with_the_reason():
    found = {(f.location.path.rsplit("/", 1)[-1], f.rule_id): f for f in _audit("reach")}
    live = found[("cli.py", "secret-in-log")]  # the twin: the console script pyproject.toml names
    assert live.confidence >= Confidence.MEDIUM and "not reachable" not in live.message
    assert live.location.line == line_in(FIX / "reach" / "notes" / "cli.py", "# expect: secret-in-log")
    helper = found[("helpers.py", "secret-in-log")]  # a function only unreached code calls
    assert helper.confidence == Confidence.LOW
    assert helper.location.line == line_in(FIX / "reach" / "notes" / "helpers.py", "# audit view")
    assert "not reachable from any entry point of the server: in dump_settings(), which nothing" in helper.message
    assert "nothing that code reaches names it" in helper.message
    assert "names notes.cli:main" in helper.message
    legacy = found[("legacy.py", "secret-in-log")]  # a module nothing imports or names
    assert legacy.confidence == Confidence.LOW
    assert "in sync(), which nothing in the project calls" in legacy.message
    assert "notes/legacy.py is imported or named by nothing an entry point runs" in legacy.message
