"""Scripts written to a file and run by an interpreter: ``fs.writeFile(p, script)`` then
``exec(`osascript "${p}"`)`` (or ``execFile("bash", [p])``) runs the text written as code, so
caller text placed in it (a name inside an AppleScript string literal, a line of a shell script)
is code injection, as in ``osascript -e <script>``. The interpreters are the ``script-programs``
of the process models; the file is matched by the variable naming it in both calls, in the same
function.

Across functions: a helper that writes the caller's text to a file and returns the file's name
gives that name the text, marked ``WRITTEN`` (and clean for every sink); a value a command line
names after an interpreter (``${interp} "${file}"``, the interpreter literal or picked from a
constant table such as ``{ python: "python -u" }[lang]``) is marked ``RUN``, and a shell sink that
a value with both marks reaches, in whatever function, reports it as code the interpreter runs
(scriptruns.py)."""

from __future__ import annotations

from typing import Optional, Tuple

from ..taintvalue import ALL, EMPTY, Taint, add_step, union
from . import nodes as N
from .checks import single_quote_escaped
from .concatlists import concat_list_sinks
from .hookwrites import hook_write

#: the name of a file the caller's text was written to (with ALL: clean for every sink)
WRITTEN = "~written"
#: ... named in a command line after an interpreter: RUN + the program, or RUN + "T:" + the
#: module and the constant table the program is picked from (resolved when linking)
RUN = "~run:"

#: writers whose second argument is the file's content
_CONTENT_WRITERS = frozenset({"writeFile", "writeFileSync", "outputFile", "outputFileSync", "appendFile",
                              "appendFileSync"})


def script_file_sinks(fa, model, c) -> None:
    """After a sink call ``c`` of ``model`` (``fa``: the interpreter): remember the caller text
    a file write puts in a named file; report a run of such a file by an interpreter."""
    if model.family == "path" and model.write and model.dst is None:
        _written(fa, c)
        hook_write(fa, model, c, _CONTENT_WRITERS)  # .git/hooks/<name>: git runs it (hookwrites.py)
    if model.family == "shell" and model.kind == "value":
        _quoted_code_words(fa, model, c)
    if model.family == "shell" and getattr(fa, "script_files", None):
        concat_list_sinks(fa, model, c)  # ffmpeg -f concat -safe 0 -i <list> (concatlists.py)
        hit = _run_file(fa, model, c)
        if hit is not None:
            var, prog, node = hit
            t = fa.script_files[var]
            fa.record("code", c.label(model, fa.data), c.node, t, node,
                      detail=f"the file '{var}' is run by {prog}, with the caller's text written in it")


def _quoted_code_words(fa, model, c) -> None:
    """``exec(`osascript -e '${s.replace(/'/g, "'\\''")}'`)``: the escape keeps the value one
    shell word, but that word is the value of a flag whose program runs it as code in its own
    language (``code-programs``: osascript -e), so the caller's text in it is code injection."""
    tpl = N.unwrap(c.args[0]) if c.args else None
    if tpl is None or tpl.type != "template_string":
        return
    text = ""
    for part in tpl.named_children:
        if part.type == "string_fragment":
            text += N.text(fa.data, part)
            continue
        if part.type != "template_substitution":
            continue
        words = text.replace('"', " ").replace("'", " ").split()
        if len(words) >= 2 and text.rstrip(" ").endswith(("'", '"')):
            prog = words[-2].rsplit("/", 1)[-1]
            flags = fa.M.code_programs.get(prog, ((), ""))
            if words[-1] in flags[0]:
                inner = [x for x in part.named_children if x.type != "comment"]
                # (a value not escaped for the shell word is the shell injection the line reports)
                t = fa.ev(inner[0]) if inner and single_quote_escaped(fa.data, inner[0]) else {}
                if t:
                    fa.record("code", f"{c.label(model, fa.data)} ['{prog}', '{words[-1]}', …]", c.node, t, inner[0],
                              detail=flags[1], operand_of=prog)
        text += "\x00"


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


def written_name(fa, node) -> Taint:
    """A variable naming a file this function wrote the caller's text to: that text, marked
    ``WRITTEN`` (what a helper returning the file's name returns along)."""
    files = getattr(fa, "script_files", None)
    var = N.var_of(fa.data, N.unwrap(node)) if files and node is not None else None
    t = files.get(var) if var else None
    return {k: i.replace(clean=i.clean | {ALL, WRITTEN}) for k, i in t.items() if ALL not in i.clean} if t else EMPTY


def run_marks(fa, sv: Taint, node, before: str, prev) -> Taint:
    """A template substitution ``node`` (taint ``sv``) after the text ``before`` (since the
    substitution ``prev``): named after an interpreter, whatever of it is a file holding the
    caller's text (``WRITTEN``, here or when the linker resolves a helper's result) is run by
    it, so its infos carry ``RUN`` + the interpreter."""
    sv = union(sv, written_name(fa, node))
    if not sv:
        return sv
    bare = not before.strip(" \"'")
    prog = _interpreter(before, fa.M.script_programs) if not bare else \
        (_program_of(fa, prev) if prev is not None else None)
    return {k: i.replace(clean=i.clean | {RUN + prog}) for k, i in sv.items()} if prog else sv


def _program_of(fa, expr) -> Optional[str]:
    """The interpreter an expression before the file names: a constant whose first word is one,
    or a value picked from a constant table (``"T:<module>\x1f<table>"``, checked when linking)."""
    u = N.unwrap(expr)
    const = fa.const_of(u) if u is not None else None
    if const is not None:
        return _interpreter(const.split(" -")[0], fa.M.script_programs)
    if u is not None and u.type == "identifier":
        u = _declared_value(fa, N.text(fa.data, u))
    if u is not None and u.type == "subscript_expression":
        table = fa.dotted(u.child_by_field_id(fa.F.object))
        return f"T:{fa.mod.path}\x1f{table}" if table else None
    return None


def _declared_value(fa, name: str):
    """The value ``const name = <value>`` gives in this function, unwrapped (or None)."""
    stack = [fa.node]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if n.type == "variable_declarator":
            target = n.child_by_field_id(fa.F.name)
            if target is not None and N.text(fa.data, target) == name:
                return N.unwrap(n.child_by_field_id(fa.F.value))
        stack.extend(c for c in n.named_children if c.type not in N.FUNCTIONS)
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


__all__ = ["RUN", "WRITTEN", "run_marks", "script_file_sinks", "written_name"]
