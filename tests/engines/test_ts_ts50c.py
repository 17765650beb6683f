"""Causes of the wrong rows of the thirty-sixth TypeScript holdout (ts50c,
``fixtures/typescript/ts50c``).

* ``listquery``: a helper returns ``{ cypher, params }`` (each property kept on its own,
  ``analysis/ts/retfields.py``) and the caller tests ``if (q.cypher)`` before it pushes
  ``q.cypher`` into the WHERE conditions. The test narrows the call's result to the returns
  whose ``cypher`` can be truthy (``discriminated.py``); a property read there is the label
  ``("c", i, cond, key)``: that property of those returns (``discriminants.part``), no longer the
  whole result. The safe twin builds the text from fixed names (the tags travel in ``params``);
  the vulnerable one pastes the tags into the text as well.
"""

from __future__ import annotations

from test_ts_engine import audit_group, line_of

G = "ts50c"


def _rule(res, rule):
    return sorted((f for f in res.findings if f.rule_id == rule), key=lambda f: (f.location.path, f.location.line))


def test_query_text_of_a_returned_object_carries_only_its_own_property(tmp_path):
    res = audit_group(tmp_path, f"{G}/listquery")
    [f] = _rule(res, "tool-sql-injection")
    run = line_of("server.ts", "await session.run(", f"{G}/listquery")
    assert (f.location.path, f.location.line, f.tool) == ("server.ts", run, "list_notes")
    assert f.message.startswith("tool 'list_notes' passes parameter 'tags' to session.run(): SQL injection")
    notes = [s.note for s in f.flow]
    assert "returned by inList()" in notes and "added to 'conditions'" in notes


def test_query_text_built_from_fixed_names_with_the_value_in_params_is_quiet(tmp_path):
    res = audit_group(tmp_path, f"{G}/listquery_safe")
    assert not _rule(res, "tool-sql-injection")
    assert not [f for f in res.findings if f.tool]
