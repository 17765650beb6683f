"""The server's own scratch files: a path it builds in a temporary folder (``temp-dirs`` in the
models: ``os.tmpdir()``, ``fs.mkdtempSync(...)``) from names of its own, with no caller value in
it. ``const dir = fs.mkdtempSync(path.join(os.tmpdir(), "app-"))`` at module level, then
``const png = path.join(dir, `shot-${Date.now()}.png`)`` in a tool, then ``fs.unlinkSync(png)``:
deleting that file is cleanup, not a write a read-only tool's caller directs (the sink is still
one for taint: a caller value in the name makes it a path sink as any other).

Mixed into nothing: functions of the interpreter (``fn``), which keeps ``scratch_vars``.
"""

from __future__ import annotations

from . import appdirs
from . import nodes as N

_DEPTH = 4


def is_scratch(fn, node, depth: int = 0) -> bool:
    """Whether ``node`` is a temporary folder or a path the server builds under one."""
    u = N.unwrap(node)
    if u is None or depth > _DEPTH:
        return False
    M = fn.M
    if u.type == "identifier":
        name = N.text(fn.data, u)
        if name in fn.__dict__.get("scratch_vars", ()):
            return True
        return (fn.types.get(name) or fn.mod.types.get(name) or "").replace("()", "") in M.temp_dirs
    if u.type == "await_expression":
        return bool(u.named_children) and is_scratch(fn, u.named_children[0], depth + 1)
    if u.type == "call_expression":
        fq = (fn.dotted(u.child_by_field_id(fn.F.function)) or "").replace("()", "")
        if fq in M.temp_dirs:
            return True
        args = N.args_of(u)
        return fq in M.joins and len(args) > 1 and is_scratch(fn, args[0], depth + 1)
    if u.type == "template_string":
        # `${dir}/name-${n}.png`: the folder first, nothing before it
        subs = [c for c in u.named_children if c.type == "template_substitution"]
        return bool(subs) and subs[0].start_byte == u.start_byte + 1 and bool(subs[0].named_children) and \
            is_scratch(fn, subs[0].named_children[0], depth + 1)
    return False


def _made_folder(fn, node) -> bool:
    """``fs.mkdtempSync(prefix)`` (``await`` allowed): a temp-dirs call given a prefix makes a new
    folder of a name nobody else holds, whatever the prefix (``os.tmpdir()`` takes none)."""
    u = N.unwrap(node)
    if u is not None and u.type == "await_expression" and u.named_children:
        u = N.unwrap(u.named_children[0])
    if u is None or u.type != "call_expression":
        return False
    fq = (fn.dotted(u.child_by_field_id(fn.F.function)) or "").replace("()", "")
    return fq in fn.M.temp_dirs and bool(N.args_of(u))


def is_made_folder(fn, node) -> bool:
    """Whether ``node`` names a folder this function made with ``mkdtemp``: removing it is
    cleanup of the function's own folder even when its prefix came from a value given to it."""
    u = N.unwrap(node)
    return u is not None and u.type == "identifier" and \
        N.text(fn.data, u) in fn.__dict__.get("made_folders", ())


def track(fn, name: str, node) -> None:
    """``name = <value>``: remember whether ``name`` now holds a scratch path, and whether it
    holds a folder the function just made."""
    appdirs.track(fn, name, node)  # a name in the server's own dot-folder of the home (appdirs.py)
    held = fn.__dict__.setdefault("scratch_vars", set())
    made = fn.__dict__.setdefault("made_folders", set())
    if is_scratch(fn, node):
        held.add(name)
    else:
        held.discard(name)
    if _made_folder(fn, node):
        made.add(name)
    else:
        made.discard(name)
