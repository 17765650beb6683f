"""Temp-folder text that names a path on another machine (issue 12).

B108 reports ``"/tmp"`` wherever it is written; its hazard is a predictable name in a shared
folder of the machine the code runs on. A string handed to a parameter that names a path on
another machine -- a node path in a Kubernetes pod spec, a mount target inside a container, the
remote side of an SFTP/SCP copy -- creates nothing here: the value is sent in a request. Such a
hit moves to the audit view when the string is the value of one of :func:`remote_keywords` (a
keyword argument of that callee; catalog data), directly or as the default of a ``.get(key, "/tmp")`` that is
(``path=volume.get("host_path", "/tmp")``).

Only these keyword parameters count: the same string given by position, or to any other callee,
keeps the hit (container paths of ``docker exec``/``put_archive`` are judged elsewhere).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from .bandit_incontainer import _callee
from .bandit_tmpsearch import TmpStrings, tmp_strings

def remote_keywords() -> Dict[Tuple[str, str], str]:
    """(callee's last name, keyword) pairs whose value is a path on another machine, with what it
    is: the catalog's ``container-commands: remote-keywords`` (rules/models/python/containers.yaml)."""
    from ..catalog import catalog

    return catalog().python.remote_paths


WHY = "the temp-folder text is {what} ({callee}({keyword}=...)): a path on another machine, nothing is created here"


def _remote(node: ast.AST, parents, table: Dict[Tuple[str, str], str]) -> Optional[str]:
    """The reason when ``node`` is the value of a remote-path keyword (or the default of a
    ``.get`` that is)."""
    par = parents.get(id(node))
    if isinstance(par, ast.Call) and _callee(par) == "get" and len(par.args) == 2 and par.args[1] is node:
        node, par = par, parents.get(id(par))  # volume.get("host_path", "/tmp"): the call's value
    if not (isinstance(par, ast.keyword) and any(k == par.arg for _c, k in table)):
        return None
    call = parents.get(id(par))
    if not isinstance(call, ast.Call):
        return None
    what = table.get((_callee(call), par.arg))
    return WHY.format(what=what, callee=_callee(call), keyword=par.arg) if what else None


def remote_paths(text: str, lines: List[int], strings: Optional[TmpStrings] = None) -> Dict[int, str]:
    """For B108 hits on ``lines``: the lines whose every temp-folder string names a remote path
    (the reason, by line)."""
    verdict: Dict[int, Optional[str]] = {}
    table = remote_keywords()
    for node, parents in tmp_strings(text, lines) if strings is None else strings:
        why = _remote(node, parents, table)
        verdict[node.lineno] = why if verdict.get(node.lineno, why) is not None else None
    return {line: why for line, why in verdict.items() if why}


__all__ = ["remote_keywords", "remote_paths"]
