"""The field walk that replaced libcst's matchers and visitors in the analysis' name scans
(``positions.walk``, ``guards.assigned_names``, ``cstnodes.mutated_names``): same nodes, same
names."""

import textwrap

import libcst as cst

from mcpaudit.analysis.cstnodes import mutated_names
from mcpaudit.analysis.guards import assigned_names
from mcpaudit.analysis.positions import TOKEN_TYPES, walk

SOURCE = textwrap.dedent('''
    import os as z
    from a import (b as c, d)
    CACHE = {}
    SEEN = set()
    TABLE = {}
    TABLE["k"] = 1
    SEEN.update([1])
    COUNT = 0

    def f(p, q, r, s, t, u, v, w, x, y):
        a[i] = p
        self.attr, (k, *rest) = q
        n += 1
        m: int = 2
        for e, g in r:
            pass
        if (h := s):
            pass
        with open(t) as fh, ctx() as (o1, o2):
            pass
        try:
            pass
        except ValueError as err:
            pass
        [comp for comp in u]   # a comprehension variable is not rebound in f
        import json as j

        def inner():
            nonlocal v
            v = 1
        class K:
            attr2 = w
        if x:
            return y

    def g():
        global COUNT
        COUNT += 1
        CACHE.setdefault("a", []).append(1)
        CACHE |= {}
        return os.environ.get("X")
''')


def test_walk_reaches_every_node_a_visitor_visits():
    module = cst.parse_module(SOURCE)
    visited = []

    class Every(cst.CSTVisitor):
        def on_visit(self, node):
            visited.append(id(node))
            return True

    module.visit(Every())
    walked = [id(n) for n in walk(module)]
    assert sorted(walked) == sorted(visited)
    assert walked[0] == id(module)
    # without the whitespace, operator and bracket tokens: every other node still
    by_id = {id(n): n for n in walk(module)}
    assert sorted(id(n) for n in walk(module, tokens=False)) == sorted(
        i for i in visited if type(by_id[i]) not in TOKEN_TYPES)
    assert {cst.SimpleWhitespace, cst.Comma, cst.LeftParen, cst.Add, cst.Newline, cst.Comment} <= TOKEN_TYPES
    assert not {cst.Name, cst.Attribute, cst.Call, cst.Arg, cst.AsName} & TOKEN_TYPES


def test_assigned_names_are_every_name_in_a_binding_target():
    module = cst.parse_module(SOURCE)
    f = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == "f")
    assert assigned_names(f) == {
        "a", "i", "self", "attr", "k", "rest", "n", "m", "e", "g", "h", "fh", "o1", "o2", "err", "j", "v",
        "attr2",
    }


def test_mutated_names_are_written_into_or_declared_global():
    # anywhere in the module: f's ``a[i] = p`` and ``n += 1`` too
    assert mutated_names(cst.parse_module(SOURCE)) == {"TABLE", "SEEN", "COUNT", "CACHE", "a", "n"}
