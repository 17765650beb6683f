"""Scripts written to a file and run by an interpreter: ``fs.writeFile(p, script)`` then
``exec(`osascript "${p}"`)`` (or ``execFile("bash", [p])``) runs the text written as code, so
caller text placed in it (a name inside an AppleScript string literal, a line of a shell script)
is code injection, as in ``osascript -e <script>``. The interpreters are the ``script-programs``
of the process models; the file is matched by the variable naming it in both calls, in the same
function."""

from __future__ import annotations

from typing import Optional, Tuple

from ..taintvalue import add_step
from . import nodes as N

#: writers whose second argument is the file's content
_CONTENT_WRITERS = frozenset({"writeFile", "writeFileSync", "outputFile", "outputFileSync", "appendFile",
                              "appendFileSync"})


def script_file_sinks(fa, model, c) -> None:
    """After a sink call ``c`` of ``model`` (``fa``: the interpreter): remember the caller text
    a file write puts in a named file; report a run of such a file by an interpreter."""
    if model.family == "path" and model.write and model.dst is None:
        _written(fa, c)
    elif model.family == "shell" and getattr(fa, "script_files", None):
        hit = _run_file(fa, model, c)
        if hit is not None:
            var, prog, node = hit
            t = fa.script_files[var]
            fa.record("code", c.label(model, fa.data), c.node, t, node,
                      detail=f"the file '{var}' is run by {prog}, with the caller's text written in it")


def _written(fa, c) -> None:
    name = (c.method or c.fq or "").replace("()", "").rsplit(".", 1)[-1]
    if name not in _CONTENT_WRITERS or len(c.args) < 2 or len(c.taints) < 2 or not c.taints[1]:
        return
    var = N.var_of(fa.data, N.unwrap(c.args[0]))
    if var:
        if not hasattr(fa, "script_files"):
            fa.script_files = {}
        fa.script_files[var] = add_step(c.taints[1], fa.step(c.node, f"written to the file '{var}'"))


def _run_file(fa, model, c) -> Optional[Tuple[str, str, object]]:
    """(the file's variable, the interpreter, the node naming the file) of a command line that
    runs a written file, or None."""
    programs = fa.M.script_programs
    if not c.args:
        return None
    if model.kind == "program-argv":
        prog = (fa.const_of(c.args[0]) or "").rsplit("/", 1)[-1]
        arr = N.unwrap(c.args[1]) if len(c.args) > 1 else None
        if prog not in programs or arr is None or arr.type != "array":
            return None
        for el in arr.named_children:
            var = N.var_of(fa.data, el)
            if var in fa.script_files:
                return var, prog, el
        return None
    u = N.unwrap(c.args[0])
    if u is None or u.type != "template_string":
        return None
    before = ""
    for ch in u.children:
        if ch.type == "template_substitution":
            inner = [x for x in ch.named_children if x.type != "comment"]
            var = N.var_of(fa.data, inner[0]) if inner else None
            prog = _interpreter(before, programs)
            if var in fa.script_files and prog:
                return var, prog, inner[0]
            before += " X "
        elif ch.type in ("string_fragment", "escape_sequence"):
            before += N.text(fa.data, ch)
    return None


def _interpreter(text: str, programs) -> Optional[str]:
    """The interpreter a command line's text ends by naming, before its options: ``osascript "``,
    ``python3 -u ``."""
    words = text.replace('"', " ").replace("'", " ").split()
    for w in reversed(words):
        if w.startswith("-"):
            continue
        w = w.rsplit("/", 1)[-1]
        return w if w in programs else None
    return None


__all__ = ["script_file_sinks"]
