"""A help or version command line handed to a runner: a read, whoever else runs commands there.

A server often has one runner (``execute_command(command, ...)``) that an execute tool feeds the
caller's command line and a describe tool feeds ``f"{self.name} {self.config.help_flag}"``: the
program the operator configured and its help probe. The taint analysis reports the runner's sink
for the execute tool; the describe tool reaches the same sink with nothing of its caller's, and
the program it runs there prints its usage and exits. Its ``readOnlyHint=True`` and
``destructiveHint=False`` hold (claims.py reads the probe as the command of every sink the call
reaches, and ``non-destructive-commands``' ``*`` row says a lone help or version word reads).

A call's argument is a probe when it is (or a local name assigned once to) a command line whose
first word is any program (a constant, or configuration: ``{self.name}``) and whose next words are
a help or version word alone (``--help``, ``-V``, ``version``: the models' list), or ``help``
before a topic (``git help commit``). A configured word counts as a probe when the name it is read
under says so (``config.help_flag``, ``settings["version_option"]``); the command line may be a
string (f-string, ``+``, a literal) or an argv list. Anything else (a second configured word, a
shell's ``-c``) is no probe.
"""

from __future__ import annotations

import re
from typing import List, Optional

from ..lazycst import cst

from . import cstnodes as N
from .tuplelists import assigned

#: the program word of a probe command (fixedruns reads "<program> --help" with the models' "*" row)
PROGRAM = "<program>"
#: the words after the program that make a probe (each must be listed under "*" as non-destructive)
_PROBES = frozenset({"--help", "help", "--version", "version", "-V"})
#: a configured word read under one of these names is a help or version probe
_PROBE_NAME = re.compile(r"(?i)^(?:help|version)_?(?:flag|option|opt|arg|switch)s?$")
_OTHER = "\0"  # a configured word no name calls a probe


def _named(node) -> Optional[str]:
    """The name a configured value is read under: ``help_flag`` of ``self.config.help_flag`` or of
    ``cfg["help_flag"]`` / ``cfg.get("help_flag")``."""
    if isinstance(node, cst.Attribute):
        return node.attr.value
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return N.string_value(node.slice[0].slice.value)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "get" \
            and node.args:
        return N.string_value(node.args[0].value)
    return None


_PROBE_MARK, _OTHER_MARK = "\x01", "\x02"


def _expr_mark(node) -> str:
    name = _named(node)
    return _PROBE_MARK if name and _PROBE_NAME.match(name) else _OTHER_MARK


def _word(w: str) -> str:
    if w == _PROBE_MARK:
        return "--help"
    return _OTHER if _PROBE_MARK in w or _OTHER_MARK in w else w


def _marked(node) -> Optional[str]:
    """A command-line string with each formatted expression as a mark (a probe's or another's)."""
    text = N.string_value(node)
    if text is not None:
        return text
    if isinstance(node, cst.FormattedString):
        return "".join(p.value if isinstance(p, cst.FormattedStringText) else _expr_mark(p.expression)
                       for p in node.parts)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _marked(node.left), _marked(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        return _expr_mark(node)
    return None


def _words(node) -> Optional[List[str]]:
    if isinstance(node, (cst.List, cst.Tuple)):
        out = []
        for e in node.elements:
            if isinstance(e, cst.StarredElement):
                return None
            text = N.string_value(e.value)
            out.append(text if text is not None else _word(_expr_mark(e.value)))
        return out
    text = _marked(node)
    return None if text is None else [_word(w) for w in text.split()]


def probe_words(node) -> Optional[str]:
    """The probe of a command line (``--help``, ``help commit``), or None."""
    words = _words(node)
    if not words or len(words) < 2:
        return None
    rest = words[1:]
    if rest[0] not in _PROBES:
        return None
    if rest[0] != "help" and len(rest) > 1:
        return None  # "--version --output x": the probe word must stand alone
    return " ".join(w if w != _OTHER else "TOPIC" for w in rest)


def help_probe(fa, call) -> Optional[str]:
    """``<program> --help`` when an argument of ``call`` is a help or version command line."""
    if not isinstance(call, cst.Call):
        return None
    for a in call.args:
        if a.star:
            continue
        node = a.value
        if isinstance(node, cst.Name):
            values = assigned(fa, node.value) if getattr(fa, "fn", None) is not None else []
            if len(values) != 1:
                continue
            node = values[0]
        probe = probe_words(node)
        if probe:
            return f"{PROGRAM} {probe}"
    return None
