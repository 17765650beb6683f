"""The words of a shell command line the function built, for the programs it names: a template
literal (```wget -q ${url}```), a concatenation, or a list of words joined with a space
(``["wget", "--recursive", url].join(" ")``), directly or through a variable that holds one.

A downloader named as the line's program (``url-programs`` in the process models) requests the
URL an operand names, as ``fetch(url)`` would: a caller's value there is a request target
besides whatever the shell makes of it (:meth:`~mcpaudit.analysis.ts.sinks.Sinks.url_operand`).

Functions of the interpreter (``fn``), which keeps ``cmd_parts`` (variable -> the parts of the
line it holds).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..taintvalue import EMPTY, Taint, union
from . import nodes as N

#: a part of a line: ("t", text) or ("e", node, taint)
Part = tuple
#: a word: (first value node or None, taint, constant text or the constant text that starts it)
Word = Tuple[object, Taint, Optional[str]]

_MAX_DEPTH = 6


def track(fn, name: str, node) -> None:
    """``name = <command line>``: remember its parts, when it is one of the shapes above."""
    held = fn.__dict__.setdefault("cmd_parts", {})
    parts = _parts(fn, node, 0, top=True) if node is not None else None
    if parts is not None and any(p[0] == "t" and p[1].strip() for p in parts):
        held[name] = parts
    else:
        held.pop(name, None)


def command_words(fn, node) -> Optional[List[Word]]:
    """The words of the command line ``node`` holds, or None when it is not one of the shapes."""
    parts = _parts(fn, node, 0, top=True)
    if parts is None:
        return None
    words: List[Word] = []
    cur: list = []  # the current word's parts

    def close() -> None:
        if cur:
            exprs = [p for p in cur if p[0] == "e"]
            lead = "".join(p[1] for p in cur[:next((i for i, p in enumerate(cur) if p[0] == "e"), len(cur))])
            if exprs:
                words.append((exprs[0][1], union(*[p[2] for p in exprs]), lead or None))
            else:
                words.append((None, EMPTY, lead))
            cur.clear()

    for p in parts:
        if p[0] == "e":
            cur.append(p)
            continue
        pieces = re.split(r"(\s+)", p[1])
        for piece in pieces:
            if not piece:
                continue
            if piece.isspace():
                close()
            else:
                cur.append(("t", piece.replace('"', "").replace("'", "")))
    close()
    return words


def _parts(fn, node, depth: int, top: bool = False) -> Optional[List[Part]]:
    u = N.unwrap(node)
    if u is None or depth > _MAX_DEPTH:
        return None
    if u.type == "await_expression":
        return None
    s = fn.const_of(u)
    if s is not None:
        return [("t", s)]
    t = u.type
    if t == "identifier":
        held = fn.__dict__.get("cmd_parts", {}).get(N.text(fn.data, u))
        return list(held) if held is not None else (None if top else [("e", u, fn.ev_quiet(u))])
    if t == "template_string":
        out: List[Part] = []
        for ch in u.children:
            if ch.type == "template_substitution":
                inner = [x for x in ch.named_children if x.type != "comment"]
                if inner:
                    out += _parts(fn, inner[0], depth + 1) or [("e", inner[0], fn.ev_quiet(inner[0]))]
            elif ch.type in ("string_fragment", "escape_sequence"):
                out.append(("t", N._unescape(N.text(fn.data, ch))))
        return out
    if t == "binary_expression":
        op = u.child_by_field_id(fn.F.operator)
        if op is None or op.type != "+":
            return None if top else [("e", u, fn.ev_quiet(u))]
        a = _parts(fn, u.child_by_field_id(fn.F.left), depth + 1)
        b = _parts(fn, u.child_by_field_id(fn.F.right), depth + 1)
        return a + b if a is not None and b is not None else None
    joined = _joined(fn, u)
    if joined is not None:
        return joined
    return None if top else [("e", u, fn.ev_quiet(u))]


def _joined(fn, u) -> Optional[List[Part]]:
    """``[...].join(" ")``: the list's elements with a space between them."""
    if u.type != "call_expression":
        return None
    f = u.child_by_field_id(fn.F.function)
    args = N.args_of(u)
    if f is None or f.type != "member_expression" or len(args) != 1 or \
            N.text(fn.data, f.child_by_field_id(fn.F.property)) != "join":
        return None
    sep = N.string_value(fn.data, args[0])
    elems = fn._list_of(f.child_by_field_id(fn.F.object)) if sep is not None and sep.isspace() else None
    if not elems or any(e[3] for e in elems):
        return None
    out: List[Part] = []
    for i, (n, t, c, _spread) in enumerate(elems):
        if i:
            out.append(("t", sep))
        if c is not None:
            out.append(("t", c))
        else:
            prefix = fn.const_prefix(n) if n is not None else ""
            out += [("t", prefix)] if prefix else []
            out.append(("e", n, t))
    return out


def line_urls(fn, call, label: str, node) -> None:
    """A shell command line whose program is a downloader (``url-programs``): each operand that
    carries caller input and is no option's value is a URL the program requests."""
    words = command_words(fn, node)
    if not words or words[0][1] or not words[0][2]:
        return
    prog = words[0][2].rsplit("/", 1)[-1]
    if prog not in fn.M.url_programs:
        return
    consts = [w[2] for w in words[1:]]
    for i, (n, t, lead) in enumerate(words[1:]):
        if t and n is not None:
            fn.url_operand(call, label, prog, consts, i, n, t, lead)
