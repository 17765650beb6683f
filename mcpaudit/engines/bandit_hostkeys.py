"""OpenSSH clients run without host key verification: bandit's B507 for the ``ssh`` command line.

Bandit's ``B507`` (ssh_no_host_key_verification) reports paramiko's ``AutoAddPolicy``: a client
that accepts any host key lets whoever sits on the network path impersonate the host and
receive what is sent to it. A program that runs the OpenSSH client has the same hazard when it
passes ``-o StrictHostKeyChecking=no`` (the process models' ``host-key-off`` rows, per program),
which bandit does not see. Reported, as B507, where the option is written:

* in an argument list (a list or tuple display: ``["ssh", "-o", "StrictHostKeyChecking=no",
  host]``, ``["scp", "-oStrictHostKeyChecking=no", ...]``, or the options alone, added to such an
  argv elsewhere: the option names are the OpenSSH client's own), the option's value written in
  place: reported at the element;
* a module constant holding the option (``SSH_NO_HOST_CHECK = "StrictHostKeyChecking=no"``):
  reported where it is defined, in its own file -- each file's findings depend on its own bytes
  only (the per-file cache keeps them), so a use in another module is not followed;
* in a command line written as one string (``rsync -e "ssh -o StrictHostKeyChecking=no"``,
  ``f"ssh -o StrictHostKeyChecking=no {host} ..."``), not a docstring or a message shown (an
  output call's argument, a ``description=``/``help=`` keyword, an exception raised).

``StrictHostKeyChecking=accept-new`` still refuses a changed key and is not reported. The
known-hosts file set to ``/dev/null`` (``-o UserKnownHostsFile=/dev/null``) is the same hazard
whatever the checking mode: no key is ever remembered, so every host is a new one (accepted by
``no`` and ``accept-new``, asked about every time by ``ask``), unless the same argument list or
command line sets ``StrictHostKeyChecking=yes``: ssh then refuses every host it does not know (a
subprocess is never asked). One finding per argument list,
command line and module: the ``StrictHostKeyChecking`` option when both are written.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from ..astparents import parents as _parents
from ..models import Confidence, Finding, Location, Severity

RULE = "B507"
MESSAGE = ("OpenSSH client run with {option}: the host's key is not verified, so anyone on the network path can "
           "impersonate the host and receive the commands, files and credentials sent to it")
_MENTION = re.compile(r"StrictHostKeyChecking|UserKnownHostsFile", re.IGNORECASE)
#: what each option turns off, after the common message
_DETAIL = {"userknownhostsfile": " (the known-hosts file is /dev/null: no host key is ever remembered, so every "
                                 "host's key is accepted as a new one)"}
#: calls whose string arguments are only shown (a message, a log line)
_SHOWN = frozenset({"print", "echo", "debug", "info", "warning", "warn", "error", "exception", "critical", "log",
                    "secho", "write"})
#: keywords whose string is text shown to a person (a field's description, an option's help)
_SHOWN_KEYWORDS = frozenset({"description", "help", "help_text", "epilog", "usage", "title"})

Off = Dict[str, frozenset]  # program -> its option values that turn verification off


def _normal(text: str) -> str:
    """``-oStrictHostKeyChecking no`` -> ``stricthostkeychecking=no``."""
    t = text.strip()
    if t.startswith("-o"):
        t = t[2:].strip()
    return re.sub(r"\s*[=\s]\s*", "=", t, count=1).lower()


_NOSEC = re.compile(r"#\s*nosec\b(.*)$", re.IGNORECASE)
_NAMED = re.compile(r"\bB\d{3}\b|\b[a-z]+(?:_[a-z]+)+\b")


def silenced(text: str, line: int, rule: str, test_name: str) -> bool:
    """Line ``line`` of ``text`` carries bandit's ``# nosec``: bare, or naming ``rule`` or
    ``test_name`` (``# nosec B507``, ``# nosec: B103, B602``), as bandit reads it for its own hits."""
    lines = text.splitlines()
    m = _NOSEC.search(lines[line - 1]) if 0 < line <= len(lines) else None
    if m is None:
        return False
    named = {n.upper() if n[0] in "bB" and n[1:].isdigit() else n for n in _NAMED.findall(m.group(1))}
    return not named or rule in named or test_name in named


def _off_value(text: str, values: frozenset) -> bool:
    return _normal(text) in {v.lower() for v in values}


_STRICT_YES = re.compile(r"(?:^|\s)-o\s*[\"']?StrictHostKeyChecking\s*[=\s]\s*yes\b", re.IGNORECASE)


def _known_hosts_only(option: str) -> bool:
    return _normal(option).startswith("userknownhostsfile=")


def _command_line(text: str, values: frozenset) -> Optional[str]:
    """The option a one-string command line passes (``ssh -o StrictHostKeyChecking=no host``);
    the known-hosts file is no hazard when the line also sets ``StrictHostKeyChecking=yes`` (an
    unknown host is refused)."""
    strict = _STRICT_YES.search(text) is not None
    for v in sorted(values):
        if strict and _known_hosts_only(v):
            continue
        key, _, val = v.partition("=")
        if re.search(rf"(?:^|\s)-o\s*[\"']?{re.escape(key)}\s*[=\s]\s*{re.escape(val)}\b", text, re.IGNORECASE):
            return v
    return None


def _constants(tree: ast.AST, values: frozenset) -> List[Tuple[int, int, str]]:
    """(line, column, option) of each module-level name bound (once) to an option value that
    turns verification off: reported at its definition."""
    count: Dict[str, int] = {}
    held: Dict[str, Tuple[int, int, str]] = {}
    for node in getattr(tree, "body", []):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        for t in targets:
            if isinstance(t, ast.Name):
                ok = isinstance(value, ast.Constant) and isinstance(value.value, str) and _off_value(value.value, values)
                count[t.id] = count.get(t.id, 0) + (1 if ok else 100)
                if ok:
                    text = value.value.strip()
                    held[t.id] = (value.lineno, value.col_offset, text[2:].strip() if text.startswith("-o") else text)
    return _first(sorted(hit for n, hit in held.items() if count[n] == 1))


def _shown(node: ast.AST, parents: Dict[int, ast.AST]) -> bool:
    """A docstring, or an argument of a call that only shows text."""
    p = parents.get(id(node))
    while isinstance(p, (ast.JoinedStr, ast.FormattedValue, ast.BinOp)):
        node, p = p, parents.get(id(p))
    if isinstance(p, (ast.Expr, ast.Raise)):
        return True
    if isinstance(p, ast.keyword) and p.arg in _SHOWN_KEYWORDS:
        return True
    if isinstance(p, ast.Call):
        if isinstance(parents.get(id(p)), ast.Raise):  # the message of an exception raised
            return True
        f = p.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        return name in _SHOWN
    return False


def _argv_hits(tree: ast.AST, values: frozenset) -> List[Tuple[int, int, str]]:
    """(line, column, option) of each verification-off option in a list or tuple display: the
    value after a ``-o`` element, or one ``-o<value>`` element (the option names are the OpenSSH
    client's own, so the list is that client's argv or its options, wherever they are added)."""
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.List, ast.Tuple)):
            continue
        mine: List[Tuple[int, int, str]] = []
        for i, e in enumerate(node.elts):
            text = e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None
            if text is None:
                continue
            before = node.elts[i - 1] if i else None
            follows_o = isinstance(before, ast.Constant) and before.value == "-o"
            if (follows_o or text.startswith("-o")) and _off_value(text, values):
                mine.append((e.lineno, e.col_offset, text[2:].strip() if text.startswith("-o") else text.strip()))
        if mine and _strict_yes(node.elts):  # unknown hosts refused: the empty known-hosts file adds no hazard
            mine = [h for h in mine if not _known_hosts_only(h[2])]
        hits += _first(mine)
    return hits


def _strict_yes(elts) -> bool:
    """The argument list sets ``StrictHostKeyChecking=yes`` (``-o`` then the value, or one element)."""
    for i, e in enumerate(elts):
        text = e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None
        before = elts[i - 1] if i else None
        if text is not None and (text.startswith("-o") or isinstance(before, ast.Constant) and before.value == "-o") \
                and _normal(text) == "stricthostkeychecking=yes":
            return True
    return False


def _first(hits: List[Tuple[int, int, str]]) -> List[Tuple[int, int, str]]:
    """The one hit that stands for options written together: the ``StrictHostKeyChecking`` one
    when there is one (the known-hosts file beside it is the same posture), else the first."""
    strict = [h for h in hits if h[2].lower().startswith("stricthostkeychecking")]
    return (strict or hits)[:1]


def _string_hits(tree: ast.AST, values: frozenset, parents: Dict[int, ast.AST]) -> List[Tuple[int, int, str]]:
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _MENTION.search(node.value):
            found = _command_line(node.value, values)
            if found and not _shown(node, parents):
                hits.append((node.lineno, node.col_offset, found))
    return hits


def parse_text(path: str, text: str) -> Optional[ast.AST]:
    """``text`` parsed (None: it does not parse); ``path`` names it for a shared cache."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def host_key_findings(files: Iterable[str], root: str, read, off: Off, snippet=None,
                      parse=None) -> List[Finding]:
    """B507 findings for the OpenSSH clients of ``files`` (absolute paths under ``root``; ``read``:
    path -> text; ``parse``: path, text -> tree or None, shared with the other readers) told not to
    verify host keys."""
    if not off:
        return []
    values = frozenset().union(*off.values())
    out: List[Finding] = []
    for p in sorted(p for p in files if p.endswith(".py")):
        text = read(p)
        # a plain substring test first (the regex is case-insensitive, and slow on large files)
        if not any(w in text for w in ("ostKeyChecking", "ostkeychecking", "OSTKEYCHECKING", "nownHostsFile",
                                       "nownhostsfile", "NOWNHOSTSFILE")) or not _MENTION.search(text):
            continue
        tree = (parse or parse_text)(p, text)
        if tree is None:
            continue
        hits = _argv_hits(tree, values) + _constants(tree, values) + _string_hits(tree, values, _parents(tree))
        seen: Set[int] = set()
        for line, col, option in sorted(hits):
            if line in seen or silenced(text, line, RULE, "ssh_no_host_key_verification"):
                continue
            seen.add(line)
            rel = os.path.relpath(p, root)
            out.append(Finding(rule_id=RULE, engine="bandit", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                               message=MESSAGE.format(option=option) + _DETAIL.get(_normal(option).split("=")[0], ""),
                               location=Location(rel, line, col + 1, line, None),
                               cwe=["CWE-295"], snippet=snippet(p, line, line) if snippet else None, tags=["security"],
                               properties={"test_name": "ssh_no_host_key_verification", "host-key-option": option}))
    return out


__all__ = ["MESSAGE", "RULE", "host_key_findings"]
