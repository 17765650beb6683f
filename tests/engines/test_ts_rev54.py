"""Defects found reviewing stop 53's TypeScript changes (rev54, ``fixtures/typescript/rev54``).

* ``hookscope``/``hookscope_on`` (analysis/ts/hookwrites.py): a write's path is a git hook's
  only when the declaration its name resolves to *in scope* names ``.git/hooks``. A helper whose
  path is its own parameter (``saveNote(hookPath, text)``) is no hook because another function
  declares a local of the same name as one (it was a critical shell injection); a module-level
  ``HOOKS_DIR`` a helper's local is built from still is.
* ``readonlyif``/``readonlyif_safe`` (analysis/ts/readonlytx.py): a ``BEGIN ... READ ONLY`` run
  only on some paths to the caller's query (``if (readonly !== false)``, the caller's flag) is
  no read-only mode the database enforces; inside the same branch as the query it is.
"""

from __future__ import annotations

from mcpaudit.models import Confidence
from test_ts_engine import annotation_test, audit_group, line_of, scan

G = "rev54"
NAMES = ("hookscope", "hookscope_on", "readonlyif", "readonlyif_safe")

test_findings_equal_annotations = annotation_test([f"{G}/{n}" for n in NAMES])


def _default(name: str):
    out, _ = scan(f"{G}/{name}")
    return sorted(((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings
                   if f.confidence >= Confidence.MEDIUM), key=lambda r: (r[1], r[2], r[0]))


def test_a_parameter_path_is_no_hook_declared_in_another_function():
    g = f"{G}/hookscope"
    assert _default("hookscope") == [
        ("capability-file-access", "src/server.ts", line_of("src/server.ts", "await fs.writeFile(hookPath, text)", g),
         "save_note", "tool 'save_note' reads and writes any file the caller names: parameter 'file' reaches "
         "fs/promises.writeFile() as is")]


def test_a_hook_path_built_from_a_module_level_hooks_folder_is_a_hook():
    g = f"{G}/hookscope_on"
    assert [r for r in _default("hookscope_on") if not r[0].startswith("capability-")] == [
        ("tool-shell-injection", "src/server.ts", line_of("src/server.ts", "await fs.writeFile(hookPath, text)", g),
         "set_hook", "tool 'set_hook' passes parameter 'script' to fs/promises.writeFile(): OS command injection "
         "(the text is written as a git hook: the repository's next git command runs it)")]


def test_a_read_only_transaction_begun_on_the_callers_flag_enforces_nothing(tmp_path):
    g = f"{G}/readonlyif"
    res = audit_group(tmp_path, g)
    assert sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in res.findings
                  if f.rule_id == "tool-read-only-bypass") == [
        ("tool-read-only-bypass", "src/index.ts", line_of("src/index.ts", "const result = await client.query(sql);", g),
         "query", "tool 'query' is described as read-only but runs the caller's query text with no read-only mode "
         "the database enforces (client.query())")]


def test_a_read_only_transaction_begun_in_the_querys_own_branch_holds(tmp_path):
    res = audit_group(tmp_path, f"{G}/readonlyif_safe")
    assert [f for f in res.findings if f.rule_id == "tool-read-only-bypass"] == []
    [cap] = [c for t in res.tools for c in t.capabilities if c["capability"] == "raw-query"]
    assert cap["read_only"] and not cap["writes"]


def test_the_capability_says_whether_the_database_enforces_read_only():
    g, s = f"{G}/readonlyif", f"{G}/readonlyif_safe"
    line = line_of("src/index.ts", "const result = await client.query(sql);", g)
    assert _default("readonlyif") == [
        ("capability-raw-query", "src/index.ts", line, "query", "tool 'query' runs query text the caller writes "
         "(reads and writes): parameter 'sql' reaches client.query() as is"),
        ("tool-read-only-bypass", "src/index.ts", line, "query", "tool 'query' is described as read-only but runs "
         "the caller's query text with no read-only mode the database enforces (client.query())")]
    assert _default("readonlyif_safe") == [
        ("capability-raw-query", "src/index.ts", line_of("src/index.ts", "const result = await client.query(sql);", s),
         "query", "tool 'query' runs query text the caller writes (read-only, enforced by the database): parameter "
         "'sql' reaches client.query() as is")]
