"""Which query sinks the engine agreement may call safe: text whose filling the analysis saw.

A sink the linker did not report is one it followed and found no caller input reaching
(``Linker.safe_sinks``); a pattern rule's hit for the same hazard there moves to the audit view
(:mod:`mcpaudit.agreement`). For query text built from pieces (bandit's B608, semgrep's SQL
string rules) that holds only where the analysis knows what fills the text:

* constants, module-level configuration, the environment: no parameter in the sink's own taint
  (``{database}.{table}`` read from a configuration dict the module loaded);
* parameters the linker bound: the function was instantiated from an MCP handler, or as the
  callee of a call in the project (``Linker.bound_functions``), whose arguments it followed
  (``_run(conn, question, config)`` called with ``config = RAG_CONFIG``).

A function whose query text takes its own parameters and that nothing in the project calls nor
any handler reaches (a tool registered in a way the analysis did not see, an entry point of
another program) is filled by values the analysis never saw, a caller's perhaps: its sink is not
called safe, and the pattern rule's hit stays a default finding. A callee is taken as bound
even where its caller passes on a parameter of its own that no call binds: the analysis follows
the call, not where the caller's values come from.
"""

from __future__ import annotations

#: sink families whose text a pattern rule reports as built from pieces
QUERY_FAMILIES = frozenset({"sql"})


def unknown_fill(linker, path: str, fn, sink) -> bool:
    """The sink's query text takes a parameter of a function the linker never bound (Python)."""
    if sink.family not in QUERY_FAMILIES or not path.endswith(".py"):
        return False
    if (path, fn.qualname) in getattr(linker, "bound_functions", ()):
        return False
    return any(label[0] == "p" for label in sink.taint)


__all__ = ["QUERY_FAMILIES", "unknown_fill"]
