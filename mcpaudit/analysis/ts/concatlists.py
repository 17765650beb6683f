"""An ffmpeg concat list the function wrote with the caller's names in it: ``fs.writeFile(list,
names.map((n) => `file '${n}'`).join("\\n"))`` then ``ffmpeg -f concat -safe 0 -i <list> ...``.
ffmpeg's concat demuxer opens every file a ``file`` line names, and ``-safe 0`` lifts its only
restriction (relative names without ``..``), so a caller's name there is a file the program reads
(and copies into its output): a path sink, as ``-i <path>`` is (``input-options``). Without
``-safe 0`` the demuxer refuses absolute and ``..`` names, so nothing is reported.

The written text is what :mod:`scriptfiles` keeps per file variable of the function
(``script_files``); the run is matched by its constant words, in the same function."""

from __future__ import annotations

from typing import List, Optional

from . import nodes as N
from .cmdwords import command_words
from .hookwrites import _declared


def _run_words(fa, model, c) -> Optional[List[str]]:
    """The constant words of the command line or argv the call runs (None where not constant)."""
    if not c.args:
        return None
    if model.kind == "program-argv":
        prog = fa.const_of(c.args[0])
        arr = N.unwrap(c.args[1]) if len(c.args) > 1 else None
        elems = fa._list_of(arr) if prog and arr is not None else None
        return [prog, *(e[2] for e in elems)] if elems else None
    if model.kind != "value":
        return None
    words = command_words(fa, c.args[0])
    return [w[2] if not w[1] else None for w in words] if words else None


def _after(words: List[Optional[str]], opt: str, value: str) -> bool:
    return any(w == opt and words[i + 1] == value for i, w in enumerate(words[:-1]))


def _input_vars(fa, model, c) -> List[str]:
    """The variables the run names as an input (the operand after ``-i``): an element of the argv
    array after a constant ``"-i"``, or a template substitution after the text ``-i``."""
    out: List[str] = []
    if model.kind == "program-argv":
        arr = N.unwrap(c.args[1]) if len(c.args) > 1 else None
        prev = None
        for el in (arr.named_children if arr is not None and arr.type == "array" else ()):
            var = N.var_of(fa.data, el)
            if prev == "-i" and var:
                out.append(var)
            prev = fa.const_of(el)
        return out
    u = N.unwrap(c.args[0])
    if u is not None and u.type == "identifier":  # const command = `ffmpeg ... -i ${list} ...`; exec(command)
        u = N.unwrap(_declared(fa, N.text(fa.data, u), c.node))
    before = ""
    for ch in (u.children if u is not None and u.type == "template_string" else ()):
        if ch.type == "template_substitution":
            inner = [x for x in ch.named_children if x.type != "comment"]
            var = N.var_of(fa.data, inner[0]) if inner else None
            if var and before.rstrip(" \"'").endswith(" -i"):
                out.append(var)
            before += " X "
        elif ch.type in ("string_fragment", "escape_sequence"):
            before += N.text(fa.data, ch)
    return out


def _same_file(fa, at, written: str, named: str) -> bool:
    """The run's input ``named`` is the written file ``written``: the same variable, or one
    declared from the other (``listPath = path.join(dir, listFile)`` run as ``-i ${listFile}``
    with ``cwd: dir``)."""
    if written == named:
        return True
    for a, b in ((written, named), (named, written)):
        val = _declared(fa, a, at)
        if val is not None and any(N.text(fa.data, i) == b for i in [val, *N.descendants(val, "identifier")]):
            return True
    return False


def concat_list_sinks(fa, model, c) -> None:
    """A run of ``ffmpeg -f concat -safe 0`` in a function that wrote the caller's text to a file:
    that text names the files the demuxer reads, when the file is the input the run names after
    ``-i`` (another file holding the caller's text, a notes file, is no list)."""
    files = getattr(fa, "script_files", None)
    if not files:
        return
    words = _run_words(fa, model, c)
    if not words or (words[0] or "").rsplit("/", 1)[-1] != "ffmpeg" or not _after(words, "-f", "concat") \
            or not _after(words, "-safe", "0"):
        return
    inputs = _input_vars(fa, model, c)
    for var, t in files.items():
        if not any(_same_file(fa, c.node, var, v) for v in inputs):
            continue
        fa.record("path", f"{c.label(model, fa.data)} ['ffmpeg -f concat -safe 0', …]", c.node, t, c.args[0],
                  detail=f"ffmpeg's concat demuxer reads every file the list '{var}' names (-safe 0 admits any path)")


__all__ = ["concat_list_sinks"]
