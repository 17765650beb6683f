"""Handler maps built from entry lists (tsrec25, ``fixtures/typescript/tsrec25``).

Each tool module keeps its handlers in ``new Map([["name", handler], ...])`` and the server
merges them (``new Map([...noteTools.handlers, ...shellTools.handlers])``), then calls the one
the requested tool's name picks (``toolHandlers.get(name)``):

* merged at module level (``handlermaps``), the dispatch now reaches every entry's handler,
  each with its own tool (``ts/maptables.py``; before, no handler was reached and both sinks were
  reported at low confidence only, not traced to a tool); the safe twin (``keep_note``: a base
  name inside the notes folder) stays quiet;
* merged inside the function that builds the server (``factorymap``, the shape of
  shacharsol/js-package-manager-mcp), no handler is reached yet: keeping such a map as a table
  too reached that server's handlers, but gave it eleven new findings, several with a wrong
  reason (a package manager chosen from an allow-list read as "the program comes from the
  caller"), so it was left for later (benchmarks/precision/README.md, tsrec25). Marked xfail."""

from __future__ import annotations

import pytest
from test_ts_engine import audit_group, line_of

G = "tsrec25/handlermaps"


def by_rule(tmp_path, group: str, rule: str) -> dict:
    res = audit_group(tmp_path / rule, group)
    return {(f.location.path, f.location.line): f for f in res.findings if f.rule_id == rule}


def test_merged_module_level_maps_reach_each_handler_with_its_tool(tmp_path):
    [(key, f)] = by_rule(tmp_path, G, "tool-path-traversal").items()
    assert key == ("tools/notes.ts", line_of("tools/notes.ts", "fs.writeFileSync(input.target, input.text);", G))
    assert f.tool == "export_note"
    assert f.message.startswith("tool 'export_note' passes parameter 'arguments['target']' to fs.writeFileSync(): "
                                "path traversal / arbitrary file access (write)")
    [(key, f)] = by_rule(tmp_path, G, "tool-shell-injection").items()
    assert key == ("tools/shell.ts", line_of("tools/shell.ts", "exec(`grep -r", G))
    assert f.tool == "grep_logs"
    assert f.message.startswith("tool 'grep_logs' passes parameter 'arguments['pattern']' to child_process.exec(): "
                                "OS command injection")


def test_the_safe_twin_in_the_same_map_stays_quiet(tmp_path):
    assert all(f.tool != "keep_note" for f in audit_group(tmp_path, G).findings)


@pytest.mark.xfail(strict=True, reason="a handler map merged inside the server's factory function is not read yet")
def test_maps_merged_inside_the_server_factory_reach_the_handlers(tmp_path):
    found = by_rule(tmp_path, "tsrec25/factorymap", "tool-path-traversal")
    assert [f.tool for f in found.values()] == ["dump_note"]
