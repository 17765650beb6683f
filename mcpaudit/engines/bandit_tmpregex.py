"""Temp-folder text that is a regular expression: where bandit's B108 fires on a pattern (issue 12).

B108 reports every string that starts with ``/tmp``; ``r'/tmp/[^/\\s]+'`` does, and is no path:
it is the pattern a ``re`` function matches against text (scrubbing temp paths out of an error
message, recognising them in a log line). Nothing is created, opened or written at it. A
temp-folder string is a pattern when it is

* the pattern argument of a ``re``/``regex`` module function (``re.sub``, ``re.search``,
  ``re.compile``...: the first argument or ``pattern=``);
* a local name bound once to it in a function, every read of which is such an argument;
* an entry of a literal list or tuple (iterated by a ``for`` loop directly, or bound once to a
  local name that only ``for`` loops iterate) whose loop variable is only such an argument.

The replacement text of ``re.sub`` and any other use (an ``open``, a join, a return) keep the hit
(:func:`regex_patterns`).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional

from ..astparents import enclosing_function
from .bandit_tmpread import bound_once_loads
from .bandit_tmpsearch import TmpStrings, tmp_strings

WHY = "the temp-folder text is a regular expression matched against text (a re pattern): no file is made or opened"

#: the ``re`` module's functions whose first argument is a pattern
_RE_FUNCS = frozenset({"sub", "subn", "search", "match", "fullmatch", "findall", "finditer", "split", "compile"})
#: the modules that provide them
_RE_MODULES = frozenset({"re", "regex"})


def _pattern_arg(node: ast.AST, parents) -> bool:
    """``node`` is the pattern of a ``re.<func>(pattern, ...)`` call."""
    p = parents.get(id(node))
    if isinstance(p, ast.keyword) and p.arg == "pattern":
        node, p = p, parents.get(id(p))
    elif not (isinstance(p, ast.Call) and p.args and p.args[0] is node):
        return False
    if not isinstance(p, ast.Call):
        return False
    func = p.func
    return isinstance(func, ast.Attribute) and func.attr in _RE_FUNCS and isinstance(func.value, ast.Name) \
        and func.value.id in _RE_MODULES


def _loop_var_pattern(loop: ast.AST, parents) -> bool:
    """A ``for`` loop whose variable is read, and only as a pattern."""
    if not isinstance(loop, (ast.For, ast.AsyncFor)) or not isinstance(loop.target, ast.Name):
        return False
    name = loop.target.id
    loads = [n for s in loop.body for n in ast.walk(s) if isinstance(n, ast.Name) and n.id == name]
    return bool(loads) and all(isinstance(n.ctx, ast.Load) and _pattern_arg(n, parents) for n in loads)


def _names_only_patterns(loads: Optional[List[ast.Name]], parents, loop: bool) -> bool:
    if not loads:
        return False
    if loop:  # a list of patterns: every read is a loop's iterable
        return all(isinstance(parents.get(id(u)), (ast.For, ast.AsyncFor)) and parents[id(u)].iter is u
                   and _loop_var_pattern(parents[id(u)], parents) for u in loads)
    return all(_pattern_arg(u, parents) for u in loads)


def _is_pattern(const: ast.Constant, parents) -> bool:
    if _pattern_arg(const, parents):
        return True
    p = parents.get(id(const))
    if isinstance(p, ast.Assign) and p.value is const:
        return enclosing_function(p, parents) is not None and _names_only_patterns(bound_once_loads(p, parents),
                                                                                    parents, loop=False)
    if not isinstance(p, (ast.List, ast.Tuple)):
        return False
    holder = parents.get(id(p))
    if isinstance(holder, (ast.For, ast.AsyncFor)) and holder.iter is p:
        return _loop_var_pattern(holder, parents)
    return isinstance(holder, ast.Assign) and holder.value is p and enclosing_function(holder, parents) is not None \
        and _names_only_patterns(bound_once_loads(holder, parents), parents, loop=True)


def regex_patterns(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines`` of a file's ``text``: the lines whose every temp-folder string is a
    regular expression (the reason, by line). ``strings``: :func:`.bandit_tmpsearch.tmp_strings`."""
    verdict: Dict[int, bool] = {}
    for node, parents in tmp_strings(text, lines) if strings is None else strings:
        verdict[node.lineno] = verdict.get(node.lineno, True) and _is_pattern(node, parents)
    return {line: WHY for line, ok in verdict.items() if ok}


__all__ = ["WHY", "regex_patterns"]
