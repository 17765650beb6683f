"""The program of an argv the code computes, read from the value or the name that holds it.

``[config.ffmpeg_path, "-i", src, "-b:a", rate, out]`` runs ffmpeg: an argv's first element is
its program, and a program held in a field or constant named for it with a path-like suffix
(``ffmpeg_path``, ``FFMPEG_BIN``, ``self.kubectl_exe``; the remote-shell reading in
:mod:`.remotelines` uses the same names) is that program, usually found on ``PATH`` unless the
operator points the setting at another copy of it. A module constant holding the program's name
(``FFMPEG = "ffmpeg"``, or the default of an environment variable, ``os.getenv("FFMPEG",
"ffmpeg")``, :func:`.configured.resolve`) is that program too. Read as that program, the argv's options are the
program's: the value after an option that takes one (``-b:a``, per ``option-operands``) is no
option, and an operand the program writes (ffmpeg's output, per ``file-programs``) is a file
written. Only programs the process models describe are read so, and only where the caller does
not choose the program (an untainted first element).
"""

from __future__ import annotations

from typing import List

from ..lazycst import cst

from .configured import resolve
from .guards import assigned_names_in
from .ts.remoteshell import PROGRAM_NAMED


def _described(M) -> set:
    """The programs the process models describe the options or operands of (first words)."""
    out = M.__dict__.get("_named_programs")
    if out is None:
        keys = [*M.option_operands, *M.file_programs, *M.output_options, *M.input_options, *M.url_operands,
                *M.option_programs, *M.code_options]
        out = M.__dict__["_named_programs"] = {k.split(" ", 1)[0] for k in keys}
    return out


def computed_program(sm, node, suffix: bool = False) -> str:
    """The program the computed first element ``node`` of an argv is (see the module), or "".
    ``suffix``: a field or name must say it holds a path (``sqlmap_path``, not ``sqlmap``)."""
    if isinstance(node, cst.Name):
        text = sm.string_constants.get(node.value)
        if text is None and (sm.fn is None or node.value not in assigned_names_in(sm.mod, sm.fn)):
            got = resolve(sm.mod, None, node)  # FFMPEG = os.getenv("FFMPEG", "ffmpeg") at module level
            text = got.text if got is not None else None
        if text and not any(ch.isspace() for ch in text) and text.rsplit("/", 1)[-1] in _described(sm.M):
            return text
        name = node.value
    elif isinstance(node, cst.Attribute):
        name = node.attr.value
    else:
        return ""
    m = PROGRAM_NAMED.match(name)
    prog = m.group("prog").lower() if m and (m.group(2) or not suffix) else ""
    return prog if prog in _described(sm.M) else ""


def named_script(sm, node, taint) -> str:
    """The script an interpreter runs (the argv element after ``python``), read as
    :func:`computed_program` reads a program, from a name that says it holds a path
    (``settings.sqlmap_path``) and a value the caller does not choose; or ""."""
    return "" if taint or node is None else computed_program(sm, node, suffix=True)


def script_named(sm, consts: List, nodes: List) -> List:
    """``consts`` of an argv with the script an interpreter runs (:func:`named_script`:
    ``["python", settings.sqlmap_path, "-u", v]``: ``sqlmap``) set in place of its unknown second
    element; ``nodes``: the elements (None where not known)."""
    if len(consts) < 2 or consts[1] is not None or not consts[0] or len(nodes) < 2 or nodes[1] is None \
            or consts[0].rsplit("/", 1)[-1] not in sm.M.script_programs:
        return consts
    prog = named_script(sm, nodes[1], sm.ev_quiet(nodes[1]))
    return [consts[0], prog, *consts[2:]] if prog else consts


def with_program(sm, elems: List[tuple]) -> List[tuple]:
    """``elems`` (node, taint, constant, splat) with the first element's constant set to the
    program it is when the code computes it (:func:`computed_program`); after an interpreter
    (``["python", settings.sqlmap_path, "-u", target]``), the script it runs read the same way
    (its options are the script's: option-operands keys a script by its file name)."""
    if not elems:
        return elems
    node, t, c, splat = elems[0]
    if c and not t and not splat and len(elems) > 1 and c.rsplit("/", 1)[-1] in sm.M.script_programs:
        node1, t1, c1, splat1 = elems[1]
        if not (c1 or splat1):
            script = named_script(sm, node1, t1)
            return [elems[0], (node1, t1, script, splat1), *elems[2:]] if script else elems
    if c or t or splat or node is None:
        return elems
    prog = computed_program(sm, node)
    return [(node, t, prog, splat), *elems[1:]] if prog else elems


__all__ = ["computed_program", "named_script", "script_named", "with_program"]
