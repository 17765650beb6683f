"""A configuration finding inside a method nothing calls (issue 12, py51b).

``ssl-unverified-context`` and ``tls-verify-disabled`` report where a client skips certificate
checks. Inside a method that no code of the project names, the client is never made by the
running server::

    class EmailReceiver:
        async def receive_emails_imap(self, ...): ...      # the tool calls this one
        def receive_emails_pop3(self, limit=10):           # registered nowhere, called by nothing
            pop = poplib.POP3_SSL(self.settings.POP3_SERVER, self.settings.POP3_PORT)

Such a hit goes to the audit view with the reason when the innermost function around it is a
method of a class (a ``def`` directly in a class body) that is

* undecorated (a decorator registers it: a tool, a route, a property, a callback),
* no dunder (``__init__``, ``__enter__``: called by the language),
* no override: its class has no base but ``object`` or classes of the project, and no project
  class defines a method of the same name (a base class's caller reaches it), and
* named nowhere else: no identifier, attribute, import or string of the project's Python files
  outside the method's own lines mentions its name (``self.receive_emails_pop3()``,
  ``getattr(obj, "receive_emails_pop3")``, ``mcp.tool()(r.receive_emails_pop3)``), no text of
  an f-string or string starts the name (``getattr(self, f"receive_{kind}")``), and no launcher
  file at the root (``pyproject.toml``, ``Procfile``, ``Dockerfile``) names it.

This extends py50b's :mod:`mcpaudit.analysis.unreferenced` (undecorated module-level functions)
to methods. Code outside the scanned paths (an example script, a test) may still call it: the
finding stays in the audit view with the reason.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Iterable, List, Optional, Tuple

from ...models import Finding
from .optin_tls import RULES

REASON = ("it is in {cls}.{name}(), a method nothing in the project calls or registers (no call, attribute, "
          "string or decorator names it) (audit view)")
_LAUNCHERS = ("pyproject.toml", "setup.cfg", "Procfile", "Dockerfile", "docker-compose.yml", "compose.yaml")
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _method_at(tree: ast.AST, line: int) -> Optional[Tuple[ast.ClassDef, ast.AST]]:
    """(class, method) when the innermost function holding ``line`` is a method of a class."""
    best: Optional[Tuple[ast.ClassDef, ast.AST]] = None
    best_fn: Optional[ast.AST] = None
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for fn in cls.body:
            if isinstance(fn, _FUNCS) and fn.lineno <= line <= (fn.end_lineno or fn.lineno):
                best, best_fn = (cls, fn), fn
    if best_fn is None:
        return None
    for inner in ast.walk(best_fn):  # a function nested in the method holds the line: not the method's own
        if inner is not best_fn and isinstance(inner, (*_FUNCS, ast.Lambda)) \
                and inner.lineno <= line <= (inner.end_lineno or inner.lineno):
            return None
    return best


def _parse_all(files: Iterable[str], root=None):
    """The files as a :class:`~.pyfiles.PyFiles` (read and parsed when first asked for)."""
    from .pyfiles import PyFiles

    return PyFiles(root or os.sep, files)


def _mentions(tree: ast.AST, name: str, skip: Tuple[int, int]) -> bool:
    """A node of ``tree`` outside lines ``skip`` that names ``name`` (docstrings aside), or a
    string piece that starts it (a dynamic lookup by prefix)."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    for n in ast.walk(tree):
        line = getattr(n, "lineno", None)
        if line is None or id(n) in docs or skip[0] <= line <= skip[1]:
            continue
        if isinstance(n, ast.Name) and n.id == name or isinstance(n, ast.Attribute) and n.attr == name:
            return True
        if isinstance(n, ast.alias) and name in (n.name.split(".")[-1], n.asname):
            return True
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            if word.search(n.value) or (len(n.value) >= 3 and name.startswith(n.value) and n.value[-1] in "_."):
                return True
    return False


def _overrides(py, cls: ast.ClassDef, name: str) -> bool:
    """The method may be reached through a base class: the class has a base the project does not
    define (a library's), or another project class defines a method of that name. Only the files
    whose text holds ``class <base>`` or ``def <name>`` are parsed."""
    for base in cls.bases:
        shown = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
        if shown == "object":
            continue
        if not shown or not any(isinstance(c, ast.ClassDef) and c.name == shown
                                for p in _naming(py, shown, rf"\bclass\s+{re.escape(shown)}\b")
                                for c in ast.walk(py.tree(p) or ast.Module(body=[], type_ignores=[]))):
            return True
    return any(isinstance(c, ast.ClassDef) and c is not cls and any(isinstance(f, _FUNCS) and f.name == name for f in c.body)
               for p in _naming(py, name, rf"\bdef\s+{re.escape(name)}\b")
               for c in ast.walk(py.tree(p) or ast.Module(body=[], type_ignores=[])))


def _naming(py, word: str, pattern: str):
    """The files whose text holds ``word`` and matches ``pattern``."""
    rx = re.compile(pattern)
    return [p for p in py.holding(word) if rx.search(py.text(p) or "")]


def _launched(root, name: str) -> bool:
    word = re.compile(rf"\b{re.escape(name)}\b")
    for fname in _LAUNCHERS:
        try:
            with open(os.path.join(str(root), fname), "rb") as fh:
                if word.search(fh.read(1_000_000).decode("utf-8", errors="replace")):
                    return True
        except OSError:
            continue
    return False


def dead_method(py, here: str, line: int, root) -> Optional[str]:
    """The reason a hit at ``line`` of file ``here`` sits in a method nothing names; None
    otherwise (see the module). ``py``: the run's :class:`~.pyfiles.PyFiles`."""
    tree = py.tree(here)
    if tree is None:
        return None
    found = _method_at(tree, line)
    if found is None:
        return None
    cls, fn = found
    name = fn.name
    if fn.decorator_list or (name.startswith("__") and name.endswith("__")) or _overrides(py, cls, name):
        return None
    span = (min([fn.lineno] + [d.lineno for d in fn.decorator_list]), fn.end_lineno or fn.lineno)
    for path in py.holding(name):
        tree = py.tree(path)
        if tree is None or _mentions(tree, name, span if path == os.path.abspath(here) else (0, -1)):
            return None
    return None if _launched(root, name) else REASON.format(cls=cls.name, name=name)


def demote_dead_methods(findings: List[Finding], root, files: Iterable[str], py=None) -> None:
    """TLS findings in a method nothing names: to the audit view with the reason. ``py``: the
    run's :class:`~.pyfiles.PyFiles` (made from ``files`` when not given)."""
    from .pyfiles import demote_hits

    demote_hits(findings, root, files, py, RULES, lambda p, path, line: dead_method(p, path, line, root),
                ("tls-context", "unreferenced-method"))
