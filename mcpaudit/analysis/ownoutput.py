"""A tool's own output: the file a function has just written, met again further on.

A path the function hands to a write (``cv2.imwrite(out, img)``, ``open(out, "w")``) names the
file the tool itself makes there. That write is the access a caller's path gets, and it is
reported there (a traversal, or the tool's declared output). The same variable afterwards carries
:data:`WRITTEN` in ``Info.clean`` (not a family), through returns and helper calls like any mark,
and two sinks of the models read it:

* kind ``metadata`` (``os.path.getsize``, a file's size or times): the size of the tool's own
  output reveals nothing the write did not make, so it is no file access of the caller's;
* kind ``opener`` (``os.startfile``: the desktop opens the file in the application its type is
  associated with; an executable or a script runs): a caller's path there runs what it names,
  but a file a format encoder has just written (kind ``encoder``: an image or video writer that
  picks its format by the file's extension and refuses one it cannot write, so the file holds its
  own encoding under a media extension, :data:`ENCODED`) is the tool's picture shown in a viewer.

A plain read of the path (``open(out, "rb")``, ``Path(out).read_bytes()``) is the same file
read back: no finding of its own (the write is). Unmarked flows report as before (``placed_safely`` in the linker asks :func:`own_output`).
"""

from __future__ import annotations

from ..lazycst import cst

from .taintvalue import mark

#: in ``Info.clean`` (not a family): the value names a file the function has written
WRITTEN = "~written"
#: ... with a format encoder (kind ``encoder``), so the file is media under a media extension
ENCODED = "~encoded"

OPENER_DETAIL = ("the desktop opens the file in the application its type is associated with; an executable "
                 "or script the caller names runs")


def own_output(sink, info) -> bool:
    """The flow ``info`` reaches ``sink`` (a ``metadata`` or ``opener`` sink) as the tool's own
    output; or a plain file read (``open(staged, "rb")`` to hash it) of the file the same flow has
    just written (``shutil.copy2(src, staged)``): the access a caller's path gets is that write,
    reported there, and reading the file back is the same hazard, not one of its own."""
    if sink.family == "path" and not sink.own_output and not sink.writes and not sink.detail:
        return WRITTEN in info.clean
    return bool(sink.own_output) and (ENCODED if sink.family == "shell" else WRITTEN) in info.clean


def note_output(sm, node, write: bool, encoded: bool = False) -> None:
    """After a write of the path ``node`` (a local variable): the variable names the tool's own file."""
    if write and isinstance(node, cst.Name) and sm.env.get(node.value):
        sm.env[node.value] = mark(sm.env[node.value], clean=frozenset({WRITTEN, ENCODED} if encoded else {WRITTEN}))


class OwnOutput:
    """The sink kinds of this module, mixed into :class:`~.sinkmatch.SinkMatching`."""

    def _kind_encoder(self, model, c) -> None:
        self._kind_value(model, c)
        note_output(self, c.arg(model.arg)[0], True, encoded=True)

    def _own_sink(self, family: str, model, c, detail: str) -> None:
        node, t = c.arg(model.arg)
        before = len(self.sinks)
        self._sink(family, c.label(model), c.node, t, node, detail=detail)
        for sink in self.sinks[before:]:
            sink.own_output = True

    def _kind_metadata(self, model, c) -> None:
        self._own_sink(model.family, model, c, model.detail)

    def _kind_opener(self, model, c) -> None:
        self._own_sink(model.family, model, c, model.detail or OPENER_DETAIL)


__all__ = ["ENCODED", "OPENER_DETAIL", "OwnOutput", "WRITTEN", "note_output", "own_output"]
