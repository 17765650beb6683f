"""OpenSSH clients run without host key verification: bandit's B507 for the ``ssh`` command line.

Bandit's ``B507`` (ssh_no_host_key_verification) reports paramiko's ``AutoAddPolicy``: a client
that accepts any host key lets whoever sits on the network path impersonate the host and
receive what is sent to it. A program that runs the OpenSSH client has the same hazard when it
passes ``-o StrictHostKeyChecking=no`` (the process models' ``host-key-off`` rows, per program),
which bandit does not see. Reported, as B507, where the option is written:

* in an argument list (a list or tuple display: ``["ssh", "-o", "StrictHostKeyChecking=no",
  host]``, ``["scp", "-oStrictHostKeyChecking=no", ...]``, or the options alone, added to such an
  argv elsewhere: the option names are the OpenSSH client's own), the option's value written in
  place or a module constant holding it -- of this module, or imported from the project module
  that defines it (``from .constants import SSH_NO_HOST_CHECK``): reported at the element;
* in a command line written as one string (``rsync -e "ssh -o StrictHostKeyChecking=no"``,
  ``f"ssh -o StrictHostKeyChecking=no {host} ..."``), not a docstring or a message shown.

``StrictHostKeyChecking=accept-new`` still refuses a changed key and is not reported.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from ..models import Confidence, Finding, Location, Severity

RULE = "B507"
MESSAGE = ("OpenSSH client run with {option}: the host's key is not verified, so anyone on the network path can "
           "impersonate the host and receive the commands, files and credentials sent to it")
_MENTION = re.compile(r"StrictHostKeyChecking", re.IGNORECASE)
#: calls whose string arguments are only shown (a message, a log line)
_SHOWN = frozenset({"print", "echo", "debug", "info", "warning", "warn", "error", "exception", "critical", "log",
                    "secho", "write"})

Off = Dict[str, frozenset]  # program -> its option values that turn verification off


def _normal(text: str) -> str:
    """``-oStrictHostKeyChecking no`` -> ``stricthostkeychecking=no``."""
    t = text.strip()
    if t.startswith("-o"):
        t = t[2:].strip()
    return re.sub(r"\s*[=\s]\s*", "=", t, count=1).lower()


def _off_value(text: str, values: frozenset) -> bool:
    return _normal(text) in {v.lower() for v in values}


def _command_line(text: str, values: frozenset) -> Optional[str]:
    """The option a one-string command line passes (``ssh -o StrictHostKeyChecking=no host``)."""
    for v in sorted(values):
        key, _, val = v.partition("=")
        if re.search(rf"(?:^|\s)-o\s*[\"']?{re.escape(key)}\s*[=\s]\s*{re.escape(val)}\b", text, re.IGNORECASE):
            return v
    return None


def _constants(tree: ast.AST, values: frozenset) -> Dict[str, str]:
    """Module-level names bound (once) to an option value that turns verification off, with it."""
    count: Dict[str, int] = {}
    held: Dict[str, str] = {}
    for node in getattr(tree, "body", []):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        for t in targets:
            if isinstance(t, ast.Name):
                ok = isinstance(value, ast.Constant) and isinstance(value.value, str) and _off_value(value.value, values)
                count[t.id] = count.get(t.id, 0) + (1 if ok else 100)
                if ok:
                    held[t.id] = value.value
    return {n: v for n, v in held.items() if count[n] == 1}


def _parents(tree: ast.AST) -> Dict[int, ast.AST]:
    return {id(c): p for p in ast.walk(tree) for c in ast.iter_child_nodes(p)}


def _shown(node: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """A docstring, or an argument of a call that only shows text."""
    p = parents.get(id(node))
    while isinstance(p, (ast.JoinedStr, ast.FormattedValue, ast.BinOp)):
        node, p = p, parents.get(id(p))
    if isinstance(p, ast.Expr):
        return True
    if isinstance(p, ast.Call):
        f = p.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        return name in _SHOWN
    return False


def _argv_hits(tree: ast.AST, values: frozenset, names: Dict[str, str]) -> List[Tuple[int, int, str]]:
    """(line, column, option) of each verification-off option in a list or tuple display: the
    value after a ``-o`` element, or one ``-o<value>`` element (the option names are the OpenSSH
    client's own, so the list is that client's argv or its options, wherever they are added).
    ``names``: local names that hold such an option (this module's constants or imported ones)."""
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.List, ast.Tuple)):
            continue
        for i, e in enumerate(node.elts):
            text = e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None
            value = text if text is not None else names.get(e.id) if isinstance(e, ast.Name) else None
            if value is None:
                continue
            before = node.elts[i - 1] if i else None
            follows_o = isinstance(before, ast.Constant) and before.value == "-o"
            if (follows_o or (text or "").startswith("-o")) and _off_value(value, values):
                hits.append((e.lineno, e.col_offset, value[2:].strip() if value.startswith("-o") else value.strip()))
    return hits


def _string_hits(tree: ast.AST, values: frozenset, parents: Dict[int, ast.AST]) -> List[Tuple[int, int, str]]:
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _MENTION.search(node.value):
            found = _command_line(node.value, values)
            if found and not _shown(node, parents):
                hits.append((node.lineno, node.col_offset, found))
    return hits


def _imports(tree: ast.AST, defined: Dict[str, Dict[str, str]]) -> Dict[str, str]:
    """Local name -> option value for ``from <module> import NAME`` of a constant ``defined``
    (module file stem -> its names) holds."""
    out: Dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            stem = node.module.rsplit(".", 1)[-1]
            for a in node.names:
                if a.name in defined.get(stem, {}):
                    out[a.asname or a.name] = defined[stem][a.name]
    return out


def host_key_findings(files: Iterable[str], root: str, read, off: Off, snippet=None) -> List[Finding]:
    """B507 findings for the OpenSSH clients of ``files`` (absolute paths under ``root``; ``read``:
    path -> text) told not to verify host keys."""
    if not off:
        return []
    values = frozenset().union(*off.values())
    texts = {p: read(p) for p in files if p.endswith(".py")}
    trees: Dict[str, Optional[ast.AST]] = {}

    def tree_of(path: str) -> Optional[ast.AST]:
        if path not in trees:
            try:
                trees[path] = ast.parse(texts[path])
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                trees[path] = None
        return trees[path]

    # a plain substring test first (the regex is case-insensitive, and slow on large files)
    mentioning = [p for p, t in texts.items() if ("ostKeyChecking" in t or "ostkeychecking" in t or "OSTKEYCHECKING" in t)
                  and _MENTION.search(t)]
    defined: Dict[str, Dict[str, str]] = {}  # module file stem -> its constants that hold such an option
    local: Dict[str, Dict[str, str]] = {}
    for p in mentioning:
        tree = tree_of(p)
        if tree is not None:
            local[p] = _constants(tree, values)
            if local[p]:
                defined.setdefault(os.path.splitext(os.path.basename(p))[0], {}).update(local[p])
    const_names = {n for names in defined.values() for n in names}
    candidates = set(mentioning) | {p for p, t in texts.items()
                                    if const_names and any(re.search(rf"\b{re.escape(n)}\b", t) for n in const_names)}
    out: List[Finding] = []
    for p in sorted(candidates):
        tree = tree_of(p)
        if tree is None:
            continue
        names = {**_imports(tree, defined), **local.get(p, {})}
        parents = _parents(tree)
        seen: Set[int] = set()
        for line, col, option in sorted(_argv_hits(tree, values, names) + _string_hits(tree, values, parents)):
            if line in seen:
                continue
            seen.add(line)
            rel = os.path.relpath(p, root)
            out.append(Finding(rule_id=RULE, engine="bandit", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                               message=MESSAGE.format(option=option), location=Location(rel, line, col + 1, line, None),
                               cwe=["CWE-295"], snippet=snippet(p, line, line) if snippet else None, tags=["security"],
                               properties={"test_name": "ssh_no_host_key_verification", "host-key-option": option}))
    return out


__all__ = ["MESSAGE", "RULE", "host_key_findings"]
