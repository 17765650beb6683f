"""TLS verification switched off through a keyword of the project's own client class.

``tls-verify-disabled`` sees ``httpx.AsyncClient(verify=False)``. A project often wraps its HTTP
client in a class of its own that takes the switch under another name, keeps it on ``self`` and
hands it over later::

    class BaseValidator:                                       # validators/base.py
        def __init__(self, url, verify_cert: bool = True):
            self._verify_cert = verify_cert
        async def validate(self, conn):
            async with httpx.AsyncClient(verify=self._verify_cert) as client: ...

    class JWTValidator(BaseValidator): ...                     # validators/jwt.py

    JWTValidator(GATEWAY_URL, verify_cert=False)               # server.py

Semgrep sees one file at a time, and the call that says ``False`` names no HTTP client. This pass
(run after semgrep, with the rule in the pack) finds each project class whose ``__init__`` stores
a parameter on ``self`` and one of whose methods passes that field as an HTTP client's verify
switch (the rule's own client names: a request method, a client or session constructor), follows
the class to its project subclasses that keep that ``__init__``, and reports each construction
of one of them that gives the parameter a literal ``False`` (by keyword or position). (A ``False``
default nobody overrides is the rule's own "off by default" case, reported where ``__init__``
keeps it.) A class name defined twice in the project is not followed (which one a call means is
not known).
"""

from __future__ import annotations

import ast
import re
from typing import Dict, Iterable, List, Optional, Tuple

from ...models import Finding
from .tlsaccessor import pass_finding

RULE = "tls-verify-disabled"
_SWITCHES = ("verify", "verify_ssl", "verify_certs", "ssl")
#: the rule's HTTP client calls (rules/semgrep/tls-verify-disabled.yaml, its first pattern)
_CLIENT = re.compile(r"^(?:get|post|put|patch|delete|head|options|request|stream|send|urlopen|ws_connect|Client|"
                     r"AsyncClient|Session|ClientSession|TCPConnector|PoolManager|ProxyManager|HTTPSConnectionPool)$")


class _Switch:
    """A class whose constructor parameter ``param`` ends up as an HTTP client's verify switch."""

    def __init__(self, cls: str, param: str, index: int, default: Optional[ast.AST], path: str, call: ast.Call,
                 switch: str):
        self.cls, self.param, self.index, self.default = cls, param, index, default
        self.path, self.call, self.switch = path, call, switch


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _init(cls: ast.ClassDef) -> Optional[ast.FunctionDef]:
    return next((s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)


def _stored(init: ast.FunctionDef) -> Dict[str, str]:
    """Field -> the ``__init__`` parameter ``self.<field> = <parameter>`` keeps there."""
    params = {a.arg for a in init.args.args[1:] + init.args.kwonlyargs}
    out: Dict[str, str] = {}
    for n in ast.walk(init):
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Name) and n.value.id in params:
            for t in n.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self":
                    out[t.attr] = n.value.id
    return out


def _param(init: ast.FunctionDef, name: str) -> Tuple[int, Optional[ast.AST]]:
    """The parameter's position (after self; -1 for keyword-only) and its default."""
    pos = init.args.args[1:]
    for i, a in enumerate(pos):
        if a.arg == name:
            k = i - (len(pos) - len(init.args.defaults))
            return i, init.args.defaults[k] if k >= 0 else None
    for a, d in zip(init.args.kwonlyargs, init.args.kw_defaults):
        if a.arg == name:
            return -1, d
    return -1, None


def _class_switches(cls: ast.ClassDef, path: str) -> List[_Switch]:
    init = _init(cls)
    fields = _stored(init) if init is not None else {}
    if not fields:
        return []
    out = []
    for meth in (s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))):
        for call in (n for n in ast.walk(meth) if isinstance(n, ast.Call) and _CLIENT.match(_callee(n))):
            for kw in call.keywords:
                v = kw.value
                if kw.arg in _SWITCHES and isinstance(v, ast.Attribute) and isinstance(v.value, ast.Name) \
                        and v.value.id == "self" and v.attr in fields:
                    index, default = _param(init, fields[v.attr])
                    out.append(_Switch(cls.name, fields[v.attr], index, default, path, call, kw.arg))
    return out


def _base_names(cls: ast.ClassDef) -> List[str]:
    return [b.id if isinstance(b, ast.Name) else b.attr for b in cls.bases if isinstance(b, (ast.Name, ast.Attribute))]


def _classes(trees: Dict[str, ast.Module]) -> Dict[str, List[Tuple[str, ast.ClassDef]]]:
    out: Dict[str, List[Tuple[str, ast.ClassDef]]] = {}
    for path, tree in trees.items():
        for n in ast.walk(tree):
            if isinstance(n, ast.ClassDef):
                out.setdefault(n.name, []).append((path, n))
    return out


def switches(trees: Dict[str, ast.Module], more: Dict[str, ast.Module] = None) -> Dict[str, List[_Switch]]:
    """Class name -> its verify switches (classes of ``trees``), its own or kept from a project
    base class whose ``__init__`` it does not replace (classes of ``trees`` and ``more``); class
    names defined once in the project only."""
    classes = _classes({**(more or {}), **trees})
    unique = {name: rows[0] for name, rows in classes.items() if len(rows) == 1}
    out = {name: s for name, (path, c) in unique.items() if path in trees and (s := _class_switches(c, path))}
    changed = bool(out)
    while changed:  # subclasses that keep a switching base's __init__, to any depth
        changed = False
        for name, (path, c) in unique.items():
            if name in out or _init(c) is not None:
                continue
            inherited = next((out[b] for b in _base_names(c) if b in out), None)
            if inherited:
                out[name], changed = inherited, True
    return out


def _off(sw: _Switch, call: ast.Call) -> bool:
    """Whether ``call`` (a construction of the class) gives the parameter a literal ``False``.
    (A ``False`` default left alone is the rule's own case, reported where ``__init__`` keeps it.)"""
    given = next((k.value for k in call.keywords if k.arg == sw.param), None)
    if given is None and 0 <= sw.index < len(call.args) and \
            not any(isinstance(a, ast.Starred) for a in call.args[:sw.index + 1]):
        given = call.args[sw.index]
    return isinstance(given, ast.Constant) and given.value is False


def _constructions(tree: ast.Module, known: Dict[str, List[_Switch]]) -> Iterable[Tuple[ast.Call, str, _Switch]]:
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _callee(n) in known):
        sw = next((sw for sw in known[_callee(call)] if _off(sw, call)), None)
        if sw is not None:
            yield call, f"{sw.param}=False is given", sw


def report_field_switches(findings: List[Finding], root, files: Iterable, rule: Dict, py=None) -> None:
    """Add a ``tls-verify-disabled`` finding at each construction of a project class that turns
    verification off through its own keyword (see the module)."""
    from .pyfiles import PyFiles

    py = py if py is not None else PyFiles(root, files)
    defining = {p: py.tree(p) for p in py.holding("class ", "self.", "verify", tests=False)}
    defining = {p: t for p, t in defining.items() if t is not None}
    if not any(_class_switches(c, p) for p, t in defining.items() for c in ast.walk(t) if isinstance(c, ast.ClassDef)):
        return
    others = {p: py.tree(p) for p in py.holding("class ", tests=False) if p not in defining}
    known = switches(defining, {p: t for p, t in others.items() if t is not None})
    if not known:
        return
    seen = {(f.location.path, f.location.line) for f in findings if f.rule_id == RULE}
    names = re.compile(r"\b(?:%s)\s*\(" % "|".join(re.escape(n) for n in sorted(known)))
    for p in py.paths:
        text = py.text(p) or ""
        if py.is_test(p) or not names.search(text) or py.tree(p) is None:
            continue
        rel = py.rel(p)
        for call, how, sw in _constructions(py.tree(p), known):
            if (rel, call.lineno) in seen:
                continue
            seen.add((rel, call.lineno))
            findings.append(pass_finding(rule, rel, call, f"{how} to the project class {_callee(call)}, which "
                                         f"keeps it and passes it as {sw.switch}= to {_callee(sw.call)}() "
                                         f"({py.rel(sw.path)}:{sw.call.lineno})"))


__all__ = ["report_field_switches", "switches"]
