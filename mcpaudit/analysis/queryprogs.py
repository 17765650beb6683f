"""Argument injection into programs whose options reach nothing beyond their lookup (py58d, issue 12).

A caller's value that can start with '-' in an argv is argument injection because an option can
make the program run a program, read or write a file, or send something elsewhere. Some programs
have no such option: every option of ``nslookup``, ``host`` or ``whois`` only changes the query,
the server asked or how the answer prints (the process models' ``query-programs``, each with the
reason). A caller's value read as one of their options changes the lookup the tool already
makes: the finding goes to the audit view with that reason. A row marked ``last`` has options
that read or copy a file named by the next element (``searchsploit --nmap FILE``): only a value
that is the argv's last element is read so.

Scanners whose one operand is the host (``sslscan HOST``) are rows of ``argument-arity``
(argarity.py: as an option the value leaves none). When such a scanner can read its hosts from a
file instead (``from-file``: ``sslscan --targets=FILE``), the caller's element alone could be
that option; it is stopped only when the element holds constant text after the caller's part
(``f"{host}:{port}"``): the file option's value then ends in that text, so it needs a file of
that exact name (:func:`suffixed`).
"""

from __future__ import annotations

from ..lazycst import cst

from . import cstnodes as N


def query_note(M, consts, i: int) -> str:
    """The audit-view words when element ``i`` of an argv whose program is a ``query-programs``
    row is the caller's (after the program, not after ``--``); "" otherwise."""
    if not consts or not consts[0] or i < 1 or not M.query_programs:
        return ""
    prog = consts[0].rsplit("/", 1)[-1]
    row = M.query_programs.get(prog)
    if row is None:
        return ""
    why, last = row
    if last and i != len(consts) - 1:
        return ""
    return f"audit view: {why}, so as an option it only changes the lookup the tool already makes"


def suffixed(node) -> bool:
    """``node`` (an argv element) holds constant text after its first non-constant part
    (``f"{host}:{port}"``, ``host + ":443"``)."""
    if isinstance(node, cst.FormattedString):
        seen = False
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression):
                seen = True
            elif seen and part.value:
                return True
        return False
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return N.string_value(node.right) not in (None, "") or suffixed(node.right) or suffixed(node.left)
    return False


def from_file_open(M, key: str, node) -> bool:
    """The command ``key`` reads its operands from a file an option names, and the caller's
    element ``node`` could be that option whole (no constant text after the caller's part)."""
    return key in M.arity_from_file and not suffixed(node)


__all__ = ["from_file_open", "query_note", "suffixed"]
