"""``visitorder.find_all`` and ``visitorder.visit`` (field walks in libcst's visiting order) meet
the same nodes, call the same visitor methods in the same order, and skip the same subtrees as
libcst's own ``node.visit``; and the libcst classes the analysis tests by exact type are final."""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import libcst as cst

from mcpaudit.analysis.visitorder import _plan, find_all, visit, visit_order

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

SOURCE = textwrap.dedent('''
    """doc"""
    from __future__ import annotations
    import os.path as p, sys
    from . import (a as b, c,)
    from ..x import *
    @dec(1)
    @other
    async def f(a, /, b: int = 1, *args, c, d=2, **kw) -> "R":
        global G
        x: int = 1; y = z = [1, *args, (2, 3)]
        x += 1 if a else -2
        async with open(a) as fh, ctx() as (u, v):
            async for i in fh:
                await g(i, k=i, *args, **kw)
        try:
            pass
        except (ValueError, KeyError) as e:
            raise RuntimeError("x") from e
        else:
            del x
        finally:
            assert a, "msg"
        while not a and b or c:
            break
        else:
            continue
        match a:
            case [1, *rest] | {"k": v, **others} if v:
                pass
            case Point(x=0, y=_) as pt:
                pass
            case _:
                pass
        lam = lambda q, *r, s=1: q[1:2:3, ...] @ s ** 2 // 3 % 4 << 5 >> 6 & 7 | 8 ^ ~9
        comp = {k: v for k, v in d.items() if k if v}, {s for s in a}, (g for g in a), [l async for l in a]
        f"{a!r:>{b}} {c=} text" "more" 'x'
        if (n := len(a)) > 10 >= 3 != 4 is not None not in []:
            return {**kw, "a": 1}
        elif a in b is c:
            yield from a
        yield
        return -a, +b, b"bytes", 1j, 1.5, 0x1F
    class K(Base, metaclass=M):
        """doc"""
        attr: int
        def m(self): nonlocal_thing = 1; return self.attr
    type Alias[T] = list[T]
    def generic[T: int, *Ts, **P](x: T) -> T: ...
''')


@functools.lru_cache(maxsize=1)
def _modules():
    out = [cst.parse_module(SOURCE)]
    for path in sorted(FIXTURES.rglob("*.py")):
        try:
            out.append(cst.parse_module(path.read_text(encoding="utf-8")))
        except (cst.ParserSyntaxError, UnicodeDecodeError):
            continue
    return out


def _every_node_class():
    return sorted((t for t in vars(cst).values() if isinstance(t, type) and issubclass(t, cst.CSTNode)),
                  key=lambda t: t.__name__)


class _All(cst.CSTVisitor):
    def __init__(self, types):
        super().__init__()
        self.types, self.found = types, []

    def on_visit(self, node):
        if isinstance(node, self.types):
            self.found.append(node)
        return True


def test_find_all_meets_every_node_in_libcsts_order():
    kinds = (cst.Name, cst.Call, (cst.If, cst.Return, cst.List, cst.Tuple, cst.Set, cst.Name),
             cst.BaseExpression, cst.SimpleWhitespace, (cst.Comma, cst.Assign), cst.BaseSmallStatement)
    n = 0
    for mod in _modules():
        n += 1
        v = _All(cst.CSTNode)
        mod.visit(v)
        assert [id(x) for x in find_all(mod, cst.CSTNode)] == [id(x) for x in v.found]
        for kind in kinds:
            assert [id(x) for x in find_all(mod, kind)] == [id(x) for x in v.found if isinstance(x, kind)]
    assert n > 50


def _recorder(fields: bool):
    """A visitor class with visit_/leave_ methods for every node class (and, with ``fields``,
    every field), recording each call; it skips the children of lambdas, classes and subscripts."""
    ns = {}
    for t in _every_node_class():
        name = t.__name__
        skip = name in ("Lambda", "ClassDef", "Subscript")
        ns[f"visit_{name}"] = (lambda name, skip: lambda self, node: (self.log.append(("v", name, id(node))),
                                                                       False if skip else None)[1])(name, skip)
        ns[f"leave_{name}"] = (lambda name: lambda self, node: self.log.append(("l", name, id(node))))(name)
        for f in getattr(t, "__dataclass_fields__", ()) if fields else ():
            ns[f"visit_{name}_{f}"] = (lambda k: lambda self, node: self.log.append(("va", k, id(node))))(f)
            ns[f"leave_{name}_{f}"] = (lambda k: lambda self, node: self.log.append(("la", k, id(node))))(f)

    def __init__(self):
        cst.CSTVisitor.__init__(self)
        self.log = []

    ns["__init__"] = __init__
    return type("Recorder", (cst.CSTVisitor,), ns)


class _Hooks(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.log = []

    def on_visit(self, node):
        self.log.append(("v", id(node)))
        return not isinstance(node, cst.Lambda)

    def on_leave(self, node):
        self.log.append(("l", id(node)))

    def on_visit_attribute(self, node, attribute):
        self.log.append(("va", attribute, id(node)))

    def on_leave_attribute(self, node, attribute):
        self.log.append(("la", attribute, id(node)))


def test_visit_calls_what_libcsts_visit_calls_in_the_same_order():
    plain, fields = _recorder(False), _recorder(True)
    assert _plan(plain) is not None and _plan(fields) is None and _plan(_Hooks) is None
    for i, mod in enumerate(_modules()[::3]):
        # a visitor with field methods or its own hooks is left to libcst's visit
        for cls in (plain, fields, _Hooks) if i == 0 else (plain,):
            a, b = cls(), cls()
            mod.visit(a)
            visit(mod, b)
            assert b.log == a.log
            assert a.log


def test_every_node_class_has_a_visit_order_of_its_own_fields():
    for t in _every_node_class():
        if t.__name__.startswith("Base") or t is cst.CSTNode or t.__subclasses__():
            continue
        order = visit_order(t)
        assert order is not None, t
        assert set(order) <= set(t.__dataclass_fields__), t
    assert visit_order(cst.Call)[:2] == ("lpar", "func")


def test_concrete_libcst_classes_are_final():
    """The analysis tests ``type(node) is cst.Name`` (and sets of such classes) instead of
    ``isinstance``: that is the same only for classes nothing derives from."""
    derived = {t.__name__ for t in _every_node_class() if t.__subclasses__()}
    assert {n for n in derived if not n.startswith("Base")} <= {"CSTNode", "MatchPattern", "MatchSequence"}
