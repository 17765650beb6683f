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
from .bandit_hostkeys import _shown, parse_text, silenced

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


#: sudo options that take a value (``sudo -u root chmod ...``): the value is no program
_SUDO_VALUED = frozenset({"-u", "-g", "-C", "-h", "-p", "-U", "-r", "-t", "-D", "-R", "-T",
                          "--user", "--group", "--close-from", "--host", "--prompt", "--other-user", "--role",
                          "--type", "--chdir", "--chroot", "--command-timeout"})


def _after_sudo(words: List[Optional[str]]) -> List[Optional[str]]:
    """``words`` with a leading ``sudo`` and its options (and their values) taken off; a word the
    code computes (None) in an option's place stops the reading."""
    while words and words[0] == "sudo":
        words = words[1:]
        while words and isinstance(words[0], str) and words[0].startswith("-"):
            opt, words = words[0], words[1:]
            if opt == "--":
                break
            if opt in _SUDO_VALUED and words:
                words = words[1:]
    return words


def _line_hits(text: str, modes: Modes) -> List[Tuple[str, str]]:
    """(program, mode) of each mode-setting command of a one-string command line."""
    hits = []
    for segment in _SEPARATORS.split(text):
        words = _after_sudo(segment.split())
        if words and words[0] in modes:
            mode = _mode_of(words[0], words[1:], modes)
            if mode is not None and world_writable(mode):
                hits.append((words[0], mode))
    return hits


def _argv_hit(node: ast.AST, modes: Modes) -> Optional[Tuple[str, str]]:
    """(program, mode) of an argument list display running a mode-setting command."""
    words = _after_sudo([e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None
                         for e in node.elts])
    if not words or words[0] not in modes:
        return None
    mode = _mode_of(words[0], words[1:], modes)
    return (words[0], mode) if mode is not None and world_writable(mode) else None


_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh"})


def _not_run(node: ast.AST, parents) -> bool:
    """A command line that is only compared against (``if "chmod 777" in cmd``, ``cmd ==
    "chmod 777"``) or listed among others (``BLOCKED = ["rm -rf /", "chmod 777"]``, a deny-list
    of patterns): a list, tuple or set display is a command's carrier only when it is an
    argument of a call, the collection a loop runs over, or a shell's argv (``["sh", "-c",
    ...]``)."""
    p = parents.get(id(node))
    while isinstance(p, (ast.JoinedStr, ast.FormattedValue, ast.BinOp)):
        node, p = p, parents.get(id(p))
    if isinstance(p, ast.Compare):
        return True
    if not isinstance(p, (ast.List, ast.Tuple, ast.Set)):
        return False
    first = p.elts[0] if p.elts else None
    if isinstance(first, ast.Constant) and first.value in _SHELLS and any(
            isinstance(e, ast.Constant) and e.value == "-c" for e in p.elts):
        return False
    holder = parents.get(id(p))
    if isinstance(holder, ast.keyword):
        holder = parents.get(id(holder))
    if isinstance(holder, ast.Call) and p is not holder.func:
        return False
    return not (isinstance(holder, (ast.For, ast.AsyncFor, ast.comprehension)) and holder.iter is p)


#: a mode-setting program at a command position of a string: the pre-test before a file is parsed
_CANDIDATE = r"(?:^|[\s;&|(`\"'])(?:{programs})[\s\"']"


def _hits(tree: ast.AST, modes: Modes) -> List[Tuple[int, int, str, str]]:
    parents = None  # built at the first candidate string
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.List, ast.Tuple)):
            hit = _argv_hit(node, modes)
            if hit:
                out.append((node.lineno, node.col_offset) + hit)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found = _line_hits(node.value, modes)[:1]
            if not found:
                continue
            parents = parents if parents is not None else _parents(tree)
            if not _shown(node, parents) and not _not_run(node, parents):
                out.extend((node.lineno, node.col_offset) + hit for hit in found)
    return out


def mode_command_findings(files: Iterable[str], root: str, read, modes: Modes, snippet=None,
                          parse=None) -> List[Finding]:
    """B103 findings for the mode-setting commands of ``files`` (absolute paths under ``root``;
    ``read``: path -> text) that leave a file world-writable."""
    if not modes:
        return []
    out: List[Finding] = []
    candidate = re.compile(_CANDIDATE.format(programs="|".join(re.escape(p) for p in sorted(modes))), re.MULTILINE)
    for p in sorted(p for p in files if p.endswith(".py")):
        text = read(p)
        if not candidate.search(text):  # a program at a command position (not Path.mkdir): a regex test first
            continue
        tree = (parse or parse_text)(p, text)
        if tree is None:
            continue
        seen = set()
        for line, col, program, mode in sorted(_hits(tree, modes)):
            if line in seen or silenced(text, line, RULE, "set_bad_file_permissions"):
                continue
            seen.add(line)
            out.append(Finding(rule_id=RULE, engine="bandit", severity=Severity.HIGH, confidence=Confidence.MEDIUM,
                               message=MESSAGE.format(program=program, mode=mode),
                               location=Location(os.path.relpath(p, root), line, col + 1, line, None),
                               cwe=["CWE-732"], snippet=snippet(p, line, line) if snippet else None, tags=["security"],
                               properties={"test_name": "set_bad_file_permissions", "mode": mode}))
    return out


__all__ = ["MESSAGE", "RULE", "mode_command_findings", "world_writable"]
