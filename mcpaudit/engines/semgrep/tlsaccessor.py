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
from ...sources import is_test_path

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


def _accessors(trees: Dict[str, ast.Module]) -> Dict[str, List[Tuple[str, ast.Dict]]]:
    """Accessor function name -> (file, the dict literal it reads) over the project."""
    out: Dict[str, List[Tuple[str, ast.Dict]]] = {}
    for path, tree in trees.items():
        for fn in tree.body:
            d = _accessor(fn)
            lit = _dict_literal(tree, d) if d else None
            if lit is not None:
                out.setdefault(fn.name, []).append((path, lit))  # type: ignore[attr-defined]
    return out


def _entry(lit: ast.Dict, key: str) -> Optional[ast.AST]:
    hits = [v for k, v in zip(lit.keys, lit.values) if isinstance(k, ast.Constant) and k.value == key]
    return hits[0] if len(hits) == 1 else None


def _assigned(fn: ast.AST, name: str) -> Optional[ast.Call]:
    """The call ``name`` is assigned from, when that is its one assignment in ``fn``."""
    calls = [s.value for s in ast.walk(fn) if isinstance(s, ast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], ast.Name) and s.targets[0].id == name]
    stores = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)]
    return calls[0] if len(calls) == 1 and len(stores) == 1 and isinstance(calls[0], ast.Call) else None


def _functions(tree: ast.AST) -> Iterable[ast.AST]:
    return (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _hits(tree: ast.Module, accessors) -> List[Tuple[ast.Call, str, str, str, ast.AST]]:
    """(request call, switch, key, the dict's file, its entry) of each switch read off an accessor."""
    out = []
    for fn in _functions(tree):
        for call in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
            for kw in call.keywords:
                if kw.arg not in _SWITCHES or not isinstance(kw.value, ast.Name):
                    continue
                src = _assigned(fn, kw.value.id)
                name = src.func.id if src is not None and isinstance(src.func, ast.Name) else \
                    src.func.attr if src is not None and isinstance(src.func, ast.Attribute) else None
                rows = accessors.get(name) if name else None
                if not rows or len(rows) != 1 or not src.args or not isinstance(src.args[0], ast.Constant) \
                        or not isinstance(src.args[0].value, str):
                    continue
                entry = _entry(rows[0][1], src.args[0].value)
                if isinstance(entry, ast.Constant) and entry.value is False:
                    out.append((call, kw.arg, src.args[0].value, rows[0][0], entry))
    return out


def report_accessor_defaults(findings: List[Finding], root, files: Iterable, rule: Dict) -> None:
    """Add a ``tls-verify-disabled`` finding for each request whose verify switch is read
    through a project accessor whose dict says ``False`` (see the module)."""
    from .packs import cwes, one_line, rule_confidence, rule_severity

    paths = [str(p) for p in files if str(p).endswith(".py")]
    texts: Dict[str, str] = {}
    for p in paths:
        rel = os.path.relpath(p, str(root))
        if is_test_path(rel):
            continue
        try:
            with open(p, "rb") as fh:
                texts[p] = fh.read(2_000_000).decode("utf-8", errors="replace")
        except OSError:
            continue
    users = [p for p, t in texts.items() if _GATE.search(t)]
    if not users:
        return
    trees: Dict[str, ast.Module] = {}
    for p, t in texts.items():
        if "def " in t and ".get(" in t or p in users:
            try:
                trees[p] = ast.parse(t)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                continue
    accessors = _accessors(trees)
    if not accessors:
        return
    md = rule.get("metadata") or {}
    seen = {(f.location.path, f.location.line) for f in findings if f.rule_id == RULE}
    for p in users:
        if p not in trees:
            continue
        rel = os.path.relpath(p, str(root)).replace(os.sep, "/")
        for call, switch, key, where, entry in _hits(trees[p], accessors):
            if (rel, call.lineno) in seen:
                continue
            seen.add((rel, call.lineno))
            origin = os.path.relpath(where, str(root)).replace(os.sep, "/")
            findings.append(Finding(
                rule_id=RULE, engine="semgrep", severity=rule_severity(rule.get("severity"), md),
                confidence=rule_confidence(md) if rule_confidence(md) > Confidence.LOW else Confidence.MEDIUM,
                message=one_line(rule.get("message") or RULE) + f" {switch}= is read through the project's settings "
                        f"accessor, whose entry '{key}' is False by default ({origin}:{entry.lineno})",
                location=Location(rel, call.lineno, call.col_offset + 1, call.end_lineno or call.lineno,
                                  (call.end_col_offset or call.col_offset) + 1),
                cwe=cwes(md.get("cwe")), fix=one_line(md.get("fix")) or None, tags=["security"]))


__all__ = ["report_accessor_defaults"]
