"""The message of a tool-parameter finding at a sink (``inter.Linker._report``)."""

from __future__ import annotations

from .sentcreds import sent_note
from .urlpath import URL_PATH


def sink_message(fam: str, sink, info, who: str, shown: str, words: str) -> str:
    """``tool 'who' passes parameter 'shown' to <sink>: <family words>``, with what the sink's
    detail, a raw-query tool and the weak check on the way add."""
    msg = f"tool '{who}' passes parameter '{shown}' to {sink.sink}: {words}"
    if fam in ("sql", "nosql") and sink.verbatim and not info.built:
        # a raw-query tool behind a check (a "read-only" prefix test): the check is the bug
        msg = (f"tool '{who}' runs caller-supplied {'query text' if fam == 'sql' else 'query documents'} "
               f"'{shown}' verbatim with {sink.sink} (a raw-query tool)")
    if fam == "sql" and sink.verbatim and info.built and not sink.detail:
        msg += " (the query text is built from the value)"
    elif sink.detail and sink.detail != "write":
        msg += f" ({sink.detail})"
    elif sink.detail == "write":
        msg += " (write)"
    elif fam == "ssrf" and getattr(sink, "credential", "") == "a secret of the server's in the URL" and not info.rooted:
        msg += " (a secret of the server's is spliced into the URL: it goes to the caller's host)"
    if fam == "ssrf" and sent_note(sink) and URL_PATH not in info.clean:
        msg += f" ({sent_note(sink)})"  # sentcreds.py
    if info.weak:
        msg += f"; only a weak check on the way: {info.weak}"
    return msg
