"""rev53 item 4: a :mod:`mcpaudit.lazycst` stand-in held outside ``mcpaudit`` (a module that did
``from mcpaudit.x import TABLE`` before libcst loaded keeps the stand-in: only ``mcpaudit``'s
globals are replaced) behaves like its value under every operation a caller may apply.

One probe process (libcst not loaded when it starts, as in tests/test_speed52.py) makes a fresh
stand-in per operation, loads libcst, applies the operation to the stand-in and to a value built
the same way, and reports both; each operation is its own test. Before rev53, ``bool()`` of a held
frozenset or dict raised AttributeError (neither has ``__bool__``), ``reversed()`` of a held dict
raised KeyError, ``len()``/``in`` on a held ``cst.Module`` raised AttributeError instead of
TypeError, a call with keywords failed and ``repr()`` never showed the value. Every ``later()``
table of ``mcpaudit`` is checked the same way against the value its module holds after the load.

This module imports neither libcst nor the analysis at its top: the probe imports it.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _set():
    return frozenset({1, 2, 3})


def _dict():
    return {"a": 1, "b": 2}


def _module():
    import libcst

    return libcst.Module([])


def _callable():
    return lambda *a, **k: (a, sorted(k.items()))


def _types():
    return (int, str)


def _ior(t):
    t |= {9}
    return t


def _iand(t):
    t &= {1, 9}
    return t


def _isub(t):
    t -= {1}
    return t


def _ixor(t):
    t ^= {1, 9}
    return t


def _dict_ior(t):
    t |= {"c": 3}
    return dict(t)


def _setitem(t):
    t["z"] = 26
    return dict(t)


def _delitem(t):
    del t["a"]
    return dict(t)


#: name -> (how the value is made, the operation)
OPS = {
    "bool": (_set, bool), "bool of an empty set": (frozenset, bool), "bool of a dict": (_dict, bool),
    "bool of a cst.Module": (_module, bool),
    "len": (_set, len), "len of a dict": (_dict, len), "len of a cst.Module": (_module, len),
    "contains": (_set, lambda t: 2 in t), "contains not": (_set, lambda t: 7 in t), "contains of a dict": (_dict, lambda t: "a" in t),
    "contains of a cst.Module": (_module, lambda t: 1 in t),
    "iteration": (_set, sorted), "iteration of a dict": (_dict, list), "set()": (_set, set), "dict()": (_dict, dict),
    "** unpacking": (_dict, lambda t: {**t}), "reversed of a dict": (_dict, lambda t: list(reversed(t))),
    "reversed of a set": (_set, reversed),
    "hash": (_set, hash), "hash of a dict": (_dict, hash), "hash of a cst.Module": (_module, lambda t: type(hash(t)).__name__),
    "==": (_set, lambda t: t == {1, 2, 3}), "== reflected": (_set, lambda t: {1, 2, 3} == t),
    "!=": (_set, lambda t: t != {1, 2}), "!= reflected": (_set, lambda t: {1, 2} != t),
    "== of a dict": (_dict, lambda t: t == {"a": 1, "b": 2}), "== itself": (_set, lambda t: t == t),
    "<": (_set, lambda t: t < {1, 2, 3, 4}), "<=": (_set, lambda t: t <= {1, 2, 3}), ">": (_set, lambda t: t > {1}),
    ">=": (_set, lambda t: t >= {1, 2}), "<= reflected": (_set, lambda t: {1} <= t), ">= reflected": (_set, lambda t: {1, 2, 3, 4} >= t),
    "< reflected": (_set, lambda t: {1} < t), "> reflected": (_set, lambda t: {1} > t),
    "< of a dict": (_dict, lambda t: t < {}),
    "|": (_set, lambda t: t | {9}), "| reflected": (_set, lambda t: {9} | t), "&": (_set, lambda t: t & {1, 9}),
    "& reflected": (_set, lambda t: {1, 9} & t), "-": (_set, lambda t: t - {1}), "- reflected": (_set, lambda t: {1, 9} - t),
    "^": (_set, lambda t: t ^ {1, 9}), "^ reflected": (_set, lambda t: {1, 9} ^ t),
    "+": (_set, lambda t: t + {1}), "+ reflected": (_set, lambda t: {1} + t),
    "| of a dict": (_dict, lambda t: t | {"c": 3}), "| of a dict reflected": (_dict, lambda t: {"c": 3} | t),
    "- of a dict": (_dict, lambda t: t - {"a": 1}), "| of an int": (_set, lambda t: 5 | t),
    "|=": (_set, _ior), "&=": (_set, _iand), "-=": (_set, _isub), "^=": (_set, _ixor), "|= of a dict": (_dict, _dict_ior),
    "item": (_dict, lambda t: t["a"]), "missing item": (_dict, lambda t: t["q"]), "item of a set": (_set, lambda t: t[0]),
    "item assignment": (_dict, _setitem), "item deletion": (_dict, _delitem),
    "method": (_set, lambda t: t.issubset({1, 2, 3, 4})), "dict method": (_dict, lambda t: t.get("b")),
    "repr": (_set, repr), "str": (_set, str), "format": (_set, lambda t: f"{t}"), "repr of a dict": (_dict, repr),
    "call": (_callable, lambda t: t(1, 2)), "call with keywords": (_callable, lambda t: t(1, k=2)),
    "isinstance": (_types, lambda t: isinstance("x", t)), "code of a cst.Module": (_module, lambda t: t.code),
}


def _norm(x):
    if isinstance(x, (frozenset, set)):
        return ["set", sorted(map(repr, x))]
    if isinstance(x, dict):
        return ["dict", sorted((repr(k), repr(v)) for k, v in x.items())]
    if hasattr(x, "__next__"):
        return ["iterator", [repr(v) for v in x]]
    return repr(x)


def _apply(fn, value):
    try:
        return _norm(fn(value))
    except Exception as exc:  # the exception the operation raises is part of its behaviour
        return ["raises", type(exc).__name__]


def run_probe() -> None:
    """In the probe process: the stand-ins before libcst, then each operation on both sides."""
    from mcpaudit import lazycst

    assert "libcst" not in sys.modules
    held = {name: lazycst.later(make) for name, (make, _fn) in OPS.items()}
    assert all(lazycst.is_stand_in(h) for h in held.values())
    shown = repr(held["repr"])  # a repr is no first use
    assert "libcst" not in sys.modules and "first use" in shown
    import libcst  # noqa: F401

    out = {}
    for name, (make, fn) in OPS.items():
        out[name] = [_apply(fn, held[name]), _apply(fn, make())]
    print(json.dumps(out))


@pytest.fixture(scope="module")
def probed():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", "import test_rev53_lazycst as T; T.run_probe()"], capture_output=True,
                          text=True, env=env, cwd=str(ROOT), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", list(OPS))
def test_a_held_stand_in_behaves_like_its_value(probed, name):
    held, value = probed[name]
    assert held == value


def test_the_probe_covers_what_failed_before(probed):
    """(The comparison would pass for a probe that compared nothing.)"""
    assert probed["bool"] == ["True", "True"] and probed["bool of an empty set"] == ["False", "False"]
    assert probed["len of a cst.Module"] == [["raises", "TypeError"]] * 2
    assert probed["reversed of a dict"] == ["['b', 'a']"] * 2
    assert probed["repr"] == ["'frozenset({1, 2, 3})'"] * 2
    assert probed["call with keywords"] == ["((1,), [('k', 2)])"] * 2


def _tables() -> list:
    """(module, name) of every ``NAME = later(...)`` of mcpaudit."""
    out = []
    for path in sorted((ROOT / "mcpaudit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    isinstance(node.value.func, ast.Name) and node.value.func.id == "later":
                mod = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                out += [(mod, t.id) for t in node.targets if isinstance(t, ast.Name)]
    return out


_TABLES_PROBE = """
import importlib, json, sys
tables = json.loads(sys.argv[1])
held = {f"{m}.{n}": getattr(importlib.import_module(m), n) for m, n in tables}  # by name, before libcst
from mcpaudit import lazycst
assert "libcst" not in sys.modules and all(lazycst.is_stand_in(h) for h in held.values())
import libcst
lazycst.load()
def apply(fn, v):
    try:
        r = fn(v)
        return repr(sorted(map(repr, r)) if isinstance(r, list) else r)
    except Exception as exc:
        return "raises " + type(exc).__name__
ops = {"bool": bool, "len": len, "repr": repr, "hash": hash, "list": lambda t: list(t),
       "== value": lambda t: t == VALUE, "!= value": lambda t: t != VALUE, "in": lambda t: libcst.Comma in t,
       "isinstance": lambda t: isinstance(libcst.Module([]), t)}
out = {}
for (m, n), h in zip(tables, held.values()):
    VALUE = getattr(sys.modules[m], n)  # the module's own, replaced at the load
    assert not lazycst.is_stand_in(VALUE)
    for op, fn in ops.items():
        out[f"{m}.{n} {op}"] = [apply(fn, h), apply(fn, VALUE)]
print(json.dumps(out))
"""


def test_every_later_table_held_by_name_behaves_like_its_module_s_value():
    tables = _tables()
    assert len(tables) >= 12 and ("mcpaudit.analysis.positions", "TOKEN_TYPES") in tables
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _TABLES_PROBE, json.dumps(tables)], capture_output=True, text=True,
                          env=env, cwd=str(ROOT), timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(got) == 9 * len(tables)
    assert {k: v for k, v in got.items() if v[0] != v[1]} == {}
