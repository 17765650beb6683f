"""TLS verification off by default through the project's own configuration accessor.

``tls-verify-disabled`` knows ``verify = cfg.get("verify_ssl", False)`` in the function that
makes the request. A project often keeps its runtime settings in a module-level dict literal and
reads them through a function of its own::

    _runtime_config = {"verify_ssl": False, ...}        # admin/service.py
    def get_config(key, default=None):
        return _runtime_config.get(key, default)

    verify_ssl = get_config("verify_ssl", True)        # providers/requests_provider.py
    session.get(url, verify=verify_ssl)

The call's own default (``True``) is never used: the dict has the key, and its value is
``False``, so every request skips certificate checks until someone changes the setting. Semgrep
sees one file at a time; this pass (run after semgrep, with the rule in the pack) resolves the
verify switch's variable through such an accessor, a module-level function anywhere in the
project whose body is ``return <module-level dict literal>.get(<key parameter>, <default>)``, to
that dict's entry for the constant key, and reports the request when the entry is ``False`` (at
the call, as the rule's other cases report a switch handed over).
"""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, Iterable, List, Optional, Tuple

from ...models import Confidence, Finding, Location

RULE = "tls-verify-disabled"
_SWITCHES = ("verify", "verify_ssl", "verify_certs")
_GATE = re.compile(r"\bverify(?:_ssl|_certs)?\s*=\s*[A-Za-z_]")


def _accessor(fn: ast.AST) -> Optional[str]:
    """The dict a module-level ``def f(key, default=None): return D.get(key, default)`` reads."""
    if not isinstance(fn, ast.FunctionDef) or len(fn.args.args) < 1:
        return None
    body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    key = fn.args.args[0].arg
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "get"
            and isinstance(call.func.value, ast.Name) and call.args and isinstance(call.args[0], ast.Name)
            and call.args[0].id == key):
        return None
    return call.func.value.id


def _dict_literal(tree: ast.Module, name: str) -> Optional[ast.Dict]:
    """The one module-level assignment of ``name`` to a dict literal."""
    found = [s.value for s in tree.body if isinstance(s, (ast.Assign, ast.AnnAssign)) and isinstance(s.value, ast.Dict)
             and any(isinstance(t, ast.Name) and t.id == name for t in (s.targets if isinstance(s, ast.Assign) else [s.target]))]
    return found[0] if len(found) == 1 else None


def _accessors(trees: Dict[str, ast.Module], wanted) -> Dict[str, List[Tuple[str, ast.Dict]]]:
    """Accessor function name (one of ``wanted``) -> (file, the dict literal it reads) over the project."""
    out: Dict[str, List[Tuple[str, ast.Dict]]] = {}
    for path, tree in trees.items():
        for fn in tree.body:
            d = _accessor(fn) if getattr(fn, "name", None) in wanted else None
            lit = _dict_literal(tree, d) if d else None
            if lit is not None:
                out.setdefault(fn.name, []).append((path, lit))  # type: ignore[attr-defined]
    return out


def _entry(lit: ast.Dict, key: str) -> Optional[ast.AST]:
    hits = [v for k, v in zip(lit.keys, lit.values) if isinstance(k, ast.Constant) and k.value == key]
    return hits[0] if len(hits) == 1 else None


def _assignments(fn: ast.AST) -> Dict[str, ast.Call]:
    """Name -> the call it is assigned from, for each name whose one assignment in ``fn`` (nested
    functions included) is ``name = <call>``: one walk of ``fn`` for all its verify switches (two
    walks per switch before, rev53)."""
    values: Dict[str, List[ast.AST]] = {}
    stores: Dict[str, int] = {}
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            values.setdefault(n.targets[0].id, []).append(n.value)
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            stores[n.id] = stores.get(n.id, 0) + 1
    return {name: v[0] for name, v in values.items()
            if len(v) == 1 and stores.get(name) == 1 and isinstance(v[0], ast.Call)}


def _functions(tree: ast.AST) -> Iterable[ast.AST]:
    return (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _reads(tree: ast.Module) -> List[Tuple[ast.Call, str, ast.Call, str, str]]:
    """(request call, switch, the call its variable is assigned from, that call's function name,
    its constant key) of each verify switch of ``tree`` whose variable is assigned once from a
    call with a constant string first argument (``verify_ssl = get_config("verify_ssl", True)``)."""
    out = []
    for fn in _functions(tree):
        assigned: Optional[Dict[str, ast.Call]] = None  # (made when the function has a switch)
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
            for kw in call.keywords:
                if kw.arg not in _SWITCHES or not isinstance(kw.value, ast.Name):
                    continue
                if assigned is None:
                    assigned = _assignments(fn)
                src = assigned.get(kw.value.id)
                name = src.func.id if src is not None and isinstance(src.func, ast.Name) else \
                    src.func.attr if src is not None and isinstance(src.func, ast.Attribute) else None
                if name and src.args and isinstance(src.args[0], ast.Constant) and isinstance(src.args[0].value, str):
                    out.append((call, kw.arg, src, name, src.args[0].value))
    return out


def _module_names(path: str) -> Tuple[str, ...]:
    """The names a module at ``path`` is imported by, last part: its stem, or its package's
    name for an ``__init__.py`` (and the package name of a module, for a re-export)."""
    folder, stem = os.path.split(os.path.splitext(path)[0])
    return (os.path.basename(folder),) if stem == "__init__" else (stem, os.path.basename(folder))


def _resolves(tree: ast.Module, here: str, src: ast.Call, name: str, where: str) -> bool:
    """``src`` (a call of ``name`` in the file ``here``) calls the accessor defined in ``where``:
    the same file's module-level function, a name imported from that module (``from
    scrape.admin.service import get_config``), or an attribute of that module imported
    (``service.get_config``). A method of some object (``self.settings.get_config``) is not the
    accessor, whatever its name."""
    mods = _module_names(where)
    if isinstance(src.func, ast.Name):
        if here == where:
            return any(isinstance(s, ast.FunctionDef) and s.name == name for s in tree.body)
        return any(isinstance(s, ast.ImportFrom) and s.module and s.module.split(".")[-1] in mods
                   and any((a.asname or a.name) == name and a.name == name for a in s.names) for s in ast.walk(tree))
    recv = src.func.value if isinstance(src.func, ast.Attribute) else None
    if not isinstance(recv, ast.Name):
        return False
    for s in ast.walk(tree):
        if isinstance(s, ast.Import):
            if any(a.asname == recv.id and a.name.split(".")[-1] in mods or a.name == recv.id and recv.id in mods
                   for a in s.names):
                return True
        elif isinstance(s, ast.ImportFrom):
            if any((a.asname or a.name) == recv.id and a.name in mods for a in s.names):
                return True
    return False


def _hits(tree: ast.Module, here: str, accessors) -> List[Tuple[ast.Call, str, str, str, ast.AST]]:
    """(request call, switch, key, the dict's file, its entry) of each switch read off an accessor."""
    out = []
    for call, switch, src, name, key in _reads(tree):
        rows = accessors.get(name)
        if not rows or len(rows) != 1 or not _resolves(tree, here, src, name, rows[0][0]):
            continue
        entry = _entry(rows[0][1], key)
        if isinstance(entry, ast.Constant) and entry.value is False:
            out.append((call, switch, key, rows[0][0], entry))
    return out


def report_accessor_defaults(findings: List[Finding], root, files: Iterable, rule: Dict, py=None) -> None:
    """Add a ``tls-verify-disabled`` finding for each request whose verify switch is read
    through a project accessor whose dict says ``False`` (see the module). ``py``: the run's
    :class:`~.pyfiles.PyFiles` (made from ``files`` when not given)."""
    from .pyfiles import PyFiles

    py = py if py is not None else PyFiles(root, files)
    users = [p for p in py.holding("verify", tests=False) if _GATE.search(py.text(p) or "")]
    reads = {p: _reads(py.tree(p)) for p in users if py.tree(p) is not None}
    wanted = {r[3] for rs in reads.values() for r in rs}
    if not wanted:
        return
    defining = re.compile(r"\bdef\s+(?:%s)\s*\(" % "|".join(re.escape(w) for w in sorted(wanted)))
    trees = {p: py.tree(p) for p in py.holding(".get(", tests=False) if defining.search(py.text(p) or "")}
    accessors = _accessors({p: t for p, t in trees.items() if t is not None}, wanted)
    if not accessors:
        return
    seen = {(f.location.path, f.location.line) for f in findings if f.rule_id == RULE}
    for p in reads:
        rel = py.rel(p)
        for call, switch, key, where, entry in _hits(py.tree(p), p, accessors):
            if (rel, call.lineno) in seen:
                continue
            seen.add((rel, call.lineno))
            findings.append(pass_finding(rule, rel, call, f"{switch}= is read through the project's settings "
                                         f"accessor, whose entry '{key}' is False by default ({py.rel(where)}:{entry.lineno})"))


def pass_finding(rule: Dict, rel: str, call: ast.Call, detail: str) -> Finding:
    """The finding of this module's rule (``tls-verify-disabled``, the pack's ``rule``) a Python-side
    pass makes at ``call`` of file ``rel``: the rule's message with ``detail`` after it; at least
    medium confidence (the pass has followed the value). Also :mod:`.tlsfield`'s."""
    from .packs import cwes, one_line, rule_confidence, rule_severity

    md = rule.get("metadata") or {}
    return Finding(
        rule_id=RULE, engine="semgrep", severity=rule_severity(rule.get("severity"), md),
        confidence=rule_confidence(md) if rule_confidence(md) > Confidence.LOW else Confidence.MEDIUM,
        message=one_line(rule.get("message") or RULE) + " " + detail,
        location=Location(rel, call.lineno, call.col_offset + 1, call.end_lineno or call.lineno,
                          (call.end_col_offset or call.col_offset) + 1),
        cwe=cwes(md.get("cwe")), fix=one_line(md.get("fix")) or None, tags=["security"])


__all__ = ["pass_finding", "report_accessor_defaults"]
