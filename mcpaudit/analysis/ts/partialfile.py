"""Deleting the file the function was writing: a partial download (issue 14).

    const fileStream = fs.createWriteStream(targetPath);
    res.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_FILE_SIZE) {
        fileStream.destroy();
        fsPromises.unlink(targetPath).catch(() => {});   // the half-written file goes
      }
    });
    fileStream.on("error", () => { fsPromises.unlink(targetPath).catch(() => {}); });

The ``unlink`` removes the file a write stream (or ``writeFile``) of the same function opened on
the same name a moment before: whatever was there was replaced when the stream opened it, so the
delete loses nothing the write had not; it is the write's undo, not a deletion a caller asks for
(a tool annotated ``destructiveHint: false`` that downloads to a path is not "deleting files"
for it). The write itself is still a write, and a caller value in the path is still a path sink.

Only when the deleted value is a plain name, the writing call (``createWriteStream``,
``writeFile``/``writeFileSync``, ``open``/``openSync`` with a flag that truncates, ``"w"``...) takes the same name as its first
argument in the same function or one enclosing the delete (not in a function defined there, a
callback that may never run), before it in the text, and the name is assigned nowhere in between.
"""

from __future__ import annotations

import re

from ..effects import PARTIAL
from . import nodes as N
_WRITERS = re.compile(r"(?:^|\.)(?:createWriteStream|writeFile|writeFileSync|outputFile|outputFileSync)$")
#: ``open(p, "w")``: opened for writing, the file truncated or created (not "a" or "r+": the old
#: content stays, and deleting the file loses it)
_OPENERS = re.compile(r"(?:^|\.)(?:open|openSync)$")
_TRUNCATING = re.compile(r"^w")
_DELETERS = re.compile(r"(?:^|\.)(?:unlink|unlinkSync|rm|rmSync)$")


def partial_file(fa, call, fq: str, arg) -> bool:
    """``call`` (a delete of ``fq``) removes the file named by ``arg`` that the function (or one
    enclosing it) opened for writing before."""
    a = N.unwrap(arg)
    if not _DELETERS.search(fq or "") or a is None or a.type != "identifier":
        return False
    name = N.text(fa.data, a)
    fn = call.parent
    while fn is not None:
        if N.is_function(fn):
            hit = _written_before(fa, fn, name, call.start_byte)
            if hit is not None:
                return hit
        fn = fn.parent
    return False


def _written_before(fa, fn, name: str, before: int):
    """True when ``fn`` writes ``name`` before ``before`` (and does not assign it in between),
    False when it assigns ``name`` there, None when it does neither."""
    body = fn.child_by_field_name("body")
    stack = [(body, False)] if body is not None else []
    write_at, assigned = None, []
    while stack:
        n, nested = stack.pop()
        if n.start_byte >= before:
            continue
        if n.type == "call_expression" and not nested and _writes(fa, n, name):
            write_at = n.start_byte if write_at is None else min(write_at, n.start_byte)
        elif n.type in ("assignment_expression", "augmented_assignment_expression"):
            left = n.child_by_field_name("left")
            if left is not None and N.text(fa.data, left) == name:
                assigned.append(n.start_byte)
        # a write in a function defined here (a callback) may never run; an assignment there may
        inner = nested or N.is_function(n)
        stack.extend((c, inner) for c in n.named_children)
    if write_at is None:
        return False if assigned else None
    return not any(write_at < p < before for p in assigned)


def _writes(fa, call, name: str) -> bool:
    """``call`` opens the file named ``name`` for writing (its first argument)."""
    callee = (fa.dotted(call.child_by_field_name("function")) or "").replace("()", "")
    args = N.args_of(call)
    first = N.unwrap(args[0]) if args else None
    if first is None or first.type != "identifier" or N.text(fa.data, first) != name:
        return False
    if _WRITERS.search(callee):
        return True
    flag = N.string_value(fa.data, N.unwrap(args[1])) if len(args) > 1 and _OPENERS.search(callee) else None
    return bool(flag and _TRUNCATING.match(flag))


__all__ = ["PARTIAL", "partial_file"]
