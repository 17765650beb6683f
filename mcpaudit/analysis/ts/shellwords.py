"""What a value's place among the words of a command line the code builds says about it.

Single-quote escaping: ``x.replace(/'/g, "'\\"'\\"'")`` (or ``"'\\\\''"``, also with ``replaceAll``)
closes the quote, adds a quoted or escaped quote and reopens it, so between single quotes
(```cat '${escaped}'```) every character of the value is literal to the shell: clean for the
shell family there, as in the Python engine (analysis/shellquote.py), whether the escaped value is
spliced at once or kept in a variable first. Not when that quoted word is itself a script some
command runs in the same line (``bash -c '...'``, ``ssh host '...'``), nor when the value was
already placed unquoted in the words of a command line (```cat ${path}```, marked COMMAND_TEXT):
quoting that line again only hands it whole to a shell one layer further (ssh's remote shell,
``sh -c``), where the value is still a command's words. A layer that quoted the value itself
(```cat '${escaped}'```) made it clean already, so the outer layer's quotes keep it so.

The first word: a value placed after a blank that follows fixed text (```docker compose -f
${file}```) never becomes the first word of ``line.split(" ")`` (``const [program, ...args] =
line.split(" ")``): that word ends at the first blank, which comes before the value. The mark
AFTER_BLANK says so; the first element of such a split keeps only the values without it (the
program is the code's constant), the rest keeps them all (its arguments, where an option is the
argument injection still reported).
"""

from __future__ import annotations

import re

from ..shellquote import ESCAPED, QUOTE_IDIOMS, _open_single, _runs_word
from ..taintvalue import AFTER_BLANK, COMMAND_TEXT, FIRST_WORD, POSIX_QUOTED, SH_QUOTED, Taint
from ..urlpath import HOLE
from . import nodes as N
from .checks import _regex_parts, _replaced

#: a blank after something (text or another value) in the text before a value
_WORD_BEFORE = re.compile(r"\S[ \t]")
#: a space after something: what every blank split separates (``split(" ")`` keeps a tab inside
#: its word, so a value after a tab may still be the first word)
_SPACE_BEFORE = re.compile(r"\S ")
#: the separators of a split into words: " ", / /g, / +/, /\s+/
_BLANK_SPLITS = frozenset({" ", "\\s+", " +", "\\s", "[ \\t]+"})


def escape_mark(data: bytes, arg_nodes, method, recv: Taint) -> Taint:
    """``recv.replace(/'/g, "'\\''")``: the value marked as escaped for a single-quoted shell
    word (ESCAPED: no family, it cleans nothing until placed), or {} when the call is no such
    escape."""
    if not recv or _replaced(data, arg_nodes, method or "") not in {("'", i) for i in QUOTE_IDIOMS}:
        return {}
    return {k: i.replace(clean=i.clean | {ESCAPED}) for k, i in recv.items()}


def placed(sv: Taint, before: str) -> Taint:
    """``sv`` spliced into a template after the text ``before`` (earlier values as HOLE): an
    escaped value inside a single-quoted word is clean for the shell (unless a command of the same
    line runs that word, or the value was a command line's words already); a value the shell
    still reads after a word is COMMAND_TEXT; any value after a word and a blank is AFTER_BLANK.
    The ESCAPED mark does not outlive the placement."""
    if not sv:
        return sv
    inside = _open_single(before) and not _runs_word(before)
    worded = _WORD_BEFORE.search(before) is not None
    spaced = _SPACE_BEFORE.search(before) is not None
    out: Taint = {}
    for label, info in sv.items():
        clean = info.clean - {ESCAPED}
        if inside and ESCAPED in info.clean:
            clean = clean | {SH_QUOTED, POSIX_QUOTED}
        elif worded and not info.is_clean("shell"):
            clean = clean | {COMMAND_TEXT}
        if worded and spaced:
            clean = clean | {AFTER_BLANK}
        out[label] = info if clean == info.clean else info.replace(clean=clean)
    return out


def blank_split(data: bytes, node) -> bool:
    """``x.split(" ")`` (or ``/\\s+/``, ``/ +/``): a split of a line into its blank-separated
    words."""
    u = N.unwrap(node)
    if u is None or u.type != "call_expression":
        return False
    fn = u.child_by_field_name("function")
    prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
    args = N.args_of(u)
    if prop is None or N.text(data, prop) != "split" or len(args) != 1:
        return False
    sep = N.string_value(data, args[0])
    if sep is None:
        rx = _regex_parts(data, args[0])
        sep = rx[0] if rx is not None else None
    return sep in _BLANK_SPLITS


def first_word(v: Taint) -> Taint:
    """The first word of a blank split of a line holding ``v``: only the values that were not
    placed after a word and a blank; those kept are marked FIRST_WORD, so that a caller's value
    that was (a parameter's, linked later: records.joined_clean) is not in it either."""
    return {label: info.replace(clean=info.clean | {FIRST_WORD}) for label, info in v.items()
            if AFTER_BLANK not in info.clean}


def quiet_template(fa, node) -> list:
    """The values of template ``node`` read again without recording anything (``ev_quiet``: a
    list element, ``["sh", "-c", `echo '${escaped}' | redis-cli`]``), each placed as above."""
    vals, before = [], ""
    for c in node.children:
        if c.type in ("string_fragment", "escape_sequence"):
            before += N._unescape(N.text(fa.data, c))
        elif c.type == "template_substitution" and c.named_children:
            vals.append(placed(fa.ev_quiet(c.named_children[0]), before))
            before += HOLE
    return vals
