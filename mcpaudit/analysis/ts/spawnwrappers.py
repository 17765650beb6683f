"""A module's own process wrappers, read as the process call they forward to, and a shell chosen
by a fallback literal (issue 14, ts56a).

    function spawnCapture(cmd, args, options) {
      return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, options);
        ...
      });
    }
    const run = (c, a) => spawn(c, a);
    ...
    const fishBin = which("fish") || "/opt/homebrew/bin/fish";
    await spawnCapture(fishBin, ["-lc", `search ${query}`]);

A function of the module that calls a process sink of the models (the ``shell`` family:
``spawn``, ``execFile``, ``exec``...) with its own parameters, each once, in their order and all of
them, and never reassigns one, runs exactly what its caller hands it: a call of it is that sink's
call (:func:`sink_wrapper`, read by :meth:`~.names.Names.dotted` as
:mod:`.resolverwrappers` reads a resolver's wrapper), so the program and the argument vector are
judged at the caller's line, where they are written, instead of inside the wrapper where both are
parameters (the linker kept only "a non-constant value reaches spawn()"). A function that adds
options of its own (``{ ...options, shell: true }``), reorders or fixes an argument stays a
project function, followed as before.

The program a call runs may be a configured or looked-up one with a literal fallback
(``process.env.SHELL || "/bin/bash"``, ``which("fish") || "/opt/homebrew/bin/fish"``, with
``??`` too), directly or through a ``const`` of the function: :func:`fallback_program` gives the
literal, so ``[-c|-lc, text]`` after it is a command line of that shell (the literal's base name
is one of the models' ``shell-programs``). Whatever the variable holds at run time is a program
the operator chose, and the literal says which kind of program the code expects.
"""

from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

from . import nodes as N

_FALLBACK_OPS = ("||", "??")
#: a shell's command flag, alone or after others (-c, -lc, -ic, /c of cmd.exe, -Command)
_COMMAND_FLAG = re.compile(r"^(?:-[a-z]*c|/c|-command)$", re.IGNORECASE)


def sink_wrapper(fa, name: str, call, value=None) -> Optional[str]:
    """The process sink the module function ``name`` forwards all its parameters to, when
    ``call`` (the call of it being read) hands it a shell command line (:func:`shell_line`);
    else None. With ``value`` (the local function a name is bound to where it is called), only
    when that is the module's function itself (a local of the same name shadows it). Memoised
    per module (the table is in place, empty, while it is built: a wrapper's own body is read
    with no wrapper known)."""
    if call is None or call.type != "call_expression" or not shell_line(fa, call):
        return None
    mod = fa.mod
    table: Optional[Dict[str, Tuple[str, object]]] = getattr(mod, "_sink_wrappers", None)
    if table is None:
        if getattr(mod, "top", None) is None or getattr(mod, "tree", None) is None:
            return None  # (not before the module's own evaluator exists)
        table = mod._sink_wrappers = {}
        found = {}
        for fname, node in N.top_bindings(mod.data, mod.tree.root_node):
            got = _forwarded(mod, node)
            if got:
                found[fname] = (got, node)
        table.update(found)
    hit = table.get(name)
    if hit is None or (value is not None and value != hit[1]):
        return None
    return hit[0]


def shell_line(fa, call) -> bool:
    """``w(<shell>, ["-c" | "-lc" ..., ...])``: a program that is a shell of the models (a literal,
    a constant or a fallback literal) and an argv literal whose first element is its command
    flag. Only such calls are read as the wrapped sink: the linker already follows a wrapper's
    other calls into its body with the argv elements placed (argvurls, argvwrites: a curl URL
    operand, an option's value), and a sink checked at the call would judge them afresh."""
    args = N.args_of(call)
    if len(args) < 2:
        return False
    prog = fa.const_of(args[0]) or shell_fallback(fa, args[0])
    argv = N.unwrap(args[1])
    if not prog or argv is None or argv.type != "array" or not _is_shell(fa, prog):
        return False
    first = next((c for c in argv.named_children if c.type != "comment"), None)
    flag = fa.const_of(first) if first is not None else None
    return bool(flag and _COMMAND_FLAG.match(flag))


def _forwarded(mod, fn) -> Optional[str]:
    if fn is None or not N.is_function(fn):
        return None
    params = list(mod.top.param_list(fn))
    body = fn.child_by_field_name("body")
    if not params or "" in params or body is None or _reassigned(mod.data, body, params):
        return None
    hits = set()
    for call in N.nodes_under(body, "call_expression"):  # (inside a Promise executor too)
        args = [N.unwrap(a) for a in N.args_of(call)]
        if [N.text(mod.data, a) if a is not None and a.type == "identifier" else None for a in args] != params:
            continue
        fq = (mod.top.dotted(call.child_by_field_name("function")) or "").replace("()", "")
        model = mod.M.sink_calls.get(fq)
        if model is not None and model.family == "shell":
            hits.add(fq)
    return hits.pop() if len(hits) == 1 else None


def _reassigned(data: bytes, body, params) -> bool:
    for kind in ("assignment_expression", "augmented_assignment_expression"):
        for a in N.nodes_under(body, kind):
            left = N.unwrap(a.child_by_field_name("left"))
            if left is not None and left.type == "identifier" and N.text(data, left) in params:
                return True
    return False


def _is_shell(fa, prog: str) -> bool:
    return prog.rsplit("/", 1)[-1] in {p.rsplit("/", 1)[-1] for p in fa.M.shell_programs}


def shell_fallback(fa, prog_node) -> str:
    """:func:`fallback_program` when the literal names a shell of the models, else "" (another
    program's fallback name says less: the variable may name any build of it, and its options
    are judged as a computed program's)."""
    lit = fallback_program(fa, prog_node)
    return lit if lit and _is_shell(fa, lit) else ""


def fallback_program(fa, prog_node) -> str:
    """The literal a program falls back to (``x || "/bin/bash"``, ``x ?? "fish"``), written at
    the call or as the value of the one ``const`` of that name in the enclosing function (or the
    module); "" otherwise."""
    u = N.unwrap(prog_node) if prog_node is not None else None
    if u is not None and u.type == "identifier":
        u = _const_value(fa.data, u)
    if u is None or u.type != "binary_expression":
        return ""
    op = u.child_by_field_name("operator")
    right = N.unwrap(u.child_by_field_name("right"))
    if op is None or op.type not in _FALLBACK_OPS or right is None:
        return ""
    lit = N.string_value(fa.data, right)
    return lit if lit and "${" not in lit and lit.strip() == lit else ""


def _const_value(data: bytes, ident):
    """The value of the ``const`` the identifier names: declared once in the nearest function
    (or the module) that declares the name at all; None when that is no ``const``."""
    name = N.text(data, ident)
    root = ident
    while root.parent is not None:
        root = root.parent
    scope = N.enclosing_function(ident)
    while True:
        where = scope if scope is not None else root
        decls = [d for d in N.descendants(where, "variable_declarator")
                 if (n := d.child_by_field_name("name")) is not None and n.type == "identifier"
                 and N.text(data, n) == name and N.enclosing_function(d) == scope]
        if decls:
            parent = decls[0].parent
            const = parent is not None and parent.type == "lexical_declaration" and \
                N.text(data, parent).startswith("const")
            return N.unwrap(decls[0].child_by_field_name("value")) if len(decls) == 1 and const else None
        if scope is None:
            return None
        scope = N.enclosing_function(scope)


__all__ = ["fallback_program", "shell_fallback", "shell_line", "sink_wrapper"]
