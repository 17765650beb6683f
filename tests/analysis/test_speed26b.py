"""speed26b (issue 15): two module-side collectors read a function's nodes once instead of once per
question. :func:`storedfns.stored_functions` finds the ``for`` loops, assignments and calls of a
function's body in one walk (three before), and :func:`dispatch.self_table_name` reads the
assignments of the module's functions once per module (before: every function walked twice for
every ``self.<attr>`` it was asked about). The same results, in the same order
(``fixtures/taint/speed26b/stored``: records filled from a loop over a parameter, through a
nested helper, run by name)."""

from __future__ import annotations

import libcst as cst
import pytest

from mcpaudit.analysis import dispatch, module as module_mod, storedfns
from mcpaudit.analysis import cstnodes as N
from mcpaudit.engines import cst as cst_engine

from pyflowgroups import TAINT_FIXTURES, FlowGroups, line_in

groups = FlowGroups("speed26b")
STORED = TAINT_FIXTURES / "speed26b" / "stored"


def test_functions_stored_from_a_loop_over_a_parameter_are_the_dispatchers_tools():
    rows = [(f.rule_id, f.location.path, f.location.line, f.tool, f.engine) for f in groups.found("stored")]
    assert rows == [
        ("tool-shell-injection", "chores.py", line_in(STORED / "chores.py", "# expect: tool-shell-injection"),
         "pack", "cst"),
        ("tool-path-traversal", "chores.py", line_in(STORED / "chores.py", "# expect: tool-path-traversal"),
         "peek", "cst"),
    ]
    found = groups.found("stored")
    assert found[0].message.startswith("tool 'pack' passes parameter 'arguments['folder']' to "
                                       "subprocess.run(shell=True): OS command injection")
    assert found[1].message.startswith("tool 'peek' passes parameter 'arguments['path']' to open(): "
                                       "path traversal")
    # the twin: the Alarm records' field of the same name holds sweep, which no tool runs
    sweep = line_in(STORED / "chores.py", '"rm -rf /tmp/')
    assert not [f for f in groups.found("stored", low=True) if f.location.line == sweep and f.tool]
    assert groups.tools("stored") == ["pack", "peek"]


def _old_stored_functions(mod):
    """:func:`storedfns.stored_functions` as it was before speed26b: three walks per function."""
    if "for " not in mod.text and "[" not in mod.text and "@" not in mod.text:
        return None
    stores, forwards, hands, declared = [], [], [], {}
    for qual, cls, fn in storedfns._defs(mod):
        if fn.decorators and cls is not None or fn.decorators and "." not in qual:
            d = storedfns._declaration(mod, fn)
            if d is not None:
                declared[qual] = d
        holders = storedfns._holders(fn)
        made = {}
        for stmt in N.find_all(fn.body, cst.Assign):
            if isinstance(stmt.value, cst.Call) and len(stmt.targets) == 1 and isinstance(stmt.targets[0].target, cst.Name):
                cls_name = mod.dotted(stmt.value.func) or ""
                if storedfns._class_like(cls_name):
                    made[stmt.targets[0].target.value] = cls_name
        for call in N.find_all(fn.body, cst.Call):
            callee = mod.dotted(call.func) if isinstance(call.func, (cst.Name, cst.Attribute)) else None
            if not callee:
                continue
            if storedfns._class_like(callee):
                stores.extend((qual, holders[a.value.value], callee, a.keyword.value) for a in call.args
                              if a.keyword is not None and isinstance(a.value, cst.Name) and a.value.value in holders)
                continue
            for key, v in storedfns._keyed_args(call):
                if isinstance(v, cst.Name) and v.value in holders:
                    forwards.append((qual, holders[v.value], callee, key))
                elif isinstance(v, (cst.List, cst.Tuple)) and v.elements:
                    refs = tuple(r for r in (storedfns._ref(mod, e.value, made) for e in v.elements) if r)
                    if len(refs) == len(v.elements):
                        hands.append((qual, callee, key, refs))
    if not (stores or forwards or hands or declared):
        return None
    return tuple(stores), tuple(forwards), tuple(hands), declared


def _old_self_table_name(mod, node):
    """:func:`dispatch.self_table_name` as it was before speed26b (no memo: asked afresh)."""
    if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self"):
        return None
    attr = node.attr.value
    found = set()
    for fn in N.find_all(mod.module, cst.FunctionDef):
        local = {t.target.value: a.value.value for a in N.find_all(fn, cst.Assign) for t in a.targets
                 if isinstance(t.target, cst.Name) and isinstance(a.value, cst.Name)}
        for a in N.find_all(fn, cst.Assign):
            for t in a.targets:
                tgt = t.target
                if isinstance(tgt, cst.Attribute) and tgt.attr.value == attr and isinstance(tgt.value, cst.Name) \
                        and tgt.value.value == "self":
                    found.add(local.get(a.value.value, a.value.value) if isinstance(a.value, cst.Name) else None)
    return found.pop() if len(found) == 1 else None


def _fixture_modules():
    return sorted(p for p in TAINT_FIXTURES.rglob("*.py"))


@pytest.mark.parametrize("chunk", range(4))
def test_one_walk_gives_what_the_separate_walks_gave_on_every_taint_fixture(chunk, monkeypatch):
    seen = {"stored": 0, "tables": 0}
    real_stored, real_table = module_mod.stored_functions, dispatch.self_table_name

    def stored(mod):
        got = real_stored(mod)
        assert got == _old_stored_functions(mod), mod.path
        seen["stored"] += got is not None
        return got

    def table(mod, node):
        got = real_table(mod, node)
        assert (got.value if got is not None else None) == _old_self_table_name(mod, node), mod.path
        seen["tables"] += got is not None
        return got

    monkeypatch.setattr(module_mod, "stored_functions", stored)
    from mcpaudit.analysis import resolution
    monkeypatch.setattr(resolution, "self_table_name", table)
    files = _fixture_modules()[chunk::4]
    for path in files:
        res = cst_engine.analyze_file(str(path), str(path.relative_to(TAINT_FIXTURES)), 10 * 1024 * 1024, 60.0)
        assert res.summary is not None or res.skipped is None or "syntax" in res.skipped, (path, res.skipped)
    assert seen["stored"]  # the fixtures exercise the collectors


def test_the_functions_assignments_are_read_once_per_module(monkeypatch):
    calls = []
    real = N.find_all

    def counting(node, types):
        calls.append(types)
        return real(node, types)

    text = "class Box:\n    def __init__(self):\n        h = HANDLERS\n        self.handlers = h\n        self.other = OTHER\n\n" \
           "    def run(self, name):\n        return self.handlers[name]()\n"
    module = cst.parse_module(text)
    mod = module_mod.ModuleAnalyzer("box.py", text, module)
    handlers = cst.parse_expression("self.handlers")
    other = cst.parse_expression("self.other")
    monkeypatch.setattr(N, "find_all", counting)
    assert dispatch.self_table_name(mod, handlers).value == "HANDLERS"
    assert dispatch.self_table_name(mod, other).value == "OTHER"
    assert dispatch.self_table_name(mod, cst.parse_expression("self.none")) is None
    # one walk for the functions, one per function for its assignments; none for the later questions
    assert calls == [cst.FunctionDef, cst.Assign, cst.Assign]
