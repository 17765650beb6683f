"""Temp paths inside a container: B108 text that only ever reaches a container's command (issue 12).

Bandit's B108 reports ``"/tmp/..."`` wherever it is written; the hazard (a predictable name in the
host's shared temp folder) needs the host to create something there. A path that is only ever
text of a command run *inside* a container names the container's own ``/tmp``, which no other
local user shares: a sandbox's plot folder, the key copied into a throw-away rsync container.
Such a hit moves to the audit view (:func:`container_paths`) when every use of its string,
followed within the file, ends in one of

* the command or path argument of a container API call (the catalog's ``container-commands:
  methods``, :func:`exec_methods`: docker-py's ``container.exec_run`` / ``put_archive`` /
  ``get_archive``, the low-level ``exec_create``, on any receiver; an llm-sandbox session's
  ``execute_command`` only on a receiver of one of its types: a parameter annotated with it, a
  local or ``self`` attribute built by it, ``self`` in a class of that name or base — host-side
  executors have a method of that name too);
* the script of a ``docker run``/``exec`` (``podman``, ``nerdctl``) argument list: an element
  after a shell word and ``-c`` in a list the code adds to a list built from a literal that
  starts with the runtime and names ``run`` or ``exec`` (the ``-v host:container`` mounts before
  the image are host paths and are not taken).
  An ``sh -c`` list that is not added to such a list is followed as a value: passed whole as the
  command of ``exec_run`` it runs in the container (a sandbox's heredoc writing the caller's code
  to ``/tmp/code.py`` there); run by ``subprocess`` on the host it keeps the hit.

A use is followed through f-strings, ``+``/``%`` text, ``" ".join``/``shlex.join``/``shlex.quote``,
list literals and the lists they are ``append``/``extend``/``insert``-ed into, a name bound once
(a module constant: its every read in the file; a local: in its function), a function's
return (each call of it in the file, ``f(...)``/``self.f(...)``), and a parameter (its default,
or an argument of a call of a function of the same file) to that parameter's reads. Any other
use (an ``open``, a ``makedirs``, a value returned to a caller outside the file, a subprocess
run on the host) keeps the hit.
"""

from __future__ import annotations

import ast
from typing import Dict, FrozenSet, List, Optional, Set

from ..astparents import enclosing_function
from .bandit_tmpsearch import TmpStrings, tmp_strings

WHY = ("the temp path is text of a command run inside a container (its own /tmp, shared with no "
       "other local user), not a file on this machine")
TMPFS_WHY = ("the temp path is the mount point of a fresh tmpfs the command gives its container or sandbox "
             "(the value of --tmpfs: the container's own /tmp), not a folder of this machine's shared /tmp")
#: options whose value names where a fresh tmpfs is mounted in the new container or sandbox's own
#: mount namespace (docker/podman/nerdctl run --tmpfs, bwrap --tmpfs, systemd-nspawn --tmpfs)
_TMPFS_OPTIONS = frozenset({"--tmpfs"})

#: container runtimes' command-line programs, and the subcommands that run a command inside one
_RUNTIMES = frozenset({"docker", "podman", "nerdctl"})
_RUN_WORDS = frozenset({"run", "exec"})
_SHELLS = frozenset({"sh", "bash", "ash", "/bin/sh", "/bin/bash", "/bin/ash"})
#: list methods that add to the list they are called on
_ADDERS = frozenset({"append", "extend", "insert"})
_DEPTH = 60


def _callee(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def exec_methods() -> Dict[str, FrozenSet[str]]:
    """Container API methods whose arguments are a command or a path inside the container, with
    the receiver types each belongs to ("*": any): the catalog's ``container-commands: methods``."""
    from ..catalog import catalog

    return catalog().python.container_commands


def _type_names(node: Optional[ast.AST]) -> Set[str]:
    """The last names an annotation or a constructor call mentions (a string annotation parsed)."""
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return set()
    return {n.attr if isinstance(n, ast.Attribute) else n.id for n in ast.walk(node)
            if isinstance(n, (ast.Name, ast.Attribute))}


def _built_by(value: Optional[ast.AST], types: FrozenSet[str]) -> bool:
    """``value`` is a call of one of ``types`` (``SandboxSession(...)``, awaited or not)."""
    if isinstance(value, ast.Await):
        value = value.value
    return isinstance(value, ast.Call) and _callee(value) in types


def _const(node) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


class _Uses:
    """Follows the uses of one value in one parsed file."""

    def __init__(self, tree: ast.AST, parents) -> None:
        self.tree, self.parents = tree, parents
        self.defs: Dict[str, List[ast.AST]] = {}
        for n in ast.walk(tree):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.defs.setdefault(n.name, []).append(n)
        self.memo: Dict[int, bool] = {}

    def ok(self, node: ast.AST, depth: int = 0) -> bool:
        """Every use of ``node``'s value ends as container text."""
        if depth > _DEPTH:
            return False
        if id(node) in self.memo:
            return self.memo[id(node)]  # (True while it is being decided: a cycle adds no use)
        self.memo[id(node)] = True
        self.memo[id(node)] = got = self._ok(node, depth)
        return got

    def _ok(self, node: ast.AST, depth: int) -> bool:
        p = self.parents.get(id(node))
        if isinstance(p, (ast.FormattedValue, ast.JoinedStr, ast.BinOp)):
            return self.ok(p, depth + 1)
        if isinstance(p, (ast.List, ast.Tuple)):
            return self._element(p, node, depth)
        if isinstance(p, ast.Call) and node in p.args:
            return self._argument(p, p.args.index(node), None, depth)
        if isinstance(p, ast.keyword):
            call = self.parents.get(id(p))
            return isinstance(call, ast.Call) and self._argument(call, None, p.arg, depth)
        if isinstance(p, (ast.Assign, ast.AnnAssign)) and p.value is node:
            targets = p.targets if isinstance(p, ast.Assign) else [p.target]
            return len(targets) == 1 and isinstance(targets[0], ast.Name) and self._name(targets[0].id, p, depth)
        if isinstance(p, ast.Return):
            return self._returned(p, depth)
        if isinstance(p, ast.arguments):
            return self._default(p, node, depth)
        return False

    def _scope(self, at: ast.AST) -> ast.AST:
        return enclosing_function(at, self.parents) or self.tree

    def _loads(self, scope: ast.AST, name: str) -> Optional[List[ast.Name]]:
        """The reads of ``name`` in ``scope``; None when it is bound more than once."""
        loads, stores = [], 0
        for n in ast.walk(scope):
            if isinstance(n, ast.Name) and n.id == name:
                if isinstance(n.ctx, ast.Load):
                    loads.append(n)
                else:
                    stores += 1
            elif isinstance(n, ast.arg) and n.arg == name:
                stores += 1
        return loads if stores <= 1 else None

    def _name(self, name: str, at: ast.AST, depth: int, scope: Optional[ast.AST] = None) -> bool:
        loads = self._loads(scope if scope is not None else self._scope(at), name)
        return bool(loads) and all(self._read(u, depth + 1) for u in loads)

    def _read(self, load: ast.Name, depth: int) -> bool:
        """One read of a name: adding to a list is no use of the list's value; anything else is."""
        p = self.parents.get(id(load))
        if isinstance(p, ast.Attribute) and p.attr in _ADDERS and isinstance(self.parents.get(id(p)), ast.Call):
            return True
        return self.ok(load, depth)

    def _element(self, seq: ast.AST, node: ast.AST, depth: int) -> bool:
        elts = seq.elts
        i = elts.index(node)
        words = [_const(e) for e in elts[:i]]
        if "-c" in words and any(w in _SHELLS for w in words[:words.index("-c")]) and self._runtime_list(seq):
            return True  # the script of `sh -c` in a runtime's command line
        return self.ok(seq, depth + 1)  # the list itself: exec_run(cmd=["sh", "-c", script]) runs in the container

    def _runtime_list(self, seq: ast.AST) -> bool:
        """``seq`` is added to a list whose literal starts with a container runtime and names
        ``run``/``exec``."""
        call = self.parents.get(id(seq))
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in _ADDERS
                and isinstance(call.func.value, ast.Name)):
            return False
        name = call.func.value.id
        for n in ast.walk(self._scope(call)):
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets) \
                    and isinstance(n.value, ast.List) and n.value.elts:
                words = [_const(e) for e in n.value.elts]
                return words[0] in _RUNTIMES and bool(set(words) & _RUN_WORDS)
        return False

    def _typed(self, call: ast.Call, types: FrozenSet[str]) -> bool:
        """The receiver of ``call`` (a method call) is of one of ``types``."""
        if "*" in types:
            return True
        recv = call.func.value
        if isinstance(recv, ast.Name) and recv.id == "self":
            cls = self.parents.get(id(call))
            while cls is not None and not isinstance(cls, ast.ClassDef):
                cls = self.parents.get(id(cls))
            return cls is not None and (cls.name in types or any(_type_names(b) & types for b in cls.bases))
        if isinstance(recv, ast.Name):
            return self._bound_typed(self._scope(call), recv.id, types)
        if isinstance(recv, ast.Attribute) and isinstance(recv.value, ast.Name) and recv.value.id == "self":
            return self._field_typed(recv.attr, types)
        return False

    def _bound_typed(self, scope: ast.AST, name: str, types: FrozenSet[str]) -> bool:
        """``name`` is a parameter annotated with one of ``types``, or a local built by one."""
        for n in ast.walk(scope):
            if isinstance(n, ast.arg) and n.arg == name and _type_names(n.annotation) & types:
                return True
            if isinstance(n, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in n.targets) \
                    and _built_by(n.value, types):
                return True
            if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name) and n.target.id == name and (
                    _type_names(n.annotation) & types or _built_by(n.value, types)):
                return True
            if isinstance(n, ast.withitem) and isinstance(n.optional_vars, ast.Name) \
                    and n.optional_vars.id == name and _built_by(n.context_expr, types):
                return True
        return False

    def _field_typed(self, attr: str, types: FrozenSet[str]) -> bool:
        """``self.attr`` is built by one of ``types`` or annotated with one (anywhere in the file)."""
        for n in ast.walk(self.tree):
            if isinstance(n, ast.Assign) and _built_by(n.value, types) and any(
                    isinstance(t, ast.Attribute) and t.attr == attr for t in n.targets):
                return True
            if isinstance(n, ast.AnnAssign) and _type_names(n.annotation) & types and (
                    isinstance(n.target, ast.Attribute) and n.target.attr == attr
                    or isinstance(n.target, ast.Name) and n.target.id == attr):
                return True
        return False

    def _argument(self, call: ast.Call, pos: Optional[int], kw: Optional[str], depth: int) -> bool:
        name = _callee(call)
        types = exec_methods().get(name) if isinstance(call.func, ast.Attribute) else None
        if types and self._typed(call, types):
            return True
        if name == "join" and isinstance(call.func, ast.Attribute) and (
                _const(call.func.value) is not None or _dotted(call.func) == "shlex.join"):
            return self.ok(call, depth + 1)
        if _dotted(call.func) == "shlex.quote":
            return self.ok(call, depth + 1)
        if name in _ADDERS and isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
            target = call.func.value.id
            return self._name(target, call, depth)
        return self._parameter(call, name, pos, kw, depth)

    def _parameter(self, call: ast.Call, name: str, pos: Optional[int], kw: Optional[str], depth: int) -> bool:
        """An argument of a call of a function of this file (by name, or ``self.name``): the
        reads of the parameter it is passed as, in every definition of that name."""
        fns = self.defs.get(name) if isinstance(call.func, ast.Name) or (
            isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name)
            and call.func.value.id in ("self", "cls")) else None
        if not fns:
            return False
        for fn in fns:
            params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            if isinstance(call.func, ast.Attribute) and params and params[0] in ("self", "cls"):
                params = params[1:]
            param = kw if kw is not None else params[pos] if pos is not None and pos < len(params) else None
            if param is None or not (param in params or param in [a.arg for a in fn.args.kwonlyargs]):
                return False
            if not self._name(param, fn, depth, scope=fn):
                return False
        return True

    def _returned(self, ret: ast.Return, depth: int) -> bool:
        fn = enclosing_function(ret, self.parents)
        if fn is None:
            return False
        calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call) and _callee(n) == fn.name and (
            isinstance(n.func, ast.Name) or (isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name)
                                             and n.func.value.id in ("self", "cls")))]
        return bool(calls) and all(self.ok(c, depth + 1) for c in calls)

    def _default(self, args: ast.arguments, node: ast.AST, depth: int) -> bool:
        fn = self.parents.get(id(args))
        positional = args.posonlyargs + args.args
        if node in args.defaults:
            param = positional[len(positional) - len(args.defaults) + args.defaults.index(node)].arg
        elif node in args.kw_defaults:
            param = args.kwonlyargs[args.kw_defaults.index(node)].arg
        else:
            return False
        return fn is not None and self._name(param, fn, depth, scope=fn)


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def container_paths(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines`` of a file's ``text``: the lines whose every temp-folder string
    only reaches a container's command (the reason, by line)."""
    found = tmp_strings(text, lines) if strings is None else strings
    if not found:
        return {}
    parents = found[0][1]
    tree = found[0][0]
    while parents.get(id(tree)) is not None:
        tree = parents[id(tree)]
    uses = _Uses(tree, parents)
    verdict: Dict[int, bool] = {}
    tmpfs: Dict[int, bool] = {}
    for node, _parents in found:
        mount = _tmpfs_target(node, parents)
        tmpfs[node.lineno] = tmpfs.get(node.lineno, True) and mount
        verdict[node.lineno] = verdict.get(node.lineno, True) and (mount or uses.ok(node))
    return {line: TMPFS_WHY if tmpfs[line] else WHY for line, ok in verdict.items() if ok}


def _tmpfs_target(node: ast.AST, parents) -> bool:
    """``node`` is the element right after a constant ``--tmpfs`` in a list literal
    (``["--tmpfs", "/tmp:rw,noexec,size=64m"]``): where the container's fresh tmpfs is mounted."""
    seq = parents.get(id(node))
    if not isinstance(seq, (ast.List, ast.Tuple)):
        return False
    i = seq.elts.index(node)
    return i >= 1 and _const(seq.elts[i - 1]) in _TMPFS_OPTIONS


__all__ = ["TMPFS_WHY", "WHY", "container_paths", "exec_methods"]
