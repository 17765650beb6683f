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
``writeFile``/``writeFileSync``, ``open`` with a write flag) takes the same name as its first
argument in the same function or one enclosing the delete, before it in the text, and the name
is assigned nowhere in between.
"""

from __future__ import annotations

import re

from ..effects import PARTIAL
from . import nodes as N
_WRITERS = re.compile(r"(?:^|\.)(?:createWriteStream|writeFile|writeFileSync|outputFile|outputFileSync)$")
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
    stack = [body] if body is not None else []
    write_at, assigned = None, []
    while stack:
        n = stack.pop()
        if n.start_byte >= before:
            continue
        if n.type == "call_expression":
            callee = fa.dotted(n.child_by_field_name("function")) or ""
            args = N.args_of(n)
            first = N.unwrap(args[0]) if args else None
            if _WRITERS.search(callee.replace("()", "")) and first is not None and first.type == "identifier" \
                    and N.text(fa.data, first) == name:
                write_at = n.start_byte if write_at is None else min(write_at, n.start_byte)
        elif n.type in ("assignment_expression", "augmented_assignment_expression"):
            left = n.child_by_field_name("left")
            if left is not None and N.text(fa.data, left) == name:
                assigned.append(n.start_byte)
        stack.extend(n.named_children)
    if write_at is None:
        return False if assigned else None
    return not any(write_at < p < before for p in assigned)


__all__ = ["PARTIAL", "partial_file"]
