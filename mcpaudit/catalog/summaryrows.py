"""The ``summaries`` rows of the library models (what a library call returns): read into the
loader's models (:mod:`mcpaudit.catalog.models`)."""

from __future__ import annotations

from typing import Any, Dict

from ._yaml import ModelError


def summary_row(loader, row: Dict[str, Any], where: str, ts: bool) -> None:
    """One ``summaries`` row; ``ts``: the models are TypeScript's (some kinds are read there only)."""
    from .models import _names

    kind = row.get("kind")
    calls, methods = _names(row, "calls", where), _names(row, "methods", where)
    if kind == "keeps-secrets":
        loader.add("keeps_secrets", calls)
        loader.example(row, where, "summaries", calls, "log")
    elif kind == "keeps-everything":
        loader.add("keeps_everything_methods", methods)
        loader.add("builder_methods", _names(row, "builders", where))
        loader.add("keeps_everything_not_on", _names(row, "not-on", where))
        loader.example(row, where, "summaries", methods, "shell")
    elif kind == "passes":
        loader.add("passes", calls)
        loader.add("passes_methods", methods)
        loader.example(row, where, "summaries", calls or methods, str(row.get("expect") or ""))
    elif kind == "untainted-result" and row.get("on-receiver"):
        if not ts or not isinstance(row.get("function-arg", -1), int):
            raise ModelError(f"{where}: on-receiver is read for TypeScript only; function-arg is a position")
        for meth in methods:
            # without function-arg: every call on such a receiver (a service's response to a request)
            loader.m.untainted_result_on[meth] = (frozenset(_names(row, "on-receiver", where)), row.get("function-arg", -1))
        loader.example(row, where, "summaries", methods, "none")
    elif kind == "untainted-result":
        loader.add("untainted_result_methods", methods)
        loader.example(row, where, "summaries", methods, "none")
    elif kind == "receiver-only" and ts:
        loader.add("receiver_only_methods", methods)
        loader.example(row, where, "summaries", methods, "none")
    elif kind in ("mapping-keys", "mapping-entries") and ts:
        what = "key" if kind == "mapping-keys" else "entry"
        loader.add(what + "_calls", calls)
        loader.add(what + "_methods", methods)
        loader.example(row, where, "summaries", calls or methods, "none")
    elif kind == "statement-builders" and not ts:
        loader.add("statement_builders", calls)
        loader.example(row, where, "summaries", calls, "none")
    elif kind == "binds-arguments" and not ts:
        loader.add("bind_calls", calls)
        loader.example(row, where, "summaries", calls, "shell")
    elif kind == "same-function" and ts:
        loader.add("same_function_calls", calls)
        loader.example(row, where, "summaries", calls, "shell")
    else:
        raise ModelError(f"{where}: unknown summary kind {kind!r}")
