"""rev53 item 2: ``walk_stmts`` and ``own_stmts`` (``analysis/cstnodes.py``) share one walk. Both
yield what the two near-copies they replace yielded (kept below as they were), statement for
statement, over a module with nested functions and classes, comprehensions, ``match``, every
compound statement and its ``else``/``finally``/handlers, ``elif`` chains and ``a; b`` lines;
``own_stmts`` no longer fails on ``try ... except*`` (it took the handler for a statement list)."""

from __future__ import annotations

import libcst as cst
import pytest

from mcpaudit.analysis.cstnodes import own_stmts, walk_stmts
from mcpaudit.analysis.positions import flat_body

SOURCE = '''
import os; x = 1
def outer(a, b=[i for i in range(3)]):
    total = 0; seen = {k: v for k, v in a.items()}
    class Inner:
        field = [y for y in b if y]
        def method(self):
            return self.field
    def helper(v):
        if v:
            return v
        return None
    for item in a:
        if item > 1: total += item
        elif item < 0:
            continue
        elif item == 0:
            pass
        else:
            break
    else:
        total -= 1
    while total:
        total -= 1
    else:
        total = 0
    try:
        os.remove(b)
    except OSError as e:
        def on_error():
            return e
        raise
    except (ValueError, KeyError):
        pass
    else:
        total += 1
    finally:
        del seen
    with open(b) as fh, open(a) as gh:
        data = [line for line in fh]
    match a:
        case {"k": v}:
            def in_case():
                return v
        case [first, *rest]:
            total = first
        case _:
            pass
    async def agen():
        async for q in b:
            yield q
        async with b as c:
            await c
    lam = lambda z: [w for w in z]
    return helper(total) if total else Inner().method()
class Top:
    def m(self):
        if self: return 1
        return 2
if x: y = 2
else: y = 3
'''

STAR = '''
def f(a):
    try:
        a()
    except* ValueError:
        def inner():
            return 1
        b = 2
    except* KeyError:
        c = 3
    finally:
        d = 4
    return b
'''

_NESTED_OLD = (cst.IndentedBlock, cst.SimpleStatementSuite, cst.Else, cst.Finally, cst.If)
_END = object()


def old_walk_stmts(stmts):
    stack = [iter(stmts)]
    while stack:
        s = next(stack[-1], _END)
        if s is _END:
            stack.pop()
            continue
        yield s
        if type(s) is cst.SimpleStatementLine:
            continue
        blocks = []
        for attr in ("body", "orelse", "finalbody"):
            b = getattr(s, attr, None)
            tb = type(b)
            if b is None or tb not in _NESTED_OLD:
                continue
            if tb is cst.If:
                blocks.append((b,))
                continue
            inner = b.body if tb is cst.Else or tb is cst.Finally else b
            blocks.append(flat_body(inner))
        for h in getattr(s, "handlers", ()) or ():
            blocks.append(flat_body(h.body))
        stack.extend(iter(b) for b in reversed(blocks))


def old_own_stmts(stmts):
    stack = [iter(stmts)]
    while stack:
        s = next(stack[-1], _END)
        if s is _END:
            stack.pop()
            continue
        if isinstance(s, (cst.FunctionDef, cst.ClassDef)):
            continue
        yield s
        if not isinstance(s, cst.BaseCompoundStatement):
            continue
        blocks = [getattr(s, a, None) for a in ("body", "orelse", "finalbody")]
        blocks += list(getattr(s, "handlers", ()) or ())
        inner = []
        for b in blocks:
            if isinstance(b, cst.If):
                inner.append((b,))
            elif b is not None:
                inner.append(flat_body(b.body if isinstance(b, (cst.Else, cst.Finally, cst.ExceptHandler)) else b))
        stack.extend(iter(b) for b in reversed(inner))


def _inputs(source: str):
    """What the callers hand the walks: a module's body as it is (lines unsplit) and flat, and
    every function's flat body."""
    module = cst.parse_module(source)
    out = [("module", list(module.body)), ("module flat", flat_body(module.body))]

    class Defs(cst.CSTVisitor):
        def visit_FunctionDef(self, node):
            out.append((node.name.value, flat_body(node.body)))

    module.visit(Defs())
    return out


def _ids(nodes):
    return [id(n) for n in nodes]


@pytest.mark.parametrize("name, stmts", _inputs(SOURCE), ids=lambda v: v if isinstance(v, str) else "")
def test_both_walks_yield_what_the_old_ones_did(name, stmts):
    walked, own = list(walk_stmts(stmts)), list(own_stmts(stmts))
    assert _ids(walked) == _ids(old_walk_stmts(stmts))
    assert _ids(own) == _ids(old_own_stmts(stmts))
    assert walked and own  # (the comparison is over something)


def test_the_fixture_holds_what_the_walks_differ_on():
    (_, body), = [(n, s) for n, s in _inputs(SOURCE) if n == "outer"]
    walked, own = list(walk_stmts(body)), list(own_stmts(body))
    kinds = {type(s).__name__ for s in walked}
    assert {"FunctionDef", "ClassDef", "For", "While", "Try", "With", "Match", "If", "Return"} <= kinds
    assert not any(isinstance(s, (cst.FunctionDef, cst.ClassDef)) for s in own)
    # own: not the statements of helper/Inner/on_error/agen (their returns are theirs); match cases are walked by neither
    returns = [s for s in own if isinstance(s, cst.Return)]
    assert len(returns) == 1 and len([s for s in walked if isinstance(s, cst.Return)]) == 5  # (method, helper twice, on_error, outer; not in_case)
    assert len(walked) > len(own) > 10


def test_own_stmts_walks_except_star_handlers():
    (_, body), = [(n, s) for n, s in _inputs(STAR) if n == "f"]
    with pytest.raises(TypeError):  # the old own_stmts: 'ExceptStarHandler' object is not iterable
        list(old_own_stmts(body))
    own = list(own_stmts(body))
    expected = [s for s in old_walk_stmts(body)]
    inner = [s for s in expected if isinstance(s, cst.FunctionDef)][0]
    expected = [s for s in expected if s is not inner and s not in list(old_walk_stmts(flat_body(inner.body)))]
    assert _ids(own) == _ids(expected)
    names = [s.targets[0].target.value for s in own if isinstance(s, cst.Assign)]
    assert names == ["d", "b", "c"]  # (body, orelse, finalbody, then the handlers, as walk_stmts)
    assert _ids(walk_stmts(body)) == _ids(old_walk_stmts(body))


# ------------------------------------------------- the scan of a module with except* (the defect)

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[2] / "fixtures" / "taint" / "rev53"


def _scan(name: str):
    from mcpaudit.engines import cst as cst_engine

    path = FIXTURES / name
    return cst_engine.run([(str(path), name)], FIXTURES, jobs=1)


def test_a_module_with_except_star_is_analysed_and_its_tool_reported():
    out, _project = _scan("except_star.py")
    assert out.skipped == [] and [e for e in out.errors if e.fatal] == []  # before: skipped (internal error, TypeError)
    line = next(i for i, ln in enumerate((FIXTURES / "except_star.py").read_text().splitlines(), 1) if "shell=True" in ln)
    assert [(f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings
            if f.confidence >= f.confidence.MEDIUM] == [
        ("tool-shell-injection", "except_star.py", line, "ping",
         "tool 'ping' passes parameter 'host' to subprocess.run(shell=True): OS command injection")]


def test_its_safe_twin_is_analysed_and_has_no_finding():
    out, _project = _scan("except_star_safe.py")
    assert out.skipped == [] and [e for e in out.errors if e.fatal] == []
    assert [f for f in out.findings if f.confidence >= f.confidence.MEDIUM and not f.rule_id.startswith("capability-")] == []
