"""An unverifying TLS context that never makes a connection.

``ssl-unverified-context`` reports ``ctx.verify_mode = ssl.CERT_NONE`` and ``ctx.check_hostname =
False`` wherever they are written. A context built in a function only to check local material
never reaches a peer::

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.load_cert_chain(cert_file, key_file)   # do the certificate and the key belong together?

No connection is made with it, so there is no peer whose certificate goes unchecked. Such a hit
goes to the audit view with the reason when the context is a plain local name of the function,
assigned once from a context constructor (``ssl.SSLContext(...)``, ``ssl.create_default_context(...)``,
``ssl._create_unverified_context(...)``), and every use of the name is a setting written on it
(``ctx.x = ...``) or one of the methods that only load or configure local material
(:data:`LOCAL_METHODS`). Any other use keeps the finding: the context passed to a call
(``urlopen(context=ctx)``, ``HTTPSConnection(..., context=ctx)``, ``ssl=ctx``), returned, stored
on an object or in a container, its ``wrap_socket``/``wrap_bio`` called, or the name read in any
other way, a nested function or lambda that reads it included (a closure may connect with it).
"""

from __future__ import annotations

import ast
import os
from typing import Dict, Iterable, List, Optional

from ...models import Confidence, Finding
from .optin_tls import _last

RULE = "ssl-unverified-context"
REASON = ("the context '{name}' is only configured and loaded with local material ({uses}) in "
          "{fn}(): it is never used for a connection, returned or passed on (audit view)")

#: methods of ``ssl.SSLContext`` that load or configure local material and connect nothing
LOCAL_METHODS = frozenset({
    "load_cert_chain", "load_verify_locations", "load_default_certs", "set_ciphers",
    "set_alpn_protocols", "set_npn_protocols", "set_ecdh_curve", "load_dh_params",
    "set_default_verify_paths", "get_ca_certs", "cert_store_stats", "get_ciphers",
})
#: calls that build a context (last dotted name)
_CONSTRUCTORS = frozenset({"SSLContext", "create_default_context", "_create_unverified_context",
                           "_create_stdlib_context"})


def _functions(tree: ast.AST) -> List[ast.AST]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _own_nodes(fn: ast.AST) -> Iterable[ast.AST]:
    """The nodes of ``fn``'s body, not of functions or classes nested in it."""
    stack = list(fn.body)
    while stack:
        n = stack.pop()
        yield n
        if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(n))


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _binds(scope: ast.AST, name: str) -> bool:
    """``scope`` (a nested function or lambda) has ``name`` as a parameter of its own."""
    args = getattr(scope, "args", None)
    if args is None:
        return False
    every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
    return name in {a.arg for a in every}


def _read_inside(scope: ast.AST, name: str) -> bool:
    """A nested function, lambda or class of the function reads ``name`` (a closure over the
    context: ``def go(): return urlopen(url, context=ctx)``); its own parameter of that name is
    not the context, anything else that mentions it (a read, ``nonlocal``, a default) is."""
    if _binds(scope, name):
        return any(isinstance(d, ast.Name) and d.id == name
                   for d in getattr(scope.args, "defaults", []) + [k for k in scope.args.kw_defaults if k])
    for n in ast.walk(scope):
        if isinstance(n, ast.Name) and n.id == name:
            return True
        if isinstance(n, ast.Nonlocal) and name in n.names:
            return True
    return False


def _hit_name(stmt: ast.stmt) -> Optional[str]:
    """The context name a hit statement writes: ``ctx.verify_mode = ...`` /
    ``ctx.check_hostname = ...`` or ``ctx = ssl._create_unverified_context()``."""
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
        return None
    target = stmt.targets[0]
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
            and target.attr in ("verify_mode", "check_hostname"):
        return target.value.id
    if isinstance(target, ast.Name) and isinstance(stmt.value, ast.Call) \
            and _last(stmt.value.func) in _CONSTRUCTORS:
        return target.id
    return None


def local_only(fn: ast.AST, name: str) -> Optional[List[str]]:
    """The local methods called on ``name`` when the context is assigned once in ``fn`` from a
    constructor and never leaves it (see the module); None otherwise."""
    args = fn.args
    if name in {a.arg for a in args.posonlyargs + args.args + args.kwonlyargs}:
        return None
    nodes = list(_own_nodes(fn))
    parents: Dict[int, ast.AST] = {}
    for n in nodes:
        for child in ast.iter_child_nodes(n):
            parents[id(child)] = n
    assigned = 0
    methods: List[str] = []
    for n in nodes:
        if isinstance(n, (ast.Global, ast.Nonlocal)) and name in n.names:
            return None
        if isinstance(n, _SCOPES) and _read_inside(n, name):
            return None  # a closure that may connect with it
        if not isinstance(n, ast.Name) or n.id != name:
            continue
        parent = parents.get(id(n))
        if isinstance(n.ctx, ast.Store):
            if not (isinstance(parent, ast.Assign) and parent.targets == [n]
                    and isinstance(parent.value, ast.Call) and _last(parent.value.func) in _CONSTRUCTORS):
                return None
            assigned += 1
            continue
        if not isinstance(parent, ast.Attribute) or parent.value is not n:
            return None  # read as a value: passed, returned, stored, compared
        if isinstance(parent.ctx, ast.Store):
            continue  # a setting written on the context
        grand = parents.get(id(parent))
        if isinstance(grand, ast.Call) and grand.func is parent and parent.attr in LOCAL_METHODS:
            if parent.attr not in methods:
                methods.append(parent.attr)
            continue
        return None
    return methods if assigned == 1 else None


def unconnected(text: str, lines: List[int], tree: Optional[ast.AST] = None) -> Dict[int, str]:
    """For hit ``lines`` of a file's ``text`` (``tree``: its ``ast`` tree when the scan has one):
    the ones on a context that never connects, with the reason."""
    if tree is None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return {}
    out: Dict[int, str] = {}
    fns = _functions(tree)
    for line in lines:
        for fn in fns:
            stmt = next((n for n in _own_nodes(fn) if isinstance(n, ast.Assign) and n.lineno == line), None)
            if stmt is None:
                continue
            name = _hit_name(stmt)
            uses = local_only(fn, name) if name else None
            if uses is not None:
                shown = ", ".join(f"{m}()" for m in uses) or "settings only"
                out[line] = REASON.format(name=name, uses=shown, fn=fn.name)
            break
    return out


def demote_unconnected_contexts(findings: List[Finding], root, first_pass_tree=None) -> None:
    """Unverifying contexts that never connect: to the audit view with the reason.
    ``first_pass_tree(path, text)``: the scan's first-pass ``ast`` tree of a file, or None."""
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id == RULE and f.confidence > Confidence.LOW and f.location.path.endswith(".py"):
            by_file.setdefault(f.location.path, []).append(f)
    for rel, hits in by_file.items():
        try:
            with open(os.path.join(str(root), rel), "rb") as fh:
                text = fh.read(4_000_000).decode("utf-8", errors="replace")
        except OSError:
            continue
        tree = first_pass_tree(rel, text) if first_pass_tree is not None else None
        lines = unconnected(text, [f.location.line for f in hits], tree if isinstance(tree, ast.AST) else None)
        for f in hits:
            why = lines.get(f.location.line)
            if why:
                f.confidence = Confidence.LOW
                f.message = f"{f.message}; {why}"
                f.properties["tls-context"] = "never-connects"
