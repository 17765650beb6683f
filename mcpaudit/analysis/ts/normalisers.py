"""Path normalisers of the project: a check on ``normalizePath(p)`` is a check on ``p`` (issue 14).

    export function normalizePath(p: string): string {
      p = p.trim().replace(/^["']|["']$/g, "");             // spaces and quotes at the ends
      const isUnixPath = p.startsWith("/") && process.platform !== "win32";
      if (isUnixPath) return p.replace(/\\/+/g, "/").replace(/(?<!^)\\/$/, "");
      ...Windows drive letters and backslashes...
      return path.normalize(p);
    }
    ...
    const real = await fs.realpath(absolute);
    if (!isPathWithinAllowedDirectories(normalizePath(real), allowedDirectories)) throw ...;
    return real;

:mod:`.resolverwrappers` and :mod:`.sharedresolvers` read a one-line wrapper of a resolver as the
resolver; a normaliser of several statements (the reference filesystem server's, and the many
servers copied from it) stayed a project function, so the containment check on its result said
nothing about the path the sink then uses. This module reads such a function once, by a small
abstract evaluation of its body for the only inputs that matter here: a *resolved absolute* path
(``path.resolve``'s or ``fs.realpath``'s result: it starts with ``/``, has no repeated or
trailing separator and no ``.``/``..`` segment), on a POSIX system (``process.platform`` is not
``"win32"``). The function is a normaliser when every value it can return for such an input is
that input under rewrites that do not change which file it names there:

* ``path.normalize`` / ``path.resolve`` of it, a separator-run collapse (``/\\/+/g`` -> ``"/"``),
  a trailing-separator removal (``/\\/$/``, ``/(?<!^)\\/$/``, ``/\\/+$/`` -> ``""``), ``trimStart``;
* ``trim`` / ``trimEnd`` and the removal of quotes or spaces anchored at its ends
  (``/^["']|["']$/g`` -> ``""``): these may shorten the name at its end, so the result is a
  *trimming* normaliser (see below);
* another normaliser of the same module applied to it.

Branches are followed with three-valued tests: ``p.startsWith("/")`` holds, a regex anchored at
``^`` whose first atom cannot be ``/`` fails (``/^[a-zA-Z]:/``, a drive letter), ``process.platform
=== "win32"`` fails; a branch whose test is unknown must itself return only such values. Any other
statement (a loop, a ``try``), call or rewrite (backslashes made slashes, ``..`` removed by a
``replace``) makes the function no normaliser, and it is followed as a project function as before.

The function stays a project function (its summary, its own checks, what it returns for other
inputs: unchanged); what changes is that ``n = normalizePath(p)``, when ``p`` is resolved, records
``n`` as derived from ``p`` (``expressions.py``), so a containment check on ``n`` vouches for ``p``
through the chain :meth:`~.symlinks.Symlinks.vouch_chain` already follows. For a *trimming*
normaliser the one value the check can then pass that its argument does not name is the
*equality* case of a root: ``/home/u/allowed"`` (an existing sibling entry named like the root
plus a trailing quote or space) trims to the root itself. That entry must already exist (the server's own writes are refused: its
parent is outside); the residual is noted in the precision README, not reported.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Optional, Tuple

from ...regexgate import gated
from . import nodes as N
from .checks import _regex_parts as _regex

#: the key of the shared bindings under which the exported normalisers are listed (engines/ts.py)
REFS = "\x00normalisers"

_PATH_CALLS = frozenset({"path.normalize", "path.posix.normalize", "path.resolve", "path.posix.resolve"})
_PATH_IMPORT = gated(re.compile(rb"""(?:from\s*|require\(\s*)["'](?:node:)?path["']"""))
#: a quote or space class anchored at one end (``^["']``, ``["']$``, ``\s+$``, ``^\s*``)
_END = r"""(?:\[(?:["'`]|\\s|\s)+\]|["'`]|\\s)[+*]?"""
_TRIM_RX = re.compile(rf"(?:\^{_END}|{_END}\$)(?:\|(?:\^{_END}|{_END}\$))*")
_COLLAPSE = frozenset({r"\/+", r"/+", r"\/\/+", r"//+"})
_TRAILING = frozenset({r"\/$", r"/$", r"\/+$", r"/+$", r"(?<!^)\/$", r"(?<!^)/$", r"(?<!^)\/+$"})
_IDENTITY_METHODS = frozenset({"trimStart", "trimLeft", "toString", "valueOf"})
_TRIM_METHODS = frozenset({"trim", "trimEnd", "trimRight"})
_MAX_DEPTH = 3


class _Fail(Exception):
    """The function is no normaliser."""


def _first_not_slash(pattern: str) -> bool:
    """A regex anchored at ``^`` whose first atom cannot match ``/`` (a drive letter, ``[a-z]:``)
    and cannot be left out (``^~?/`` matches ``/etc``: rev50)."""
    if not pattern.startswith("^"):
        return False
    rest = pattern[1:]
    if rest.startswith("\\/") or rest.startswith("/") or rest[:1] in ("(", ".", "\\", "|", "") or "|" in pattern:
        return False
    if rest.startswith("["):
        end = rest.find("]")
        cls = rest[1:end] if end > 0 else ""
        return end > 0 and not cls.startswith("^") and "/" not in cls and "\\" not in cls and \
            not re.search(r"\W-\W", cls) and not any(a <= "/" <= b for a, b in re.findall(r"(\w)-(\w)", cls)) \
            and not _optional(rest[end + 1:])
    return (rest[0].isalnum() or rest[0] in ":~") and not _optional(rest[1:])


def _optional(after: str) -> bool:
    """The atom before ``after`` may match nothing (``?``, ``*``, ``{0,n}``): the next one may be ``/``."""
    return after[:1] in ("?", "*") or bool(re.match(r"\{0*[,}]", after))


class _Eval:
    """The abstract evaluation of one function body (values: ``("path", trims)``, a boolean
    ``True``/``False``/``None`` (unknown), or None for anything else)."""

    def __init__(self, data: bytes, local_fns, depth: int = 0):
        self.data = data
        self.local_fns = local_fns
        self.depth = depth
        self.trims = False

    # -- expressions ----------------------------------------------------------------------------
    def value(self, node, env):
        u = N.unwrap(node)
        if u is None:
            return None
        t = u.type
        if t == "identifier":
            return env.get(N.text(self.data, u))
        if t == "call_expression":
            return self._call(u, env)
        if t in ("true", "false"):
            return t == "true"
        if t == "unary_expression" and N.text(self.data, u).startswith("!"):
            b = self.truth(u.child_by_field_name("argument"), env)
            return None if b is None else not b
        if t == "binary_expression":
            return self._binary(u, env)
        return None

    def truth(self, node, env) -> Optional[bool]:
        v = self.value(node, env)
        return v if isinstance(v, bool) else None

    def _binary(self, u, env):
        op = u.child_by_field_name("operator")
        op = op.type if op is not None else ""
        left, right = u.child_by_field_name("left"), u.child_by_field_name("right")
        if op in ("&&", "||"):
            a, b = self.truth(left, env), self.truth(right, env)
            if op == "&&":
                return False if a is False or b is False else True if a and b else None
            return True if a is True or b is True else False if a is False and b is False else None
        if op in ("===", "!==", "==", "!="):
            for x, y in ((left, right), (right, left)):
                if N.text(self.data, N.unwrap(x)) == "process.platform":
                    s = N.string_value(self.data, y)
                    if s == "win32":
                        return op in ("!==", "!=")
        return None

    def _call(self, call, env):
        fn = call.child_by_field_name("function")
        args = N.args_of(call)
        if fn is None:
            return None
        if fn.type == "identifier":
            return self._local(N.text(self.data, fn), args, env)
        if fn.type != "member_expression":
            return None
        dotted = N.text(self.data, fn)
        if dotted in _PATH_CALLS and self.local_fns.get(" path") and len(args) == 1:
            return self._path_arg(args[0], env)
        prop = fn.child_by_field_name("property")
        meth = N.text(self.data, prop) if prop is not None else ""
        recv = fn.child_by_field_name("object")
        if meth == "test" and len(args) == 1:
            rx = _regex(self.data, recv)  # (with the m flag ^ also matches after a newline in the name: rev51t)
            return False if rx and "m" not in rx[1] and self._is_path(args[0], env) and _first_not_slash(rx[0]) else None
        base = self.value(recv, env)
        if not (isinstance(base, tuple) and base[0] == "path"):
            return None
        if meth == "startsWith" and len(args) == 1:
            s = N.string_value(self.data, args[0])
            return None if s is None else (True if s.startswith("/") and len(s) == 1 else False if s and s[0] != "/" else None)
        if meth == "match" and len(args) == 1:
            rx = _regex(self.data, args[0])
            return False if rx and "m" not in rx[1] and _first_not_slash(rx[0]) else None
        if meth in _IDENTITY_METHODS and not args:
            return base
        if meth in _TRIM_METHODS and not args:
            return ("path", True)
        if meth in ("replace", "replaceAll") and len(args) == 2:
            return self._replace(base, args, env)
        return None

    def _replace(self, base, args, env):
        rx = _regex(self.data, args[0])
        rep = N.string_value(self.data, args[1])
        if rx is None or rep is None:
            return None
        pat = rx[0]
        if "m" in rx[1] and ("$" in pat or "^" in pat):
            return None  # ^/$ also match at a newline inside the name: the rewrite may change the file (rev51t)
        if rep == "/" and pat in _COLLAPSE:
            return base
        if rep == "" and pat in _TRAILING:
            return base
        if rep == "" and _TRIM_RX.fullmatch(pat):
            return ("path", True)
        return None

    def _is_path(self, node, env) -> bool:
        v = self.value(node, env)
        return isinstance(v, tuple) and v[0] == "path"

    def _path_arg(self, node, env):
        v = self.value(node, env)
        return v if isinstance(v, tuple) and v[0] == "path" else None

    def _local(self, name: str, args, env):
        fn = self.local_fns.get(name)
        if fn is None or len(args) != 1 or self.depth >= _MAX_DEPTH or not self._is_path(args[0], env):
            return None
        kind = normaliser_kind(self.data, fn, self.local_fns, self.depth + 1)
        if kind is None:
            return None
        return ("path", kind == "trim" or self.value(args[0], env)[1])

    # -- statements -----------------------------------------------------------------------------
    def block(self, stmts, env) -> bool:
        """Run ``stmts``; True when every path through them returns or throws."""
        for s in stmts:
            if s.type == "comment" or s.type == "empty_statement":
                continue
            if self.statement(s, env):
                return True
        return False

    def statement(self, s, env) -> bool:
        t = s.type
        if t == "return_statement":
            v = self.value(s.named_children[0], env) if s.named_children else None
            if not (isinstance(v, tuple) and v[0] == "path"):
                raise _Fail
            self.trims = self.trims or v[1]
            return True
        if t == "throw_statement":
            return True
        if t in ("lexical_declaration", "variable_declaration"):
            for d in s.named_children:
                if d.type != "variable_declarator":
                    continue
                name = d.child_by_field_name("name")
                if name is None or name.type != "identifier":
                    raise _Fail
                val = d.child_by_field_name("value")
                env[N.text(self.data, name)] = self.value(val, env) if val is not None else None
            return False
        if t == "expression_statement":
            e = N.unwrap(s.named_children[0]) if s.named_children else None
            if e is not None and e.type == "assignment_expression":
                left = e.child_by_field_name("left")
                if left is None or left.type != "identifier":
                    raise _Fail
                env[N.text(self.data, left)] = self.value(e.child_by_field_name("right"), env)
                return False
            raise _Fail
        if t == "if_statement":
            return self._if(s, env)
        if t == "statement_block":
            return self.block(s.named_children, env)
        raise _Fail

    def _if(self, s, env) -> bool:
        cond = self.truth(s.child_by_field_name("condition"), env)
        cons = s.child_by_field_name("consequence")
        alt = s.child_by_field_name("alternative")
        alt = alt.named_children[0] if alt is not None and alt.type == "else_clause" and alt.named_children else alt
        if cond is True:
            return self._branch(cons, env)
        if cond is False:
            return self._branch(alt, env) if alt is not None else False
        a_env, b_env = dict(env), dict(env)
        a_done = self._branch(cons, a_env)
        b_done = self._branch(alt, b_env) if alt is not None else False
        if a_done and b_done:
            return True
        live = [e for e, done in ((a_env, a_done), (b_env, b_done)) if not done]
        for k in set().union(*live):
            vals = [e.get(k) for e in live]
            env[k] = vals[0] if all(v == vals[0] for v in vals) else \
                ("path", any(v[1] for v in vals)) if all(isinstance(v, tuple) for v in vals) else None
        return False

    def _branch(self, node, env) -> bool:
        if node is None:
            return False
        return self.block(node.named_children, env) if node.type == "statement_block" else self.statement(node, env)


def normaliser_kind(data: bytes, fn, local_fns, depth: int = 0) -> Optional[str]:
    """``"plain"`` or ``"trim"`` when the function ``fn`` is a path normaliser (module docstring),
    else None. ``local_fns``: the module's functions by name, and ``" path"`` when it imports
    Node's ``path`` module."""
    if fn is None or not N.is_function(fn):
        return None
    params = fn.child_by_field_name("parameters")
    plist = [p for p in (params.named_children if params is not None else []) if p.type != "comment"]
    if params is None and fn.child_by_field_name("parameter") is not None:
        plist = [fn.child_by_field_name("parameter")]
    if len(plist) != 1:
        return None
    p = plist[0]
    name = p.child_by_field_name("pattern") if p.type in ("required_parameter", "optional_parameter") else p
    if name is None or name.type != "identifier" or p.child_by_field_name("value") is not None:
        return None
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    ev = _Eval(data, local_fns, depth)
    env = {N.text(data, name): ("path", False)}
    try:
        if body.type == "statement_block":
            if not ev.block(body.named_children, env):
                return None  # falls off the end: undefined
        else:
            v = ev.value(body, env)
            if not (isinstance(v, tuple) and v[0] == "path"):
                return None
            ev.trims = v[1]
    except (_Fail, RecursionError):
        return None
    return "trim" if ev.trims else "plain"


def module_functions(data: bytes, root) -> Dict[str, object]:
    """The module's top-level functions by name, with ``" path"`` set when it imports ``path``."""
    out: Dict[str, object] = {n: v for n, v in N.top_bindings(data, root) if v is not None and N.is_function(v)}
    if _PATH_IMPORT.search(data):
        out[" path"] = True
    return out


def local_normaliser(data: bytes, root, name: str, memo: Dict[str, Optional[str]]) -> Optional[str]:
    """``"plain"``/``"trim"`` for the module function ``name`` when it is a normaliser."""
    if name in memo:
        return memo[name]
    fns = memo.get(" fns") or module_functions(data, root)
    memo[" fns"] = fns  # type: ignore[assignment]
    memo[name] = normaliser_kind(data, fns.get(name), fns) if name in fns and name != " path" else None
    return memo[name]


_EXPORTED = re.compile(rb"^export\s+(?:async\s+)?(?:function\s+|const\s+)([A-Za-z_$][\w$]*)", re.M)


def exported_normalisers(files: Iterable[Tuple[str, bytes]]) -> Dict[str, str]:
    """``{REFS: "<module key>#<name>"...}`` (joined by ``\\x1f``) of the exported normalisers, for
    :func:`normaliser_call` in the modules that import them (empty when there is none)."""
    from .parse import parse
    from .sharedsinks import module_keys

    refs = []
    for rel, data in files:
        if not data or b"export" not in data or not _PATH_IMPORT.search(data) or \
                not (b".trim" in data or b".replace(" in data):
            continue
        names = [m.group(1).decode() for m in _EXPORTED.finditer(data)]
        if not names:
            continue
        root = parse(data, rel).root_node
        memo: Dict[str, Optional[str]] = {}
        refs.extend(f"{key}#{name}" for name in names if local_normaliser(data, root, name, memo)
                    for key in module_keys(rel))
    return {REFS: "\x1f".join(sorted(refs))} if refs else {}


def normaliser_call(fa, fn) -> bool:
    """The callee ``fn`` (an identifier) is a normaliser: the module's own, or one another module
    exports (:func:`exported_normalisers`, through the import's reference)."""
    if fn is None or fn.type != "identifier" or getattr(fa.mod, "tree", None) is None:
        return False
    name = N.text(fa.data, fn)
    if name in fa.locals:
        return False
    ref = fa.mod.imports.get(name)
    if ref is None:
        memo = fa.mod.__dict__.setdefault("_normalisers", {})
        return bool(local_normaliser(fa.mod.data, fa.mod.tree.root_node, name, memo))
    refs = (getattr(fa.mod, "extra_imports", None) or {}).get(REFS, "")
    if not refs or "#" not in ref:
        return False
    known = refs.split("\x1f")
    if ref in known:
        return True
    key, _, short = ref.partition("#")  # a path alias import: "*suffix#name" (sharedsinks.apply_bindings)
    return key.startswith("*") and len([r for r in known if r.endswith(f"/{key[1:]}#{short}") or r == f"{key[1:]}#{short}"]) == 1


__all__ = ["REFS", "exported_normalisers", "local_normaliser", "normaliser_call", "normaliser_kind"]
