"""A ``sh -c`` script whose every runtime piece is shell-quoted is no injection (issue 12).

``shell-c-argv`` reports an argument list that starts a shell with ``-c`` and a script built at
runtime (``ssh_cmd + ["sh", "-lc", f"test -d {shlex.quote(path)} && echo EXISTS"]``). The shell
re-parses the script, so a caller's value in it can add commands -- unless each value reaches
the script as one quoted word. When every formatted or concatenated piece of the script is:

* ``shlex.quote(...)`` / ``shlex.join(...)`` (``quote`` imported from ``shlex`` too), placed
  where the literal text around it has no quote open (inside ``'...'`` or ``"..."`` the quoting
  of ``shlex.quote`` is undone: ``'x={shlex.quote(v)}'`` leaves ``v`` unquoted),
* a number (``int(...)``, ``len(...)``, a ``:d`` format), or
* a local name bound in the function only to constants or to such values,

the shell parses each value as one word and the script's commands are the code's own. Such hits
move to the audit view with the reason (:func:`demote_quoted_scripts`). Any other piece (a
value pasted bare, a quoted value inside quotes, a helper's result) keeps the finding.
"""

from __future__ import annotations

import ast
import os
import re
from typing import Dict, List, Optional, Tuple

from ...models import Confidence, Finding

RULE = "shell-c-argv"

WHY = ("every runtime piece of the shell script is shell-quoted (shlex.quote/shlex.join outside any quotes of "
       "the script's text) or a number: the shell reads each value as one word, the commands are the code's own")

_SHELLS = re.compile(r"^(?:(?:/usr)?(?:/local)?/bin/)?(?:sh|bash|zsh|dash|ksh|ash)$")
_FLAG = re.compile(r"^-[a-zA-Z]*c$")
#: calls whose result is a number: a shell word with no metacharacter
_NUMBERS = frozenset({"int", "len", "round", "abs"})


def _callee(call: ast.Call) -> Tuple[str, str]:
    """``(module or object name, function name)`` of a call: ``("shlex", "quote")``, ``("", "quote")``."""
    f = call.func
    if isinstance(f, ast.Attribute):
        return (f.value.id if isinstance(f.value, ast.Name) else "", f.attr)
    return ("", f.id) if isinstance(f, ast.Name) else ("", "")


class _Script:
    """Reads a script expression piece by piece, tracking the quote left open by its literal text."""

    def __init__(self, fn: Optional[ast.AST], shlex_names: frozenset) -> None:
        self.fn = fn
        self.shlex_names = shlex_names  # names imported from shlex (``from shlex import quote``)
        self.single = self.double = False
        self.seen: set = set()  # local names being read: a name cycle (a = b; b = a) is no quoted value
        self.before = ""  # the script's text before the current piece (a quoted piece stands as ``w``)

    def text(self, s: str) -> None:
        self.before += s
        escaped = False
        for ch in s:
            if escaped:
                escaped = False
            elif ch == "\\" and not self.single:
                escaped = True
            elif ch == "'" and not self.double:
                self.single = not self.single
            elif ch == '"' and not self.single:
                self.double = not self.double

    def quoted_value(self, node: ast.AST) -> bool:
        """A value that becomes one shell word where it stands."""
        if isinstance(node, ast.Call):
            owner, name = _callee(node)
            if name in _NUMBERS and not owner:
                return True
            if (owner == "shlex" and name in ("quote", "join")) or (not owner and name in self.shlex_names):
                return not (self.single or self.double or _reparsed(self.before))
            if _quoted_join(node, self):
                return True
            return False
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float)) or (isinstance(node.value, str) and not _meta(node.value))
        if isinstance(node, ast.Name):
            return self._bound_quoted(node.id)
        return False

    def _bound_quoted(self, name: str) -> bool:
        """A local name every binding of which (plain assignments only) is a quoted value."""
        if self.fn is None or name in self.seen or any(
                isinstance(n, ast.arg) and n.arg == name for n in ast.walk(self.fn)):
            return False
        self.seen.add(name)
        stores = sum(1 for n in ast.walk(self.fn) if isinstance(n, ast.Name) and n.id == name
                     and not isinstance(n.ctx, ast.Load))
        values = [n.value for n in ast.walk(self.fn) if isinstance(n, ast.Assign)
                  for t in n.targets if isinstance(t, ast.Name) and t.id == name]
        return bool(values) and len(values) == stores and all(self.quoted_value(v) for v in values)

    def script(self, node: ast.AST, depth: int = 0) -> bool:
        """Every piece of the script expression is literal text or a quoted value."""
        if depth > 6:
            return False
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.text(node.value)
            return True
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.Constant):
                    self.text(str(part.value))
                elif isinstance(part, ast.FormattedValue):
                    if part.conversion != -1:  # ``!r`` puts the quoted value in double quotes: ``$(...)`` runs
                        return False
                    spec = part.format_spec
                    numeric = isinstance(spec, ast.JoinedStr) and len(spec.values) == 1 and isinstance(
                        spec.values[0], ast.Constant) and str(spec.values[0].value).endswith("d")
                    if not (numeric or self.quoted_value(part.value)):
                        return False
                    self.before += "w"
            return True
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.script(node.left, depth + 1) and self.script(node.right, depth + 1)
        if not self.quoted_value(node):
            return False
        self.before += "w"
        return True


def _quoted_join(call: ast.Call, script: "_Script") -> bool:
    """``" ".join(shlex.quote(a) for a in argv)`` (a generator, a list comprehension, a list or
    tuple of quoted values, or ``map(shlex.quote, argv)``) joined by spaces only: what
    ``shlex.join(argv)`` makes, each element one quoted word where the join stands (py54a)."""
    f = call.func
    if not (isinstance(f, ast.Attribute) and f.attr == "join" and isinstance(f.value, ast.Constant)
            and isinstance(f.value.value, str) and f.value.value and not f.value.value.strip(" ")
            and len(call.args) == 1 and not call.keywords):
        return False
    arg = call.args[0]
    if isinstance(arg, (ast.GeneratorExp, ast.ListComp)):
        elts = [arg.elt]
    elif isinstance(arg, (ast.List, ast.Tuple)):
        elts = list(arg.elts)
    elif isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "map" and len(arg.args) == 2:
        fn = arg.args[0]
        quote = (isinstance(fn, ast.Attribute) and isinstance(fn.value, ast.Name) and fn.value.id == "shlex"
                 and fn.attr == "quote") or (isinstance(fn, ast.Name) and fn.id == "quote" and "quote" in script.shlex_names)
        return quote and not (script.single or script.double or _reparsed(script.before))
    else:
        return False
    return bool(elts) and all(isinstance(e, ast.Call) and script.quoted_value(e) for e in elts)


#: text before a word the shell parses again: ``eval``, an interpreter's ``-c``, anything after ``ssh``
#: in the same command (the remote shell re-reads it), or a command position (the word picks the program)
_REPARSED = re.compile(r"(?:(?:^|[\s;&|(`])eval|(?:^|\s)-[a-zA-Z]*c|\bssh\b[^;&|\n]*|(?:^|[;&|(`\n]|\$\())\s*$")


def _reparsed(before: str) -> bool:
    """A word placed after ``before`` is parsed again (or names the program run)."""
    return bool(_REPARSED.search(before))


def _meta(s: str) -> bool:
    """A literal with a shell metacharacter (a constant bound to a name and pasted in)."""
    return bool(re.search(r"[;&|`$<>()\\'\"\s*?]", s))


def _shlex_names(tree: ast.AST) -> frozenset:
    return frozenset(a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module == "shlex"
                     for a in n.names if a.name in ("quote", "join"))


def _argv_at(tree: ast.AST, line: int) -> List[Tuple[ast.AST, Optional[ast.AST]]]:
    """(script, enclosing function) of each shell argv starting on ``line``."""
    out = []

    def visit(node: ast.AST, fn: Optional[ast.AST]) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else fn
            if isinstance(child, (ast.List, ast.Tuple, ast.Call)) and child.lineno == line:
                elts = child.args if isinstance(child, ast.Call) else child.elts
                consts = [e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None for e in elts]
                for i in range(len(elts) - 2):
                    sh, flag = consts[i], consts[i + 1]
                    if sh and flag and _SHELLS.match(os.path.basename(sh)) and _FLAG.match(flag):
                        out.append((elts[i + 2], fn))
                        break
            visit(child, inner)

    visit(tree, None)
    return out


def quoted_lines(text: str, lines: List[int], tree: Optional[ast.AST] = None) -> Dict[int, str]:
    """For shell-c-argv hits on ``lines`` of a file's ``text``: the lines whose every shell
    script has only quoted runtime pieces (the reason, by line). ``tree``: the text's ``ast``
    tree when the scan has it (read only here), else parsed."""
    if tree is None:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return {}
    names = _shlex_names(tree)
    out: Dict[int, str] = {}
    for line in set(lines):
        found = _argv_at(tree, line)
        if found and all(not isinstance(s, ast.Constant) and _Script(fn, names).script(s) for s, fn in found):
            out[line] = WHY
    return out


def demote_quoted_scripts(findings: List[Finding], root, first_pass_tree=None) -> None:
    """``shell-c-argv`` hits whose script quotes every runtime piece: to the audit view.
    ``first_pass_tree(path, text)``: the scan's first-pass ``ast`` tree of a file, or None."""
    by_file: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.rule_id == RULE and f.confidence > Confidence.LOW:
            by_file.setdefault(f.location.path, []).append(f)
    for rel, hits in by_file.items():
        try:
            with open(os.path.join(str(root), rel), "rb") as fh:
                text = fh.read(4_000_000).decode("utf-8", errors="replace")
        except OSError:
            continue
        tree = first_pass_tree(rel, text) if first_pass_tree is not None else None
        try:
            why = quoted_lines(text, [f.location.line for f in hits], tree if isinstance(tree, ast.AST) else None)
        except RecursionError:  # a deeply nested script: the hits stay
            continue
        for f in hits:
            reason = why.get(f.location.line)
            if reason:
                f.confidence = Confidence.LOW
                f.message += f"; {reason} (audit view)"
                f.properties["script-context"] = reason


__all__ = ["RULE", "WHY", "demote_quoted_scripts", "quoted_lines"]
