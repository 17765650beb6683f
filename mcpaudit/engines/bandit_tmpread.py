"""Temp folders named where nothing is created at a fixed name in them (issue 12).

Bandit's B108 fires on every ``"/tmp"`` string; the hazard is a predictable name a local user can
pre-create or link. Two shapes name the folder and create nothing predictable in it:

* **A fresh random name inside it**: ``tempfile.mkdtemp(dir="/tmp")`` (``mkstemp``,
  ``NamedTemporaryFile``, ``TemporaryDirectory``...) creates a new entry with a random name and
  owner-only permissions, as it does in the default temp folder.
* **A folder only measured**: ``tmp = Path("/tmp")`` (or the string) bound in a function whose
  every use of the name is a measurement - ``os.statvfs``, ``shutil.disk_usage``, ``stat``, an
  existence test, or a call whose name says it measures (``get_directory_size_mb(tmp)``).

* **A folder only compared against**: ``target.is_relative_to(Path("/tmp"))``,
  ``p.startswith("/tmp/")``, ``p == "/tmp"``: an allowed root in a path check, nothing made in it.

Anything else done with the folder (a join, an ``open``, a removal, a return) keeps the hit.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional

from ..astparents import enclosing_function
from .bandit_cleanup import _callee
from .bandit_tmpsearch import TMP_PREFIXES, TmpStrings, tmp_strings

#: tempfile's creators of a fresh, randomly named entry inside the folder they are given
_FRESH = frozenset({"mkdtemp", "mkstemp", "NamedTemporaryFile", "TemporaryDirectory", "TemporaryFile",
                    "SpooledTemporaryFile"})
#: calls that only measure the folder or test it
_MEASURES = frozenset({"statvfs", "statfs", "disk_usage", "stat", "lstat", "exists", "isdir", "is_dir", "getsize"})
#: a project function named for measuring (the size or usage of a folder)
_MEASURING_NAME = re.compile(r"(?i)(^|_)(size|sizes|usage|free|space)(_|$)")

#: calls that test a path against the folder (``target.is_relative_to(Path("/tmp"))``)
_COMPARES = frozenset({"is_relative_to", "startswith", "relative_to", "commonpath", "samefile"})
COMPARED_WHY = "the temp folder is only compared against (an allowed root in a path check): nothing is created in it"
FRESH_WHY = "the temp folder only holds a fresh randomly named entry tempfile creates in it"
MEASURED_WHY = "the temp folder is only measured (its free space or size): nothing is created in it"


def _measures(call: ast.Call) -> bool:
    name = _callee(call) or ""
    return name in _MEASURES or bool(_MEASURING_NAME.search(name))


def _fresh_dir(const: ast.Constant, parents) -> bool:
    p = parents.get(id(const))
    if isinstance(p, ast.keyword) and p.arg == "dir":
        call = parents.get(id(p))
        return isinstance(call, ast.Call) and _callee(call) in _FRESH
    return False


def bound_once_loads(assign: Optional[ast.AST], parents) -> Optional[List[ast.Name]]:
    """``name = <value>`` in a function, the one binding of ``name`` there: every read of the
    name in the function (None when ``assign`` is no such statement, the name is bound again, or
    never read)."""
    if not (isinstance(assign, ast.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0], ast.Name)):
        return None
    fn = enclosing_function(assign, parents)
    if fn is None:
        return None
    name = assign.targets[0].id
    uses = [n for n in ast.walk(fn) if isinstance(n, ast.Name) and n.id == name]
    loads = [n for n in uses if isinstance(n.ctx, ast.Load)]
    return loads if loads and len(uses) - len(loads) == 1 else None


def _only_measured(const: ast.Constant, parents) -> bool:
    """``name = "/tmp"`` or ``name = Path("/tmp")`` whose every read in the function measures it."""
    node = const
    p = parents.get(id(node))
    if isinstance(p, ast.Call) and (_callee(p) or "") == "Path" and len(p.args) == 1 and p.args[0] is node:
        node, p = p, parents.get(id(p))
    loads = bound_once_loads(p, parents)
    if not loads:
        return False
    for use in loads:
        call = parents.get(id(use))
        if not (isinstance(call, ast.Call) and use in call.args and _measures(call)):
            return False
    return True


def _compared(const: ast.Constant, parents) -> bool:
    """``x.is_relative_to(Path("/tmp"))``, ``p.startswith("/tmp/")``, ``p == "/tmp"``, ``p in ("/tmp",)``:
    the literal is only what a path is tested against."""
    node, p = const, parents.get(id(const))
    if isinstance(p, ast.Call) and (_callee(p) or "") in ("Path", "PurePath", "PosixPath") and len(p.args) == 1 \
            and p.args[0] is node:
        node, p = p, parents.get(id(p))  # Path("/tmp")
    if isinstance(p, (ast.Tuple, ast.List, ast.Set)):
        node, p = p, parents.get(id(p))  # ("/tmp", "/var/tmp")
    if isinstance(p, ast.Compare):
        return all(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in p.ops)
    return isinstance(p, ast.Call) and node in p.args and (_callee(p) or "") in _COMPARES


def tmp_reads(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines`` of a file's ``text``: the lines whose every temp-folder string
    is only a fresh entry's parent or only measured (the reason, by line). ``strings``:
    :func:`.bandit_tmpsearch.tmp_strings` already built."""
    verdict: Dict[int, str] = {}
    for node, parents in tmp_strings(text, lines) if strings is None else strings:
        ok = node.value.rstrip("/") in TMP_PREFIXES
        why = "" if not ok else FRESH_WHY if _fresh_dir(node, parents) else MEASURED_WHY if _only_measured(node, parents) \
            else COMPARED_WHY if _compared(node, parents) else ""
        verdict[node.lineno] = why if verdict.get(node.lineno, why) == why else ""
    return {line: why for line, why in verdict.items() if why}


__all__ = ["COMPARED_WHY", "FRESH_WHY", "MEASURED_WHY", "bound_once_loads", "tmp_reads"]
