"""What a library sink call answers, beside the arguments that flow through it (issue 14).

* ``fetch(url)``'s response is what the server sent: a URL in it (a stream, a next page) is the
  server's choice; a caller who picks the server is reported at this request (clean of ``ssrf``).
* ``readFile(p)``'s text: a path written in the file is the file's; a caller who picks the file is
  reported at this read (mcp-veo2: ``metadata.filepath`` of a JSON read by id; clean of ``path``).
* A command's output (``exec``/``execSync``/``execFile``/``spawn``... and their promisified
  forms: stdout, stderr) is what the program printed, not the caller's text (ts52b: ffprobe's
  ``r_frame_rate`` of its JSON handed to ``eval``): a caller who chooses the command line is
  reported at the command; its output carries no code of the caller's (clean of ``code``). It
  still carries the caller's values for every other family (a listing of the caller's folder
  names the caller's files).
* A directory listing's names (``readdir``/``opendir``: strings or ``Dirent``s) are one component
  each, never ``..`` nor a separator (ts56b): joined under a folder (``join(dir, entry.name)``,
  workspace.join_result), such a name adds no way out of it, so the join is that folder's file
  (``LISTED``: the walk of a caller's folder reads the caller's folder, as its ``readdir`` does).
"""

from __future__ import annotations

from ..taintvalue import Taint, mark

#: reads whose result is the file's text (not a listing or a stream)
CONTENT_READS = frozenset({"readFile", "readFileSync", "readJson", "readJSON", "readJsonSync"})
#: listings whose result is the names of a folder's entries
LISTINGS = frozenset({"readdir", "readdirSync", "opendir", "opendirSync"})
#: the mark of a listing's names
LISTED = "~listed-name"


def sink_result(sm, fq: str, out: Taint) -> Taint:
    """``out`` (what the call returns) marked for what the sink row ``sm`` answers."""
    if sm is None or not out:
        return out
    if sm.family == "ssrf" and sm.kind == "url":
        return mark(out, clean=frozenset({"ssrf"}))
    if sm.family == "path" and not sm.write and fq.rsplit(".", 1)[-1] in CONTENT_READS:
        return mark(out, clean=frozenset({"path"}))
    if sm.family == "path" and not sm.write and fq.rsplit(".", 1)[-1] in LISTINGS:
        return mark(out, clean=frozenset({LISTED}))
    if sm.family == "shell":
        return mark(out, clean=frozenset({"code"}))
    return out


__all__ = ["CONTENT_READS", "LISTED", "LISTINGS", "sink_result"]
