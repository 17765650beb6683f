"""Fingerprints: line-independent, context-aware, occurrence-indexed, deterministic."""

from __future__ import annotations

import copy
from typing import Dict, List

from mcpaudit.fingerprint import (
    assign_fingerprints,
    match_key,
    normalise_line,
    textual_context,
)
from mcpaudit.models import Confidence, Finding, Location, Severity

SERVER = """\
import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("demo")


@mcp.tool()
def run(cmd: str) -> str:
    return subprocess.run(cmd, shell=True).stdout


class Admin:
    def restart(self, cmd: str) -> str:
        return subprocess.run(cmd, shell=True).stdout

    def twice(self, cmd: str) -> None:
        subprocess.run(cmd, shell=True).stdout
        subprocess.run(cmd, shell=True).stdout
"""


def lines_of(text: str) -> List[str]:
    return text.splitlines()


def finding_at(line: int, rule: str = "tool-shell-injection", path: str = "server.py",
               column: int = 5) -> Finding:
    return Finding(rule_id=rule, engine="cst", severity=Severity.HIGH, confidence=Confidence.HIGH,
                   message="shell", location=Location(path, line, column))


def find_lines(text: str, needle: str) -> List[int]:
    return [i for i, ln in enumerate(text.splitlines(), 1) if needle in ln]


def fingerprints(text: str, needle: str = "subprocess.run(cmd") -> Dict[int, Finding]:
    found = [finding_at(n) for n in find_lines(text, needle)]
    assign_fingerprints(found, {"server.py": lines_of(text)})
    return {f.location.line: f for f in found}


def test_context_is_the_enclosing_qualname() -> None:
    fs = fingerprints(SERVER)
    contexts = [f.context for _, f in sorted(fs.items())]
    assert contexts == ["run", "Admin.restart", "Admin.twice", "Admin.twice"]


def test_existing_context_is_kept() -> None:
    f = finding_at(9)
    f.context = "set.by.engine"
    assign_fingerprints([f], {"server.py": lines_of(SERVER)})
    assert f.context == "set.by.engine"


def test_stable_when_lines_are_inserted_above() -> None:
    before = fingerprints(SERVER)
    shifted = "# a new header comment\n\nimport os\n\n" + SERVER.replace(
        "class Admin:", "class Admin:\n    '''Docs.'''\n\n    LIMIT = 3\n"
    )
    after = fingerprints(shifted)
    assert sorted(f.fingerprint for f in before.values()) == sorted(
        f.fingerprint for f in after.values()
    )
    # every finding moved, none kept its line number
    assert set(before) != set(after)


def test_identical_lines_in_different_functions_differ() -> None:
    fs = fingerprints(SERVER)
    run_line, restart_line = find_lines(SERVER, "return subprocess.run(cmd")
    assert normalise_line(SERVER.splitlines()[run_line - 1]) == normalise_line(
        SERVER.splitlines()[restart_line - 1]
    )
    assert fs[run_line].fingerprint != fs[restart_line].fingerprint


def test_repeated_identical_lines_get_an_occurrence_index() -> None:
    fs = fingerprints(SERVER)
    first, second = find_lines(SERVER, "        subprocess.run(cmd, shell=True).stdout")[-2:]
    assert fs[first].fingerprint != fs[second].fingerprint
    # same occurrence-free key: the baseline counts them as two of one kind
    assert match_key(fs[first]) == match_key(fs[second])


def test_deterministic_and_order_independent() -> None:
    a = fingerprints(SERVER)
    found = [finding_at(n) for n in reversed(find_lines(SERVER, "subprocess.run(cmd"))]
    assign_fingerprints(found, {"server.py": lines_of(SERVER)})
    b = {f.location.line: f for f in found}
    assert {k: v.fingerprint for k, v in a.items()} == {k: v.fingerprint for k, v in b.items()}
    assert all(len(v.fingerprint) == 32 and int(v.fingerprint, 16) >= 0 for v in a.values())


def test_whitespace_and_trailing_comment_do_not_matter() -> None:
    fs = fingerprints(SERVER)
    edited = SERVER.replace(
        "    return subprocess.run(cmd, shell=True).stdout\n\n\nclass",
        "    return  subprocess.run(cmd,   shell=True).stdout  # mcpaudit: ignore[x] later\n\n\nclass",
    )
    assert edited != SERVER
    gs = fingerprints(edited)
    assert sorted(f.fingerprint for f in fs.values()) == sorted(f.fingerprint for f in gs.values())


def test_hash_inside_string_is_not_a_comment() -> None:
    assert normalise_line('x = "a # b"  # real') == 'x = "a # b"'
    assert normalise_line('x = "a # b"') == 'x = "a # b"'
    assert normalise_line('s = """abc # not a comment') == 's = """abc # not a comment'


def test_rule_and_path_are_part_of_the_fingerprint() -> None:
    lines = {"a.py": ["x = eval(y)"], "b.py": ["x = eval(y)"]}
    fs = [finding_at(1, "eval", "a.py"), finding_at(1, "eval", "b.py"), finding_at(1, "other", "a.py")]
    assign_fingerprints(fs, lines)
    assert len({f.fingerprint for f in fs}) == 3


def test_changing_the_flagged_line_changes_the_fingerprint() -> None:
    fs = fingerprints(SERVER)
    edited = SERVER.replace("def run(cmd: str) -> str:\n    return subprocess.run(cmd, shell=True)",
                            "def run(cmd: str) -> str:\n    return subprocess.run(cmd, shell=True, text=True)")
    gs = fingerprints(edited)
    assert {f.fingerprint for f in fs.values()} != {f.fingerprint for f in gs.values()}


def test_unparsable_file_falls_back_to_indentation() -> None:
    text = "class A:\n    def f(self):\n        print 'py2'\n        eval(x)\n"
    f = finding_at(4)
    assign_fingerprints([f], {"server.py": lines_of(text)})
    assert f.context == "A.f" and f.fingerprint


def test_decorator_line_belongs_to_the_function() -> None:
    f = finding_at(7)  # "@mcp.tool()"
    assign_fingerprints([f], {"server.py": lines_of(SERVER)})
    assert f.context == "run"
    assert textual_context(lines_of(SERVER), 7) == "run"


def test_textual_context_matches_ast_context() -> None:
    lines = lines_of(SERVER)
    for n in find_lines(SERVER, "subprocess.run(cmd"):
        f = finding_at(n)
        assign_fingerprints([f], {"server.py": lines})
        assert textual_context(lines, n) == f.context


def test_module_level_and_missing_sources() -> None:
    top = finding_at(4)  # mcp = FastMCP(...)
    missing = finding_at(3, path="not-read.py")
    assign_fingerprints([top, missing], {"server.py": lines_of(SERVER)})
    assert top.context is None and top.fingerprint
    assert missing.context is None and missing.fingerprint
    again = copy.deepcopy(missing)
    again.fingerprint = ""
    assign_fingerprints([again], {})
    assert again.fingerprint == missing.fingerprint


def test_typescript_trailing_slash_comment_does_not_matter_but_a_url_does() -> None:
    def fp(line: str) -> str:
        f = finding_at(1, path="server.ts")
        assign_fingerprints([f], {"server.ts": [line]})
        return f.fingerprint

    plain = fp("exec(`ls ${dir}`);")
    assert fp("exec(`ls ${dir}`); // mcpaudit: ignore[tool-shell-injection] reviewed") == plain
    assert fp('fetch("http://a/" + p)') != fp('fetch("http://b/" + p)')
    assert fp("x = 'a // b' + y // c") == fp("x = 'a // b' + y")


def test_ts_contexts_drop_the_position_of_inline_handlers() -> None:
    from mcpaudit.engines.ts import stable_context

    assert stable_context("<tool run@5>") == "<tool run>"
    assert stable_context("Server.<call_tool@12>.cb@4031") == "Server.<call_tool>.cb"
    assert stable_context("installBrowsers") == "installBrowsers" and stable_context(None) is None
