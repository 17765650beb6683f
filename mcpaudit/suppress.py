"""Inline suppressions: ``# mcpaudit: ignore[rule-id] reason`` (``// mcpaudit: ignore[...]`` in
TypeScript and JavaScript).

Syntax, in a real comment (found with :mod:`tokenize`, so a ``#`` inside a string is not one)::

    run(cmd, shell=True)  # mcpaudit: ignore[tool-shell-injection] cmd is a constant table key
    # mcpaudit: ignore[sql-fstring, secret-in-log] reviewed in #123
    cursor.execute(f"...")

A directive applies to findings whose primary line carries it, or whose primary line is directly
below a block of comment-only lines that contains it (so several directives can be stacked above
one statement). It names rule ids, one or several separated by commas; the rest of the comment
is the justification. A finding merged from several engines is also matched by the rule ids in
``also_reported_by`` (so ``ignore[B602]`` works on the merged shell-injection finding).

A bare ``# mcpaudit: ignore`` (no id) suppresses nothing and is reported as a warning, as is an
unknown id. ``no_ignores`` (``--no-ignores``) keeps every finding but still reports the warnings.
bandit's ``# nosec`` and semgrep's ``# nosemgrep`` are honoured by those engines themselves.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from .models import Finding, Location, Suppression

_DIRECTIVE = re.compile(
    r"(?:#|//|/\*+)\s*mcpaudit\s*:\s*ignore(?![\w-])(?P<ids>\s*\[[^\]]*\]?)?(?P<reason>.*?)(?:\*/\s*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Directive:
    path: str
    line: int  # 1-based line of the comment
    column: int  # 1-based column of the comment's '#'
    ids: Tuple[str, ...]  # empty for a bare ignore
    reason: str
    comment_only: bool  # the line holds nothing but this comment
    malformed: bool = False  # "[..." without the closing bracket

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)


@dataclass
class _Comment:
    line: int
    col: int  # 0-based
    text: str
    comment_only: bool


def _comments(lines: Sequence[str]) -> List[_Comment]:
    """Every real comment of the file, found with tokenize.

    If the file does not tokenize to the end (a syntax error), the comments tokenize found
    before the error are kept and the rest of the file is read line by line, where a line only
    counts if it tokenizes on its own; anything doubtful is not treated as a comment.
    """
    text = "\n".join(lines) + "\n"
    found: List[_Comment] = []
    code_lines: Set[int] = set()
    failed_at: Optional[int] = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                found.append(_Comment(tok.start[0], tok.start[1], tok.string, False))
            elif tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                  tokenize.DEDENT, tokenize.ENDMARKER):
                for ln in range(tok.start[0], tok.end[0] + 1):
                    code_lines.add(ln)
    except Exception:  # TokenError, IndentationError, SyntaxError (3.12+)
        failed_at = (max([c.line for c in found] + list(code_lines) + [0]))
    for c in found:
        c.comment_only = c.line not in code_lines
    if failed_at is not None:
        for ln in range(failed_at + 1, len(lines) + 1):
            single = _line_comment(lines[ln - 1])
            if single is not None:
                col, comment, only = single
                found.append(_Comment(ln, col, comment, only))
    return found


def _line_comment(line: str) -> Optional[Tuple[int, str, bool]]:
    if "#" not in line:
        return None
    body = line.lstrip()
    offset = len(line) - len(body)
    try:
        code = False
        for tok in tokenize.generate_tokens(io.StringIO(body + "\n").readline):
            if tok.type == tokenize.COMMENT:
                return offset + tok.start[1], tok.string, not code
            if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                tokenize.DEDENT, tokenize.ENDMARKER):
                code = True
    except Exception:
        return None
    return None


def _js_comments(path: str, lines: Sequence[str]) -> List[_Comment]:
    """Every comment of a TypeScript/JavaScript file (``//`` and ``/* */``), found with the
    tree-sitter parser the ts engine uses, so a ``//`` inside a string or a template is not one."""
    from .analysis.ts.parse import parse

    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    found: List[_Comment] = []
    stack = [parse(data, path).root_node]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            row, col = n.start_point
            line = lines[row] if row < len(lines) else ""
            prefix = line.encode("utf-8", "surrogatepass")[:col].decode("utf-8", "replace")
            text = data[n.start_byte:n.end_byte].decode("utf-8", "replace")
            found.append(_Comment(row + 1, len(prefix), text.split("\n", 1)[0], not prefix.strip()))
            continue
        stack.extend(n.children)
    found.sort(key=lambda c: (c.line, c.col))
    return found


def _is_js(path: str) -> bool:
    from .analysis.ts.parse import is_ts_source

    return is_ts_source(path)


def _comments_of(path: str, lines: Sequence[str]) -> List[_Comment]:
    return _js_comments(path, lines) if _is_js(path) else _comments(lines)


def parse_directives(path: str, lines: Sequence[str]) -> List[Directive]:
    """The ``mcpaudit: ignore`` directives in one file, in line order."""
    return _parse(path, _comments_of(path, lines))


def _parse(path: str, comments: Sequence[_Comment]) -> List[Directive]:
    out: List[Directive] = []
    for c in comments:
        m = _DIRECTIVE.search(c.text)
        if not m:
            continue
        raw_ids = (m.group("ids") or "").strip()
        malformed = bool(raw_ids) and not raw_ids.endswith("]")
        ids: Tuple[str, ...] = ()
        if raw_ids and not malformed:
            ids = tuple(i.strip() for i in raw_ids[1:-1].split(",") if i.strip())
        reason = m.group("reason").strip().lstrip(":-\u2013\u2014 ").strip()
        out.append(Directive(path, c.line, c.col + 1, ids, reason, c.comment_only, malformed))
    out.sort(key=lambda d: (d.line, d.column))
    return out


def apply_inline(
    findings: List[Finding],
    sources: Dict[str, List[str]],
    known_rule_ids: Set[str],
    no_ignores: bool,
) -> Tuple[List[Finding], List[Finding], List[str]]:
    """Split ``findings`` into (kept, suppressed) by inline directives; also return warnings.

    Warnings (``path:line: ...``) cover every directive in ``sources`` that names no rule, names
    an unknown rule or is malformed, whether or not a finding sits under it.
    """
    directives: Dict[str, Dict[int, List[Directive]]] = {}
    comment_only: Dict[str, Set[int]] = {}
    warnings: List[str] = []
    for path in sorted(sources):
        lines = sources[path]
        # only files that mention the directive at all are tokenized
        mark = ("//", "/*") if _is_js(path) else ("#",)
        if not any("mcpaudit" in ln.lower() for ln in lines if any(m in ln for m in mark)):
            continue
        comments = _comments_of(path, lines)
        per_line: Dict[int, List[Directive]] = {}
        for d in _parse(path, comments):
            per_line.setdefault(d.line, []).append(d)
            warnings.extend(_check(d, known_rule_ids))
        if per_line:
            directives[path] = per_line
            comment_only[path] = {c.line for c in comments if c.comment_only}

    if no_ignores:
        return list(findings), [], warnings

    kept: List[Finding] = []
    suppressed: List[Finding] = []
    for f in findings:
        path = f.location.path
        hit = _match(f, directives.get(path), comment_only.get(path, set()))
        if hit is None:
            kept.append(f)
            continue
        f.suppression = Suppression(kind="inline", justification=hit.reason, location=hit.location)
        suppressed.append(f)
    return kept, suppressed, warnings


def _check(d: Directive, known: Set[str]) -> Iterable[str]:
    where = f"{d.path}:{d.line}"
    if d.malformed:
        yield (f"{where}: malformed '# mcpaudit: ignore[...]' (missing ']'); it suppresses "
               "nothing")
        return
    if not d.ids:
        yield (f"{where}: bare '# mcpaudit: ignore' suppresses nothing; name the rule: "
               "'# mcpaudit: ignore[rule-id] reason'")
        return
    for rule_id in d.ids:
        if rule_id not in known:
            yield f"{where}: '# mcpaudit: ignore[{rule_id}]' names an unknown rule id {rule_id!r}"


def _ids_of(f: Finding) -> Set[str]:
    ids = {f.rule_id}
    for other in f.also_reported_by:
        ids.add(other)
        ids.add(other.split(":", 1)[-1])
    return ids


def _match(f: Finding, per_line: Optional[Dict[int, List[Directive]]],
           comment_only: Set[int]) -> Optional[Directive]:
    if not per_line:
        return None
    wanted = _ids_of(f)
    line = f.location.line
    candidates: List[Directive] = list(per_line.get(line, []))
    # the block of comment-only lines directly above the finding's line
    above = line - 1
    while above >= 1 and above in comment_only:
        candidates.extend(per_line.get(above, []))
        above -= 1
    for d in candidates:
        if d.malformed:
            continue
        if wanted.intersection(d.ids):
            return d
    return None
