"""AppleScript built from a caller's text: the builder is where the code is injected.

A server that drives macOS often keeps one function per tool that returns AppleScript source
(``script: (args) => `tell application "Notes" ... {name:"${args.title}"}` ``) and runs whatever
the picked builder returns with ``osascript -e`` in one place. A value pasted raw between the
double quotes of an AppleScript string literal can close the literal (``"``) and add ``do shell
script``: the hazard, and its fix (escape ``\\`` then ``"``, or pass the value as an argv item read
with ``item 1 of argv``), is in the builder, not at the one ``exec`` every builder shares.

The interpreter marks such a splice with a flow step (:func:`splice_step`, for a template whose
text the catalog says is AppleScript: ``argv.applescript-text``); the linker reports a code
finding whose flow has one at that step (:func:`at_the_builder`), so each builder is one finding
named after the tool it serves (the call-tool handler is run once per picked tool:
:class:`BuilderRuns`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, List, Optional

from ..taintvalue import KEPT_STEP, Taint, add_step
from ...catalog import catalog

if TYPE_CHECKING:  # pragma: no cover
    from ..inter import RawFinding

#: the note of the flow step where a value is spliced raw into an AppleScript string literal
SPLICED = KEPT_STEP  # (kept when flows merge: taintvalue.merge_info)
#: ... of the string a command (``write text`` to a terminal, ``do script``, ``do shell script``) runs
COMMAND = f"{SPLICED} that `write text`, `do script` or `do shell script` runs as a shell command"
_COMMAND_BEFORE = re.compile(r"\b(write text|do script|do shell script)\s*\"[^\"]*$")


#: what :func:`at_the_builder` returns for a finding that is a tool's capability instead
DROPPED = "dropped"


def open_literal(text: str) -> bool:
    """Whether ``text`` (a template's literal text so far, JS escapes undone) ends inside a
    double-quoted AppleScript string: an odd number of quotes not escaped by a backslash."""
    count, i = 0, 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            count += 1
        i += 1
    return count % 2 == 1


def is_applescript(ev, node) -> bool:
    """Whether the literal text of a template string says it is AppleScript source (or the
    template is spliced into one that is: `${x ? `run shortcut "${a}"` : ""}`)."""
    if getattr(ev, "in_applescript", False):
        return True
    pattern = getattr(ev.M, "applescript_text", None)
    if pattern is None:
        return False
    text = "".join(ev.data[c.start_byte:c.end_byte].decode("utf-8", "replace")
                   for c in node.named_children if c.type == "string_fragment")
    return bool(pattern.search(text))


def splice_step(ev, sv: Taint, node, before: str) -> Taint:
    """``sv`` (a substitution's value, inside an AppleScript string literal after the text
    ``before``) with the step that says it was spliced there raw (into a command's string, when
    a command runs it); a value clean for code (escaped for AppleScript) is left as is."""
    if not sv or all(info.is_clean("code") for info in sv.values()):
        return sv
    return add_step(sv, ev.step(node, COMMAND if _COMMAND_BEFORE.search(before) else SPLICED))


def has_splice(sv: Taint) -> bool:
    """Whether a flow of ``sv`` passed a raw splice into an AppleScript literal."""
    return any(st.note.startswith(SPLICED) for info in sv.values() for st in info.steps)


def prefer_spliced(v: Taint, spliced: List[Taint]) -> Taint:
    """A template's value with the flow of its first raw AppleScript splice kept for each source
    (merging flows keeps the shorter one, which may be another substitution's)."""
    if not v or not spliced:
        return v
    out = dict(v)
    for sv in reversed(spliced):
        for label, info in sv.items():
            if label in out and not info.is_clean("code"):
                out[label] = out[label].replace(steps=info.steps, key=info.key or out[label].key)
    return out


def at_the_builder(linker, f: "RawFinding"):
    """A code finding whose flow passed a raw splice into an AppleScript literal of a function
    that returns the script (a builder), reported at the splice, where the fix belongs, for the
    tool whose function the builder is (:data:`DROPPED` when that is the tool's purpose: a
    command it types into a terminal); None when there is none."""
    from ..inter import RawFinding

    i = next((i for i, s in enumerate(f.flow) if s.note.startswith(SPLICED)), None)
    if i is None:
        return None
    if f.family != "code":  # (a shell finding: the AppleScript literal is no part of its story)
        return replace(f, flow=[s for s in f.flow if not s.note.startswith(SPLICED)])
    at = f.flow[i]
    if not any(s.note.startswith("returned") for s in f.flow[i + 1:]):
        return None  # built where it runs: the finding stays at the sink
    loc = at.location
    linker.builder_splices = True
    f = renamed(f, builder_tool(linker, loc.path, loc.line) or f.tool)
    if at.note == COMMAND and f.tool and linker._declares(catalog().families["shell"], f.tool):
        # a terminal tool whose purpose is to run the caller's command: its capability
        _command_capability(linker, f, loc)
        return DROPPED
    msg = f"{f.message} (the value is {SPLICED} here: a double quote closes it and `do shell script` runs any command; " \
          f"the script runs at {f.path}:{f.pos[0]})"
    return RawFinding(f.family, loc.path, (loc.line, loc.column, loc.line, loc.column), msg, f.confidence,
                      f.tool, f.parameter, f.flow, f.detail, f.context, sink_at=(f.path, f.pos[0]))


def _command_capability(linker, f: "RawFinding", loc) -> None:
    from ..rawresults import RawCapability

    origin = f.flow[0].location.path if f.flow else loc.path
    key = (f.tool, "command-execution", origin)
    where = f"{loc.path}:{loc.line}"
    prev = linker.capabilities.get(key)
    if prev is not None:
        if where not in prev.sinks:
            prev.sinks.append(where)
        return
    linker.capabilities[key] = RawCapability(
        "command-execution", f.tool, f.parameter or "", loc.path, (loc.line, loc.column, loc.line, loc.column),
        "an AppleScript command run by osascript", False, f.flow, [where], f.context)


def renamed(f: "RawFinding", tool: Optional[str]) -> "RawFinding":
    """``f`` for ``tool`` (its message names it)."""
    if not tool or tool == f.tool:
        return f
    msg = f.message
    if msg.startswith(f"tool '{f.tool}' "):
        msg = f"tool '{tool}' " + msg[len(f"tool '{f.tool}' "):]
    return replace(f, tool=tool, message=msg)


def shown_pick(linker, f: "RawFinding") -> "RawFinding":
    """A finding of a run with a picked tool's hint (:class:`BuilderRuns`) named as the tool is
    listed (``notes_create``, picked as ``create`` from the notes category)."""
    if not f.tool or not getattr(linker, "pick_hints", None):
        return f
    shown = {}
    for names in linker.pick_hints.values():
        for name, hint in names.items():
            if name != hint:
                shown.setdefault(hint, set()).add(name)
    names = shown.get(f.tool or "")
    return renamed(f, next(iter(names))) if names and len(names) == 1 else f


def builder_tool(linker, path: str, line: int) -> Optional[str]:
    """The tool whose function (a picked builder) holds ``path``:``line``, the innermost."""
    best = None
    for t in linker.tools:
        if t.kind != "tool" or t.location.path != path or path not in linker.modules:
            continue
        fn = linker.modules[path].functions.get(t.function)
        if fn is not None and fn.pos[0] <= line <= fn.pos[2] and (best is None or fn.pos[0] > best[0]):
            best = (fn.pos[0], t.name)
    return best[1] if best else None


class BuilderRuns:
    """Mixed into :class:`~mcpaudit.analysis.ts.link.TsLinker`: once a code finding was placed at
    an AppleScript builder, each call-tool handler that picks its tools' functions from a table
    (``category.scripts[name].script(args)``, toolmaps.py) is run again once per picked tool with
    its name as the hint: only that tool's function runs at the pick, so each builder's splice is
    its own flow (run once, the builders' results merge into one flow and one finding)."""

    builder_splices = False

    def _run_handlers(self, unnamed) -> None:
        super()._run_handlers(unnamed)  # type: ignore[misc]
        if not (self.builder_splices or self._returns_splices()):
            return
        done = set()
        for path, fn, tool, kind in list(self.handlers):  # type: ignore[attr-defined]
            if kind != "call_tool" or (path, fn.qualname) in done:
                continue
            done.add((path, fn.qualname))
            hints = self.pick_hints.get((path, fn.qualname), {})  # type: ignore[attr-defined]
            for hint in dict.fromkeys(hints.values()):
                env = self.handler_env(path, fn, tool, kind)  # type: ignore[attr-defined]
                self.instantiate(path, fn, env, 0, frozenset({f"{path}:{fn.qualname}"}), hint,  # type: ignore[attr-defined]
                                 handler=tool)

    def _returns_splices(self) -> bool:
        """Whether a function of the project returns AppleScript with a value spliced raw into
        one of its literals (a builder whose flow the first run may have merged away)."""
        if "_splices" not in self.__dict__:
            self.__dict__["_splices"] = any(
                st.note.startswith(SPLICED) for mod in self.modules.values() for fn in mod.functions.values()  # type: ignore[attr-defined]
                for _pos, t in fn.returns for info in t.values() for st in info.steps)
        return self.__dict__["_splices"]


__all__ = ["COMMAND", "DROPPED", "SPLICED", "BuilderRuns", "at_the_builder", "builder_tool", "has_splice", "is_applescript",
           "open_literal", "prefer_spliced", "renamed", "shown_pick", "splice_step"]
