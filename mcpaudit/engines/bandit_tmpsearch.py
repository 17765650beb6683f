"""Temp folders that are only searched: where bandit's B108 fires on a folder nothing writes.

B108 (``hardcoded_tmp_directory``) reports every string that starts with ``/tmp``, ``/var/tmp`` or
``/dev/shm``: a predictable name in a shared folder that a local user can pre-create or link.
That hazard needs the code to create or write something there. A folder name that is one of a
literal list of places searched for an input file (``for d in ["/tmp", "./uploads"]: if
os.path.exists(d): places.append(d)``, the list possibly named first) is only tested for
existence and collected; where the collected places are iterated, each is only joined with a
name, globbed or tested again (a joined path that exists joins the matches, not followed
further: an existing file found there is an input). Nothing is created at a fixed name, so such hits move to the
audit view (:func:`searched_folders`). Any other use of the folder, the loop variable, the
collected list or a path joined from it (an ``open``, a ``makedirs``, a return) keeps the hit.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Set, Tuple

from ..astparents import enclosing_function, parents as _parents
from .bandit_cleanup import _callee

#: calls that look at a path without creating or changing anything
_PROBES = frozenset({"exists", "isdir", "isfile", "lexists", "listdir", "scandir", "glob", "iglob", "walk", "is_dir",
                     "is_file"})
#: calls whose arguments are only shown (a log line, a message)
_SHOWN = frozenset({"info", "debug", "warning", "error", "exception", "print", "log"})

#: the shared temp folders whose names bandit's B108 reports
TMP_PREFIXES = ("/tmp", "/var/tmp", "/dev/shm")

WHY = "the temp folder is one of several places searched for an existing file: it is only tested and joined with a name, never created or written"


def _loads(scope: ast.AST, name: str) -> List[ast.Name]:
    return [n for n in ast.walk(scope) if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)]


def _use_ok(node: ast.Name, parents, depth: int, fn: ast.AST) -> bool:
    """One read of a searched name: a probe's argument, shown in a message, appended to a list
    whose uses are themselves searches, or (below the top) joined into a path only probed."""
    p = parents.get(id(node))
    if isinstance(p, (ast.FormattedValue, ast.JoinedStr)):
        return True
    if isinstance(p, ast.Call) and node in p.args:
        name = _callee(p)
        if name in _PROBES or name in _SHOWN:
            return True
        if name == "append" and isinstance(p.func, ast.Attribute) and isinstance(p.func.value, ast.Name):
            # the folder joins the places searched; a path found in one joins the matches
            return _list_searched(fn, p.func.value.id, parents) if depth == 0 else depth == 2
        if name == "join" and depth > 0:
            target = parents.get(id(p))
            if isinstance(target, ast.Call) and p in target.args and _callee(target) in _PROBES:
                return True  # glob.glob(os.path.join(place, "**", name))
            return isinstance(target, ast.Assign) and len(target.targets) == 1 and isinstance(target.targets[0], ast.Name) \
                and all(_use_ok(u, parents, 2, fn) for u in _loads(fn, target.targets[0].id))
    return False


def _list_searched(fn: ast.AST, name: str, parents) -> bool:
    """A list of collected places: only appended to, shown, or iterated by loops that search."""
    for use in _loads(fn, name):
        p = parents.get(id(use))
        if isinstance(p, ast.Attribute) and p.attr == "append":
            continue
        if isinstance(p, (ast.FormattedValue, ast.JoinedStr)):
            continue
        if isinstance(p, ast.For) and p.iter is use and _loop_searches(p, parents, 1, fn):
            continue
        return False
    return True


def _loop_searches(loop: ast.For, parents, depth: int, fn: ast.AST) -> bool:
    if not isinstance(loop.target, ast.Name):
        return False
    return all(_use_ok(u, parents, depth, fn) for s in loop.body for u in _loads(s, loop.target.id))


def _searched(const: ast.Constant, parents, fn: ast.AST) -> bool:
    seq = parents.get(id(const))
    if not isinstance(seq, (ast.List, ast.Tuple)) or len(seq.elts) < 2:
        return False
    holder = parents.get(id(seq))
    if isinstance(holder, ast.For) and holder.iter is seq:
        return _loop_searches(holder, parents, 0, fn)
    if isinstance(holder, ast.Assign) and len(holder.targets) == 1 and isinstance(holder.targets[0], ast.Name):
        uses = _loads(fn, holder.targets[0].id)
        loops = [parents.get(id(u)) for u in uses]
        return bool(uses) and all(isinstance(lp, ast.For) and lp.iter is u and _loop_searches(lp, parents, 0, fn)
                                  for u, lp in zip(uses, loops))
    return False


TmpStrings = List[Tuple[ast.Constant, dict]]


def tmp_strings(text: str, lines: List[int]) -> TmpStrings:
    """(constant, parents) of each temp-folder string (``/tmp``, ``/var/tmp``, ``/dev/shm``...)
    on ``lines`` of a file's ``text``; empty when it does not parse. Built once per file and
    given to both :func:`searched_folders` and :func:`.bandit_tmpread.tmp_reads`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    parents = _parents(tree)
    wanted: Set[int] = set(lines)
    return [(node, parents) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.lineno in wanted
            and node.value.startswith(TMP_PREFIXES)]


def searched_folders(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines`` of a file's ``text``: the lines whose every temp-folder string
    is a searched place (the reason, by line). ``strings``: :func:`tmp_strings` already built."""
    verdict: Dict[int, bool] = {}
    for node, parents in tmp_strings(text, lines) if strings is None else strings:
        fn = enclosing_function(node, parents)
        ok = fn is not None and _searched(node, parents, fn)
        verdict[node.lineno] = verdict.get(node.lineno, True) and ok
    return {line: WHY for line, ok in verdict.items() if ok}


__all__ = ["TMP_PREFIXES", "TmpStrings", "WHY", "searched_folders", "tmp_strings"]
