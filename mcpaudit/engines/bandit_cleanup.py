"""A permissive ``chmod`` that only lets a file be deleted is no permission left behind.

``shutil.rmtree`` cannot remove a read-only file on some systems (Windows, a git clone's pack
files): the usual remedy is an ``onerror=``/``onexc=`` handler that makes the path writable
(``os.chmod(path, 0o777)`` or ``stat.S_IWRITE``) and calls the failed function again
(``func(path)``) or removes the path itself. Bandit's B103 reports the mode; the path is deleted
on the next statement, so no file is left world-writable. Such hits move to the audit view with
the reason. A chmod in the same handler on another path, or with no deletion after it, stays.

B103 also reports any mode with the group execute bit (``0o755`` on a script the server runs):
a mode written as a number that gives neither group nor others the write bit lets nobody else
change the file, so those hits move to the audit view too (:func:`unwritable_modes`).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set

REASON = ("the chmod is in an rmtree error handler, on the path it deletes right after: "
          "no file is left with that mode")

UNWRITABLE = "the mode gives neither group nor others write access: no one else can change the file"
_OTHERS_WRITE = 0o022  # stat.S_IWGRP | stat.S_IWOTH

_HANDLER_KEYWORDS = ("onerror", "onexc")
_REMOVERS = frozenset({"remove", "unlink", "rmdir", "rmtree"})


def _handlers(tree: ast.AST) -> Set[str]:
    """Names of the functions given to ``shutil.rmtree`` as its error handler."""
    out: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node) == "rmtree":
            for kw in node.keywords:
                if kw.arg in _HANDLER_KEYWORDS and isinstance(kw.value, ast.Name):
                    out.add(kw.value.id)
            if len(node.args) >= 3 and isinstance(node.args[2], ast.Name):
                out.add(node.args[2].id)  # rmtree(path, ignore_errors, onerror)
    return out


def _callee(call: ast.Call) -> Optional[str]:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _deletes_after(fn: ast.AST, chmod: ast.Call, func: str, path: str) -> bool:
    """A call after ``chmod`` in ``fn`` that deletes ``path``: the failed function
    (``func(path)``) or a remover (``os.remove(path)``)."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and node is not chmod and node.args and _is_name(node.args[0], path) and \
                (node.lineno, node.col_offset) > (chmod.lineno, chmod.col_offset):
            if _is_name(node.func, func) or _callee(node) in _REMOVERS:
                return True
    return False


def cleanup_chmods(text: str, lines: List[int]) -> Dict[int, str]:
    """For B103 hits on ``lines`` of a file's ``text``: the ones whose chmod makes writable the
    path an rmtree error handler deletes next, with the reason."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    handlers = _handlers(tree)
    if not handlers:
        return {}
    out: Dict[int, str] = {}
    for fn in ast.walk(tree):
        if not (isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.name in handlers):
            continue
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
        if params and params[0] in ("self", "cls"):
            params = params[1:]
        if len(params) < 2:
            continue
        func, path = params[0], params[1]
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and _callee(node) == "chmod" and node.lineno in lines and \
                    node.args and _is_name(node.args[0], path) and _deletes_after(fn, node, func, path):
                out[node.lineno] = REASON
    return out


def unwritable_modes(text: str, lines: List[int]) -> Dict[int, str]:
    """For B103 hits on ``lines``: the chmods whose mode is an integer literal without the group
    or other write bits (``os.chmod(path, 0o755)``), with the reason."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}
    out: Dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.lineno in lines and _callee(node) == "chmod":
            mode = node.args[1] if len(node.args) > 1 else next(
                (kw.value for kw in node.keywords if kw.arg == "mode"), None)
            if isinstance(mode, ast.Constant) and type(mode.value) is int and not mode.value & _OTHERS_WRITE:
                out[node.lineno] = UNWRITABLE
    return out
