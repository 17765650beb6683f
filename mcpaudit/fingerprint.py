"""Line-independent fingerprints for findings.

A fingerprint must survive edits that do not touch the finding (lines inserted above, the file
re-indented elsewhere) and must tell apart findings that only look alike. It hashes:

* the rule id and the root-relative path,
* the *context*: the qualified name of the enclosing ``def`` / ``class`` (``Server.handle``),
* the text of the primary line with its trailing comment dropped and whitespace collapsed,
* an occurrence index among findings that agree on all of the above, counted in line order.

Two identical lines in different functions therefore differ (context), two identical lines in
the same function differ (index), and inserting lines above changes nothing. Adding a comment to
the flagged line (an ignore, a ``noqa``) changes nothing either.

Besides ``finding.fingerprint`` the function stores ``finding.properties["match_key"]``, the
same hash without the occurrence index; the baseline uses it to count identical findings (a
second identical copy is new) even when fingerprints of an older version differ.
"""

from __future__ import annotations

import ast
import bisect
import hashlib
import io
import json
import re
import tokenize
from collections import defaultdict
from typing import Dict, List, Optional, Sequence, Tuple

from .models import Finding

FINGERPRINT_VERSION = "v1"
MATCH_KEY = "match_key"

_WS = re.compile(r"\s+")
_DEF = re.compile(r"^(\s*)(?:async\s+def|def|class)\s+([A-Za-z_][A-Za-z0-9_]*)")


def normalise_line(text: str) -> str:
    """The line's code with a trailing comment removed and every whitespace run collapsed.

    A ``#`` inside a string literal is kept; the comment is found with :mod:`tokenize`, and a
    line tokenize cannot handle on its own (part of a multi-line string) is kept whole.
    """
    code = _strip_comment(text)
    return _WS.sub(" ", code).strip()


_SLASH_SOURCES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")


def _strip_slash_comment(text: str) -> str:
    """A TypeScript/JavaScript line without its trailing ``//`` comment: the first ``//``
    outside a '...', "..." or `...` literal (a template continuing from an earlier line is not
    known here; the cut is still the same for the same text)."""
    if "//" not in text:
        return text
    quote = None
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
        elif c in "'\"`":
            quote = c
        elif c == "/" and text.startswith("//", i):
            return text[:i]
        i += 1
    return text


def _strip_comment(text: str) -> str:
    if "#" not in text:
        return text
    body = text.lstrip()
    offset = len(text) - len(body)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(body + "\n").readline):
            if tok.type == tokenize.COMMENT:
                return text[: offset + tok.start[1]]
    except Exception:  # tokenize.TokenError, SyntaxError, IndentationError, ...
        pass
    return text


def _digest(*parts: object) -> str:
    payload = json.dumps([FINGERPRINT_VERSION, *parts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def match_key(finding: Finding) -> str:
    """The occurrence-free part of the fingerprint (rule, path, context, line text).

    Set by :func:`assign_fingerprints`; for a finding that never went through it, a stand-in
    from the rule, path, context and message.
    """
    key = finding.properties.get(MATCH_KEY)
    if isinstance(key, str) and key:
        return key
    return _digest("message", finding.rule_id, finding.location.path, finding.context or "",
                   _WS.sub(" ", finding.message).strip())


# --------------------------------------------------------------------------------------------
# context: the enclosing def / class


class _Scopes:
    """Intervals of ``def`` / ``class`` bodies of one file, innermost lookup by line."""

    def __init__(self, intervals: List[Tuple[int, int, int, str]]):
        # (start, end, depth, qualname); decorators count as part of the definition
        self.intervals = sorted(intervals)
        self.starts = [iv[0] for iv in self.intervals]

    def at(self, line: int) -> Optional[str]:
        best: Optional[Tuple[int, str]] = None
        hi = bisect.bisect_right(self.starts, line)
        for start, end, depth, name in self.intervals[:hi]:
            if start <= line <= end and (best is None or depth > best[0]):
                best = (depth, name)
        return best[1] if best else None


def _ast_scopes(lines: Sequence[str]) -> Optional[_Scopes]:
    try:
        tree = ast.parse("\n".join(lines) + "\n")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    intervals: List[Tuple[int, int, int, str]] = []

    def visit(node: ast.AST, prefix: str, depth: int) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}.{child.name}" if prefix else child.name
                start = min([child.lineno] + [d.lineno for d in child.decorator_list])
                end = getattr(child, "end_lineno", None) or child.lineno
                intervals.append((start, end, depth, name))
                visit(child, name, depth + 1)
            else:
                visit(child, prefix, depth)

    try:
        visit(tree, "", 0)
    except RecursionError:  # pragma: no cover - absurdly nested code
        return None
    return _Scopes(intervals)


def _indent(text: str) -> int:
    return len(text.expandtabs(8)) - len(text.expandtabs(8).lstrip())


def textual_context(lines: Sequence[str], line: int) -> Optional[str]:
    """The enclosing ``def`` / ``class`` qualname found by indentation alone (for files that
    do not parse). A finding on a ``def`` line or on its decorators belongs to that def."""
    idx = line - 1
    if not 0 <= idx < len(lines):
        return None
    names: List[str] = []
    own = lines[idx]
    if own.lstrip().startswith("@"):  # a decorator: find the def it decorates
        for j in range(idx + 1, min(len(lines), idx + 50)):
            nxt = lines[j]
            if not nxt.strip() or nxt.lstrip().startswith(("@", "#")):
                continue
            if _DEF.match(nxt) and _indent(nxt) == _indent(own):
                idx, own = j, nxt
            break
    m = _DEF.match(own)
    if m:
        names.append(m.group(2))
    current = _indent(own) if own.strip() else 10**9
    for j in range(idx - 1, -1, -1):
        text = lines[j]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        ind = _indent(text)
        if ind < current:
            m = _DEF.match(text)
            if m:
                names.append(m.group(2))
            current = ind
            if ind == 0:
                break
    return ".".join(reversed(names)) or None


# --------------------------------------------------------------------------------------------


def assign_fingerprints(findings: List[Finding], sources: Dict[str, List[str]]) -> None:
    """Set ``context`` (unless already set), ``fingerprint`` and ``properties["match_key"]``
    on every finding, in place. ``sources`` maps root-relative path -> the file's lines."""
    scopes: Dict[str, Optional[_Scopes]] = {}

    def context_of(f: Finding) -> Optional[str]:
        path = f.location.path
        lines = sources.get(path)
        if lines is None:
            return None
        if path not in scopes:
            scopes[path] = _ast_scopes(lines)
        sc = scopes[path]
        if sc is not None:
            return sc.at(f.location.line)
        return textual_context(lines, f.location.line)

    groups: Dict[str, List[Finding]] = defaultdict(list)
    for f in findings:
        if f.context is None:
            f.context = context_of(f)
        lines = sources.get(f.location.path) or []
        n = f.location.line
        if 1 <= n <= len(lines):
            line = lines[n - 1]
            if f.location.path.endswith(_SLASH_SOURCES):
                line = _strip_slash_comment(line)
            text = normalise_line(line)
        else:
            text = ""
        key = _digest("key", f.rule_id, f.location.path, f.context or "", text)
        f.properties[MATCH_KEY] = key
        groups[key].append(f)

    for key, members in groups.items():
        members.sort(
            key=lambda f: (f.location.line, f.location.column, f.location.end_line or 0,
                           f.location.end_column or 0, f.engine, f.message)
        )
        for index, f in enumerate(members):
            f.fingerprint = _digest("fp", key, index)
