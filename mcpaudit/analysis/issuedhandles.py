"""Handles a server issues: a credential-named key whose value the server mints for its caller.

``save_state()`` returns ``{"state_token": short_hash(state)}`` and ``restore_state(state_token)``
takes it back; an analysis step returns ``{"vision_token": sha1(clip ids)}`` that the commit step
checks. The tool hands its caller a value it made up to recognise a later call: a handle, not a
credential of the server or its user, although its name reads as one (``*_token``). Such a key is
left out of secret-in-tool-result when, over the modules the linker has:

* every binding of the key (a dict literal's ``"k": v``, ``x["k"] = v``, ``k = v``, a keyword
  ``k=v``) is *minted*, a copy of the caller's own value of the key (a parameter named ``k``, or
  ``p.get("k")`` / ``p["kToken"]`` of a parameter ``p``: what the caller sent) or ``None``; and at
  least one is minted. Any other read that spells the key (``os.environ["K"]``, ``cfg.get("k")``,
  a file's ``pending.get("k")``) and a parameter of another name are *other*: the key stays a secret;
* some tool's name or description names the key as a whole word: the server documents it as what
  its caller sends back (``restore_state(state_token)``).

A value is minted when it comes from a call the catalog's ``handle-minters`` names (``uuid.uuid4``,
``secrets.token_urlsafe``, ``hashlib.sha256``; a bare name is a method, ``hexdigest``), from a
method or attribute of such a value (``uuid4().hex``, ``sha1(b).hexdigest()``), through ``str()``,
a slice or an f-string of one, from a local name bound to one, or from a project function (called
bare, as ``mod.fn()`` or ``self.fn()``) every definition of which (by that name) returns minted
values only. A key bound anywhere to
anything else (an environment variable, a config field, a literal) stays a secret.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Dict, Iterator, Optional, Set

from ..catalog import catalog

_ITEM = re.compile(r"\[['\"]([^'\"]+)['\"]\]$")
#: the kinds a value's origin can have, strongest first when combined (neutral: a copy of the
#: caller's own value, or None)
_OTHER, _MINT, _NEUTRAL = "other", "mint", "neutral"
_OWN_RECEIVERS = frozenset({"self", "cls"})
_DEPTH = 4


def _tree(linker, path: str) -> Optional[ast.Module]:
    """The module at ``path`` (as the linker names it: under the scan root) read with ``ast``: the
    first pass's tree when link() handed it, else the file under the scan root (None for another
    language's file or one that does not parse: its keys stay secrets)."""
    if not path.endswith(".py"):
        return None
    tree = linker.__dict__.get("ast_trees", {}).get(path)
    if isinstance(tree, ast.Module):
        return tree  # (the first pass's tree of the module)
    root = getattr(linker, "scan_root", None)
    if not root:
        return None  # (never a path relative to the working directory: another file)
    # a file parsed here is parsed once per link (ownmethods.py and this module both ask); kept
    # apart from ``ast_trees``, the first pass's own trees, which other readers (reach,
    # defaultbranch) take as "the first pass read this file"
    parsed = linker.__dict__.setdefault("_reparsed_trees", {})
    if path not in parsed:
        try:
            parsed[path] = ast.parse((Path(root) / path).read_text(encoding="utf-8", errors="replace"))
        except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
            parsed[path] = None
    return parsed[path]


def _norm(s: str) -> str:
    return s.replace("_", "").replace("-", "").lower()


def label_key(label: str) -> Optional[str]:
    """The key a secret label names: ``p['state_token']`` -> ``state_token``; ``vision_token``."""
    m = _ITEM.search(label)
    if m:
        return m.group(1)
    return label if label.isidentifier() else None


def _aliases(tree: ast.Module) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _dotted(node: ast.AST, aliases: Dict[str, str]) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _combine(kinds) -> str:
    kinds = set(kinds)
    for k in (_OTHER, _MINT):
        if k in kinds:
            return k
    return _NEUTRAL


class _Project:
    """The linker's modules read with ``ast`` for one question: which keys are issued handles."""

    def __init__(self, linker):
        self.linker = linker
        self.minters = getattr(catalog().python, "handle_minters", frozenset())
        self.trees = [(t, _aliases(t)) for t in (_tree(linker, p) for p in linker.modules) if t is not None]
        self.parents: Dict[int, ast.AST] = {}
        for tree, _ in self.trees:
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parents[id(child)] = node
        self.module_fns = _module_functions(self.trees)
        self.minting_fns = self._minting_functions()
        self.verdicts: Dict[str, bool] = {}

    def _enclosing(self, node: ast.AST) -> Optional[ast.AST]:
        node = self.parents.get(id(node))
        while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node = self.parents.get(id(node))
        return node

    def _minting_functions(self) -> Set[str]:
        """Names of project functions every definition of which returns minted values only (to a
        fixed point): ``Session.get_token`` minting and ``Config.get_token`` reading the environment
        leave ``get_token`` out."""
        fns = [(fn, al) for tree, al in self.trees for fn in ast.walk(tree)
               if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))]
        out: Set[str] = set()
        for _ in range(3):
            self.minting_fns = out
            minting: Dict[str, bool] = {}
            for fn, al in fns:
                if fn.name not in out:
                    minting[fn.name] = minting.get(fn.name, True) and self._returns_mint(fn, al)
            found = {name for name, ok in minting.items() if ok}
            if not found:
                break
            out = out | found
        return out

    def _returns_mint(self, fn, aliases) -> bool:
        rets = [r for r in _own_nodes(fn) if isinstance(r, ast.Return)]
        return bool(rets) and all(r.value is not None and self.kind(r.value, fn, aliases, None) == _MINT
                                  for r in rets)

    def kind(self, e: ast.AST, fn, aliases, key: Optional[str], depth: int = 0) -> str:
        """Where the value of ``e`` comes from: minted, neutral (the caller's own value of ``key``,
        or None) or other."""
        if depth > _DEPTH:
            return _OTHER
        if isinstance(e, ast.Name):  # (a local of the key's own name: where it was bound)
            return self._name_kind(e.id, fn, aliases, key, depth)
        if key is not None and _reads_param_key(e, fn, _norm(key)):
            return _NEUTRAL  # p.get("state_token"): what the caller sent
        sub = lambda x: self.kind(x, fn, aliases, key, depth + 1)  # noqa: E731
        if isinstance(e, ast.Constant) and e.value in (None, ""):
            return _NEUTRAL
        if isinstance(e, (ast.Subscript, ast.Attribute)):
            return _MINT if sub(e.value) == _MINT else _OTHER
        if isinstance(e, ast.IfExp):
            return _combine((sub(e.body), sub(e.orelse)))
        if isinstance(e, ast.BoolOp):
            return _combine(sub(v) for v in e.values)
        if isinstance(e, ast.JoinedStr):
            parts = [sub(v.value) for v in e.values if isinstance(v, ast.FormattedValue)]
            return _combine(parts) if parts else _OTHER
        if isinstance(e, ast.Call):
            return self._call_kind(e, sub, fn, aliases)
        return _OTHER

    def _call_kind(self, call: ast.Call, sub, fn, aliases) -> str:
        func = call.func
        if isinstance(func, ast.Name) and func.id in ("str", "repr") and call.args:
            return sub(call.args[0])
        name = _dotted(func, aliases)
        if name in self.minters or self._own_call(func, fn, aliases) in self.minting_fns:
            return _MINT
        if isinstance(func, ast.Attribute) and (func.attr in self.minters or sub(func.value) == _MINT):
            return _MINT  # sha1(b).hexdigest(): a method of a minted value
        return _OTHER

    def _own_call(self, func: ast.AST, fn, aliases: Dict[str, str]) -> str:
        """The name a call reaches a project function by: ``fn()``, ``mod.fn()`` (an imported
        module, also one a project function imports and returns: ``_ma().short_hash()``, ``ma =
        _ma(); ma.short_hash()``), ``self.fn()``; "" for a method of some other object
        (``cfg.get_token()``)."""
        if isinstance(func, ast.Name):
            return func.id
        if not isinstance(func, ast.Attribute):
            return ""
        recv = func.value
        if isinstance(recv, ast.Name) and (recv.id in aliases or recv.id in _OWN_RECEIVERS):
            return func.attr
        if isinstance(recv, ast.Name) and fn is not None and recv.id not in _params(fn):
            values = [v for t, v in _assignments(fn) if isinstance(t, ast.Name) and t.id == recv.id]
            recv = values[0] if len(values) == 1 else recv
        if isinstance(recv, ast.Call) and isinstance(recv.func, ast.Name) and recv.func.id in self.module_fns:
            return func.attr
        return ""

    def _name_kind(self, name: str, fn, aliases, key, depth) -> str:
        if fn is None:
            return _OTHER
        if name in _params(fn):
            # the caller's value of the key itself; any other parameter may carry anything in
            return _NEUTRAL if key is not None and _norm(name) == _norm(key) else _OTHER
        values = [v for t, v in _assignments(fn) if isinstance(t, ast.Name) and t.id == name]
        if not values:
            return _OTHER
        return _combine(self.kind(v, fn, aliases, key, depth + 1) for v in values)

    def issued(self, key: str) -> bool:
        if key not in self.verdicts:
            kinds = [self.kind(v, self._enclosing(at), al, key) for tree, al in self.trees
                     for at, v in _bindings(tree, key)]
            self.verdicts[key] = _MINT in kinds and _OTHER not in kinds
        return self.verdicts[key]


def _own_nodes(fn) -> Iterator[ast.AST]:
    """The nodes of ``fn``'s body, not those of functions or classes defined in it."""
    todo = list(fn.body)
    while todo:
        node = todo.pop()
        yield node
        todo.extend(c for c in ast.iter_child_nodes(node)
                    if not isinstance(c, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)))


def _assignments(scope) -> Iterator[tuple]:
    for node in (_own_nodes(scope) if not isinstance(scope, ast.Module) else ast.walk(scope)):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                yield t, node.value
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            yield node.target, node.value


def _bindings(tree: ast.Module, key: str) -> Iterator[tuple]:
    """(node, value) of each place ``key`` gets a value in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and k.value == key:
                    yield node, v
        elif isinstance(node, ast.keyword) and node.arg == key:
            yield node, node.value
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(t, ast.Name) and t.id == key or isinstance(t, ast.Subscript) and \
                        isinstance(t.slice, ast.Constant) and t.slice.value == key:
                    yield node, node.value


def _module_functions(trees) -> Set[str]:
    """Names of project functions that import a module and return it (``def _ma(): from pkg
    import media_analysis; return media_analysis``: a lazy import), every definition by that name."""
    verdict: Dict[str, bool] = {}
    for tree, _ in trees:
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            own = list(_own_nodes(fn))
            imported = {a.asname or a.name.split(".")[0] for n in own if isinstance(n, (ast.Import, ast.ImportFrom))
                        for a in n.names}
            rets = [r.value for r in own if isinstance(r, ast.Return)]
            ok = bool(rets) and all(isinstance(v, ast.Name) and v.id in imported for v in rets)
            verdict[fn.name] = verdict.get(fn.name, True) and ok
    return {name for name, ok in verdict.items() if ok}


def _params(fn) -> Set[str]:
    args = fn.args
    return {a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)}


def _reads_param_key(e: ast.AST, fn, norm: str) -> bool:
    """``e`` is ``p.get("k")`` or ``p["k"]`` (``k`` any spelling of the key: ``visionToken``) of a
    parameter ``p`` of ``fn``: the caller's own value of the key handed back."""
    if fn is None:
        return False
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and e.func.attr == "get" and e.args:
        recv, k = e.func.value, e.args[0]
    elif isinstance(e, ast.Subscript):
        recv, k = e.value, e.slice
    else:
        return False
    return isinstance(recv, ast.Name) and recv.id in _params(fn) and isinstance(k, ast.Constant) \
        and isinstance(k.value, str) and _norm(k.value) == norm




def _documents(key: str, texts) -> bool:
    """Some tool text names ``key`` as a whole word (``token`` is not named by ``api_token``)."""
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(key)}(?![A-Za-z0-9_])")
    return any(word.search(text) for text in texts)


def issued_handle(linker, label: str) -> bool:
    """The secret ``label`` is a key the server mints for its caller and documents as one a tool
    takes back (module docstring): a handle in the tool's result, not a leaked credential."""
    key = label_key(label)
    if not key or not _documents(key, (text for texts in linker.tool_text.values() for text in texts)):
        return False
    project = linker.__dict__.get("_issued_handles")
    if project is None:
        project = linker.__dict__["_issued_handles"] = _Project(linker)
    return project.issued(key)


__all__ = ["issued_handle", "label_key"]
