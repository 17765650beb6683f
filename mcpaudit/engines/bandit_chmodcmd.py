"""Files made world-writable by a command the code runs: bandit's B103 for ``chmod 777`` as a command.

Bandit's ``B103`` (set_bad_file_permissions) reports ``os.chmod`` with a permissive mode: a file
any local user can change (a program the server runs later, a script, a configuration). Code that
runs ``chmod 777 path`` as a command (``install -m 0666``, ``mkdir -m 777`` likewise: the process
models' ``mode-commands`` rows, each with the options that carry its mode, the mode being the first
operand of a row without any) does the same, which bandit does not see. Reported, as B103, where the
mode is written:

* in a command line written as one string (``f"chmod 777 {path}"``, ``"mkdir -p x && chmod -R a+w
  x"``), the command at a command position (the start, after ``;``, ``&``, ``|``, ``(``, a
  backtick, a newline or ``sudo``), not a docstring or a message shown (``bandit_hostkeys._shown``);
* in an argument list (a list or tuple display) that starts with the program (after ``sudo``), the
  mode written in place (``["chmod", "-R", "0777", folder]``).

A mode is world-writable when it is octal and its last digit has the write bit (2, 3, 6, 7), or
symbolic and one of its clauses gives ``w`` to ``o`` or ``a`` (``o+w``, ``a=rwx``, ``go+w``); a
clause that names nobody (``+w``) follows the umask and is not reported.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..astparents import parents as _parents
from ..models import Confidence, Finding, Location, Severity
from .bandit_hostkeys import _shown

RULE = "B103"
MESSAGE = ("{program} sets mode {mode} through a command: the file is left writable by every local user, who can "
           "change or replace it (a program the server runs later then runs their code)")
_SEPARATORS = re.compile(r"[;&|()`\n]")
_OCTAL = re.compile(r"^[0-7]{3,4}$")
_CLAUSE = re.compile(r"^([ugoa]*)([-+=])([rwxXst]*)$")

Modes = Dict[str, Sequence[str]]  # program -> the options whose value is its mode (none: the first operand)


def world_writable(mode: str) -> bool:
    """``777``, ``0666``, ``o+w``, ``a+rwx``, ``u+x,o+w``: others may write."""
    if _OCTAL.match(mode):
        return bool(int(mode[-1]) & 2)
    for clause in mode.split(","):
        m = _CLAUSE.match(clause)
        if m is None:
            return False
        who, op, perms = m.groups()
        if op in "+=" and "w" in perms and ("o" in who or "a" in who):
            return True
    return False


def _mode_of(program: str, words: Sequence[Optional[str]], modes: Modes) -> Optional[str]:
    """The mode ``words`` (what follows the program; None: not written in place) give it."""
    options = tuple(modes.get(program) or ())
    for i, w in enumerate(words):
        if w is None:
            if options:
                continue
            return None  # the mode operand is a value the code computes
        if not options:
            if w.startswith("-") and not _OCTAL.match(w.lstrip("-")) and not _CLAUSE.match(w):
                continue  # chmod -R, --recursive (a mode may start with "-": -w)
            return w
        for opt in options:
            if w == opt and i + 1 < len(words):
                return words[i + 1]
            if opt.startswith("--") and w.startswith(opt + "="):
                return w[len(opt) + 1:]
            if not opt.startswith("--") and w.startswith(opt) and len(w) > len(opt):
                return w[len(opt):]
    return None


def _line_hits(text: str, modes: Modes) -> List[Tuple[str, str]]:
    """(program, mode) of each mode-setting command of a one-string command line."""
    hits = []
    for segment in _SEPARATORS.split(text):
        words = segment.split()
        while words and words[0] == "sudo":
            words = words[1:]
            while words and words[0].startswith("-"):
                words = words[1:]
        if words and words[0] in modes:
            mode = _mode_of(words[0], words[1:], modes)
            if mode is not None and world_writable(mode):
                hits.append((words[0], mode))
    return hits


def _argv_hit(node: ast.AST, modes: Modes) -> Optional[Tuple[str, str]]:
    """(program, mode) of an argument list display running a mode-setting command."""
    words = [e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None for e in node.elts]
    while words and words[0] == "sudo":
        words = words[1:]
    if not words or words[0] not in modes:
        return None
    mode = _mode_of(words[0], words[1:], modes)
    return (words[0], mode) if mode is not None and world_writable(mode) else None


def _hits(tree: ast.AST, modes: Modes) -> List[Tuple[int, int, str, str]]:
    parents = _parents(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            hit = _argv_hit(node, modes)
            if hit:
                out.append((node.lineno, node.col_offset) + hit)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and not _shown(node, parents):
            out.extend((node.lineno, node.col_offset) + hit for hit in _line_hits(node.value, modes)[:1])
    return out


def mode_command_findings(files: Iterable[str], root: str, read, modes: Modes, snippet=None) -> List[Finding]:
    """B103 findings for the mode-setting commands of ``files`` (absolute paths under ``root``;
    ``read``: path -> text) that leave a file world-writable."""
    if not modes:
        return []
    out: List[Finding] = []
    for p in sorted(p for p in files if p.endswith(".py")):
        text = read(p)
        if not any(prog in text for prog in modes):  # a plain substring test first
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        seen = set()
        for line, col, program, mode in sorted(_hits(tree, modes)):
            if line in seen:
                continue
            seen.add(line)
            out.append(Finding(rule_id=RULE, engine="bandit", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                               message=MESSAGE.format(program=program, mode=mode),
                               location=Location(os.path.relpath(p, root), line, col + 1, line, None),
                               cwe=["CWE-732"], snippet=snippet(p, line, line) if snippet else None, tags=["security"],
                               properties={"test_name": "set_bad_file_permissions", "mode": mode}))
    return out


__all__ = ["MESSAGE", "RULE", "mode_command_findings", "world_writable"]
