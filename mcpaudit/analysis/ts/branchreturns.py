"""The tool a low-level ``call_tool`` handler returns a value to, by the branch it returns in.

One ``CallToolRequestSchema`` handler serves every tool: ``if (name === "show_token") { return
... }`` (or ``name === Tools.ShowToken``, a member of a string enum or constant object) returns
to the tool that branch dispatches, as a sink there is reached by that tool. The interpreter keeps
the branch's tool hint for each return (``FuncSummary.return_hints``); a value returned there is
reported under that tool, with its declaration (what the tool says it is for), not under the
handler's ``call_tool``. A return outside any tool's branch stays the handler's.
"""

from __future__ import annotations


class BranchReturns:
    """Linker side: a return in a tool's branch of a call_tool handler is that tool's."""

    def _report_return(self, path, fn, pos, t, handler, how: str) -> None:
        hint = (getattr(fn, "return_hints", None) or {}).get(pos) if handler.kind == "call_tool" else None
        if hint and hint.startswith("ref:"):
            hint = self.string(path, "r:" + hint[4:])  # type: ignore[attr-defined]
        name = self.tool_of_hint(path, hint) if hint else None  # type: ignore[attr-defined]
        tool = next((x for x in self.tools if x.name == name and x.kind == "tool"), None) if name else None  # type: ignore[attr-defined]
        super()._report_return(path, fn, pos, t, tool or handler, how)  # type: ignore[misc]


__all__ = ["BranchReturns"]
