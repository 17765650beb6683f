"""B108 on a default nobody uses: a parameter every call passes, a dataclass field every
construction sets (issue 12, py57d).

    @dataclass
    class ServerConfig:
        workspace_dir: str = "/tmp/git-workspaces"            # B108: never the value used
        @classmethod
        def from_env(cls):
            return cls(workspace_dir=os.getenv("WORKSPACE_DIR", "/tmp/git-workspaces"))   # B108 here

    class RepositoryManager:
        def __init__(self, workspace_dir: str = "/tmp/git-workspaces"): ...            # B108: never used
    RepositoryManager(workspace_dir=config.workspace_dir)     # the only construction

Bandit reports the ``/tmp`` text wherever it is written. A default that every call of the
function (every construction of the class) in the scanned project overrides is never the path
used: the value used is chosen at those calls, and reported there when it is itself a fixed
temp path. Such a hit moves to the audit view naming a call that overrides it. A call that
omits the argument, a ``*args``/``**kwargs`` spread, or no call at all keeps the hit; so does a
field of a class that is no dataclass (a pydantic settings class reads its fields from the
environment, not from its constructions).
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, Iterable, List, Optional, Tuple

OVERRIDDEN = ("the constant is the default of {what}, and every {how} in the project passes its own value "
              "(e.g. {where}): the default is never the path used")

#: (relative path, tree) of the scanned files whose text names a word
Callers = Callable[[str], Iterable[Tuple[str, ast.AST]]]


def _name(node) -> str:
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def _dataclass(cls: ast.ClassDef) -> bool:
    return any(_name(d.func if isinstance(d, ast.Call) else d) == "dataclass" for d in cls.decorator_list)


def _passes(call: ast.Call, name: str, index: Optional[int]) -> bool:
    """``call`` gives the parameter (keyword ``name`` or position ``index``) a value of its own."""
    if any(k.arg == name for k in call.keywords):
        return True
    if any(k.arg is None for k in call.keywords) or any(isinstance(a, ast.Starred) for a in call.args):
        return False
    return index is not None and index < len(call.args)


def _calls(callers: Callers, rel: str, tree: ast.AST, word: str, match) -> Optional[List[Tuple[str, ast.Call]]]:
    """(file, call) of every call ``match`` accepts in this file and the files naming ``word``."""
    out = []
    seen = {id(tree)}
    for path, t in [(rel, tree), *callers(word)]:
        if t is None:
            return None  # a file that may call it does not parse
        if id(t) in seen and t is not tree:
            continue
        seen.add(id(t))
        out += [(path, n) for n in ast.walk(t) if isinstance(n, ast.Call) and match(n)]
    return out


def _verdict(calls, name: str, index: Optional[int], what: str, how: str) -> Optional[str]:
    if not calls or not all(_passes(c, name, index) for _, c in calls):
        return None
    path, first = calls[0]
    return OVERRIDDEN.format(what=what, how=how, where=f"{path}:{first.lineno}")


def _param_reason(fn, cls: Optional[ast.ClassDef], d: ast.AST, rel: str, tree: ast.AST,
                  callers: Callers) -> Optional[str]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    name = None
    for arg, default in zip(positional[len(positional) - len(a.defaults):], a.defaults):
        name = arg.arg if default is d else name
    for arg, default in zip(a.kwonlyargs, a.kw_defaults):
        name = arg.arg if default is d else name
    if name is None:
        return None
    names = [p.arg for p in positional]
    method = cls is not None and bool(names) and names[0] in ("self", "cls")
    names = names[1:] if method else names
    index = names.index(name) if name in [p.arg for p in positional] and name in names else None
    if cls is not None and fn.name == "__init__":
        word = cls.name
        inside = {id(n) for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(m)}

        def match(c):
            return _name(c.func) == cls.name or (isinstance(c.func, ast.Name) and c.func.id == "cls" and id(c) in inside)
        what, how = f"parameter '{name}' of {cls.name}()", "construction"
    else:
        word = fn.name

        def match(c):
            return (isinstance(c.func, ast.Attribute) if method else isinstance(c.func, ast.Name)) and _name(c.func) == fn.name
        what, how = f"parameter '{name}' of {fn.name}()", "call"
    return _verdict(_calls(callers, rel, tree, word, match), name, index, what, how)


def _field_reason(cls: ast.ClassDef, stmt: ast.AnnAssign, rel: str, tree: ast.AST, callers: Callers) -> Optional[str]:
    if not _dataclass(cls) or not isinstance(stmt.target, ast.Name):
        return None
    fields = [s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
              and "ClassVar" not in ast.dump(s.annotation)]
    name = stmt.target.id
    inside = {id(n) for m in cls.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(m)}

    def match(c):
        return _name(c.func) == cls.name or (isinstance(c.func, ast.Name) and c.func.id == "cls" and id(c) in inside)
    calls = _calls(callers, rel, tree, cls.name, match)
    return _verdict(calls, name, fields.index(name), f"field '{name}' of dataclass {cls.name}", "construction")


def overridden_defaults(tree: ast.AST, rel: str, hits: Iterable[Tuple[int, int]],
                        callers: Callers) -> Dict[Tuple[int, int], str]:
    """For B108 hits at (line, 0-based column) of file ``rel`` (parsed: ``tree``): the ones whose
    constant is a default every call or construction in the project overrides."""
    want = set(hits)
    out: Dict[Tuple[int, int], str] = {}
    if not want:
        return out
    todo: List[Tuple[ast.AST, Optional[ast.ClassDef]]] = [(n, None) for n in getattr(tree, "body", ())]
    while todo:
        node, cls = todo.pop()
        if isinstance(node, ast.ClassDef):
            todo += [(n, node) for n in node.body]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for d in [*node.args.defaults, *node.args.kw_defaults]:
                if d is not None and (d.lineno, d.col_offset) in want:
                    why = _param_reason(node, cls, d, rel, tree, callers)
                    if why:
                        out[(d.lineno, d.col_offset)] = why
        elif isinstance(node, ast.AnnAssign) and cls is not None and node.value is not None \
                and (node.value.lineno, node.value.col_offset) in want:
            why = _field_reason(cls, node, rel, tree, callers)
            if why:
                out[(node.value.lineno, node.value.col_offset)] = why
    return out


__all__ = ["OVERRIDDEN", "overridden_defaults"]
