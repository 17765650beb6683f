"""What each MCP tool can do, and what it claims.

*Effects* are read off the sinks a handler reaches through the call graph, tainted or not: it
executes commands or code, writes or deletes files, reads files, makes network requests, runs
query text. A *claim* is what the tool declares: MCP annotations (``readOnlyHint``,
``destructiveHint``, ``openWorldHint``) and, for read-only, its name or description
("read-only", "SELECT queries only").

Two rules compare them: ``tool-read-only-bypass`` (a tool claimed read-only that executes,
writes, deletes or runs the caller's query text without a read-only mode the database enforces)
and ``tool-annotation-mismatch`` (``destructiveHint=False`` on a tool that deletes or executes,
``openWorldHint=False`` on a tool that fetches any URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from ..models import ToolInfo
from .pathnames import ROLLBACK, TYPED_WRITE
from .fixedscratch import CLEANUP

_DELETES = re.compile(r"(?i)(remove|unlink|rmtree|rmdir|delete|truncate|removedirs)")
_SETUP = re.compile(r"(?i)(mkdir|makedirs|ensuredir|mkdirp|chmod)")
#: Python's os.rmdir / os.removedirs / Path.rmdir remove only an empty folder (they fail on one
#: that holds anything): taking down a folder the author fixed loses no data, the undo of its
#: setup (Node's fs.rmdir takes a recursive option, so not there)
_EMPTY_ONLY = re.compile(r"(?i)(rmdir|removedirs)")
_READ_ONLY_WORDS = re.compile(
    r"(?i)\bread[- ]only\b|\bselect (?:queries|statements) only\b|\bonly (?:select|read)\b|\bdoes not modify\b|"
    r"\bwithout modifying\b|\bnon-destructive\b|\bno (?:writes|modifications)\b|"
    # "Execute a SELECT query" promises a SELECT; "a SELECT query or commands that ..." does not
    r"\b(?:execute|run)s? (?:a|one|single) select (?:query|statement)\b(?! or\b)")
#: "read-only" as the access a tool hands out ("grant read-only access to a field", "give the
#: role read-only permission"): the level the tool sets on something, not what the tool does
_GRANTED = re.compile(r"(?i)\b(?:grant|give|assign|revoke|set|add|remove)(?:s|ing)?\b[\w ,'-]{0,40}$")
#: a clause that states the condition of a mode the caller picks ("dry_run: If True, returns what
#: would change without modifying the file"): what holds in that mode, not what the tool promises
_IN_A_MODE = re.compile(r"(?i)^\s*(?:if|when|unless)\b")
#: "select" as the SQL verb (select, run_select_query, select_from_table), not as choosing one of
#: something (select_material_by_id, browser_select_option: the tool picks an item, which may fetch
#: and cache it)
_READ_ONLY_NAME = re.compile(r"(?i)(^|_)(readonly|read_only)(_|$)|(^|_)select(?:$|_(?:query|queries|sql|stmts?|statements?"
                             r"|only|from|rows?|records?|tables?|data)(?:_|$))")
# what a server's name or instructions promise for all its tools ("provides secure read-only
# access to ..."), unless the same text speaks of writing too (a read-only mode among others)
_SERVER_READ_ONLY = re.compile(
    r"(?i)\bread[- ]only (?:access|server|interface|queries|operations|tools)\b|\bonly (?:reads|read access)\b")
_SERVER_WRITES = re.compile(r"(?i)\b(?:write|writes|writing|modify|modifies|read[- ]write|insert|delete|update)\b")
#: what a tool's own description says it does to the pages or sites it works on, that changes
#: them (a browser agent that fills and submits forms, clicks buttons): no read-only tool does
_ACTS = re.compile(
    r"(?i)\b(?:fill(?:s|ing)?(?: in| out)?|submit(?:s|ting)?|post(?:s|ing)?)(?: the| web| html| online)? forms?\b|"
    r"\bclick(?:s|ing)?(?: on)?(?: the)? buttons?\b")
_NEGATED = re.compile(r"(?i)\b(?:not|never|without|no|cannot|can't|won't)\b[\w ,'-]{0,30}$")
#: a method or function that sets a server's own safety or read-only mode (set_safety_mode,
#: set_read_only, enable_unsafe_mode): a tool that calls it lets its caller turn the mode off
MODE_SETTER = re.compile(
    r"(?i)^(?:set|toggle|switch)_?(?:safety|safe|unsafe|read_?only|write|writes)_?(?:mode|access)?$|"
    r"^(?:enable|disable)_(?:unsafe|safe|safety|read_?only|writes?)(?:_mode)?$")
#: the words of a read-only promise that still hold beside a sibling tool that runs writes
_EXPLICIT_READ_ONLY = re.compile(r"(?i)\bread[- ]?only\b")
_EXPLICIT_READ_NAME = re.compile(r"(?i)(^|_)(readonly|read_only)(_|$)")
#: ... but not "read-only statements" beside such a sibling ("using db_query to execute SELECT /
#: SHOW ... read-only statements"): which statements go to this tool, not that it cannot write
ROUTED_UNCHECKED = 2  # read_only_claim's routed, for a tool with no check of its own (claims.py)
_STATEMENT_CLASS = re.compile(r"(?i)\s+(?:sql\s+)?(?:statements?|quer(?:y|ies)|sql|commands?)\b")


@dataclass
class Effect:
    """One thing a tool can do, with the sink that shows it."""

    kind: str  # execute | write | delete | read | request | network | query | query-text
    path: str
    line: int
    sink: str
    family: str = ""  # the sink's family, when a taint finding may stand at it


@dataclass
class ToolEffects:
    """Everything one tool (a handler, or one branch of a low-level call_tool) can do."""

    tool: str
    path: str  # the handler's module
    effects: Dict[str, Effect] = field(default_factory=dict)  # kind -> the effect that shows it
    directed: Set[str] = field(default_factory=set)  # kinds shown at a sink the tool's caller directs

    def add(self, e: Effect, directed: bool = False) -> None:
        """The first effect of a kind, or the first the tool's caller directs (a write to the
        path the caller names shows the claim broken better than a fixed bookkeeping file)."""
        if directed and e.kind not in self.directed:
            self.effects[e.kind] = e
            self.directed.add(e.kind)
        else:
            self.effects.setdefault(e.kind, e)


#: the detail of a write sink that appends to the server's own diagnostic log at a path from its
#: settings (no caller value in it): no effect a read-only claim is about
LOG_APPEND = "appends to the server's own log file"
#: ... and of one that writes or deletes a file the server names itself in a temporary folder
SCRATCH = "the server's own file in its temporary folder"
#: ... and of a delete of the file the same function was writing (ts/partialfile.py): the write's undo
PARTIAL = "removes the file this function was writing"


def effect_kinds(family: str, sink_name: str, detail: str) -> List[str]:
    """The effects a sink of ``family`` shows."""
    if detail in (LOG_APPEND, SCRATCH, ROLLBACK, TYPED_WRITE, CLEANUP, PARTIAL):
        return []
    if family in ("shell", "argument", "code"):
        return ["execute"]
    if family == "path":
        if detail == "write":
            return ["delete", "write"] if _DELETES.search(sink_name) else ["write"]
        return ["read"]
    if family == "ssrf":
        return ["request"]  # a request; "network" (any URL) comes from the capability
    if family in ("sql", "nosql"):
        # an aggregation pipeline the caller writes ($out/$merge stages write collections)
        if family == "sql" and detail.startswith("EXPLAIN ANALYZE executes"):
            return ["query", "explain-write"]  # the caller's statement runs to be timed (ts/pipelinestages.py)
        return ["query", "pipeline-write"] if family == "nosql" and "$out" in detail else ["query"]
    return []


def is_setup(sink_name: str, path: str = "") -> bool:
    """A write sink that creates a directory (or, in Python, removes an empty one) or sets a
    file's mode (setup when the path is fixed)."""
    return bool(_SETUP.search(sink_name) or (path.endswith(".py") and _EMPTY_ONLY.search(sink_name)))


def read_only_claim(tool: ToolInfo, routed: int = False) -> Optional[str]:
    """Why the tool counts as claiming to be read-only, or None.

    ``routed``: another tool of the server runs the caller's writes (a raw-query capability).
    Then "Execute a SELECT query" or a name with ``select`` tells the caller which of the two
    tools takes which statements; only the annotation or the words "read-only" (in the name or
    the description) promise that this one cannot write. :data:`ROUTED_UNCHECKED` (such a
    sibling, and no check in front of this tool's query): every claim holds as usual except
    "read-only statements" in the description, which says which statements go here (py30a)."""
    ann = {k.replace("_", "").lower(): v for k, v in (tool.annotations or {}).items()}
    if ann.get("readonlyhint") is True:
        return "annotated readOnlyHint=True"
    if ann.get("readonlyhint") is False or ann.get("destructivehint") is True:
        return None  # the tool's own annotation says it writes: no name, wording or outer function promises otherwise
    # a tool defined inside a function that says it registers the read-only tools
    outer = next((p for p in (tool.function or "").split(".")[:-1] if _EXPLICIT_READ_NAME.search(p)), None)
    if outer:
        return f"registered by {outer}()"
    if routed and routed != ROUTED_UNCHECKED:
        if _EXPLICIT_READ_NAME.search(tool.name or ""):
            return f"named '{tool.name}'"
        if _says(_EXPLICIT_READ_ONLY, claim_text(tool)):
            return "described as read-only"
        return None
    if _READ_ONLY_NAME.search(tool.name or ""):
        return f"named '{tool.name}'"
    if _says(_READ_ONLY_WORDS, claim_text(tool), _STATEMENT_CLASS if routed == ROUTED_UNCHECKED else None):
        return "described as read-only"
    return None


#: a parameter that picks which of a tool's operations a call runs (``action="list"|"delete"``)
_ACTION_PARAM = re.compile(r"(?i)^(action|actions|operation|op|verb)$")  # not command/method: a shell or HTTP tool


def claim_text(tool: ToolInfo) -> str:
    """The part of a tool's description a read-only promise is read in: all of it, except for a
    tool that dispatches on an action parameter, whose summary (first paragraph) says what the
    tool is; past it, "Read-only actions:", "diff(a, b) (read-only)" or "the original is only
    read" scope some of its actions or objects, not the tool (py32b)."""
    text = tool.description or ""
    if any(_ACTION_PARAM.match(p.name or "") for p in tool.parameters):
        return re.split(r"\n\s*\n", text.strip(), maxsplit=1)[0]
    return text


def _says(words: "re.Pattern[str]", text: Optional[str], routing: Optional["re.Pattern[str]"] = None) -> bool:
    """Whether ``text`` claims read-only with ``words``, other than as the access level it grants
    (or, with ``routing``, as the class of statements a routed tool is meant for)."""
    for m in words.finditer(text or ""):
        if routing is not None and routing.match(text, m.end()):
            continue
        before = re.split(r"[.;:\n]", text[:m.start()])[-1]
        if not _GRANTED.search(before) and not _IN_A_MODE.search(before):
            return True
    return False


def server_read_only_claim(texts) -> Optional[str]:
    """Why every tool of a server built with these names and instructions counts as claiming to
    be read-only, or None."""
    for text in texts:
        m = _SERVER_READ_ONLY.search(text or "")
        if m and not _SERVER_WRITES.search(text):
            return f"served by a server whose instructions promise {m.group(0).lower()}"
    return None


def acting_description(tool: ToolInfo) -> Optional[str]:
    """What the tool's description says it does that changes the pages it works on ("filling
    forms"), or None (also when the sentence says it does not)."""
    for m in _ACTS.finditer(tool.description or ""):
        if not _NEGATED.search(tool.description[max(0, m.start() - 40):m.start()]):
            return m.group(0).lower()
    return None


def writes_declared(tool: ToolInfo) -> bool:
    """The tool's annotations say it changes things (``readOnlyHint=False`` or
    ``destructiveHint=True``): a server-wide promise does not cover it."""
    return annotation(tool, "readOnlyHint") is False or annotation(tool, "destructiveHint") is True


def shared_dirs(a: str, b: str) -> int:
    """How many leading folders two module paths share (``pkg/a/x.py``, ``pkg/a/y.py``: 2)."""
    n = 0
    for x, y in zip(a.split("/")[:-1], b.split("/")[:-1]):
        if x != y:
            break
        n += 1
    return n + (a == b)  # the same module is nearer than any other in its folder


def nearest(path: str, candidates):
    """The candidates (``(path, item)`` pairs) whose path is nearest to ``path`` (the most
    leading folders shared): in a monorepo, the registration of the same server."""
    best = max((shared_dirs(path, p) for p, _ in candidates), default=0)
    return [c for p, c in candidates if shared_dirs(path, p) == best]


def annotation(tool: ToolInfo, key: str) -> Optional[object]:
    """A tool annotation by its MCP name, whatever its spelling (``destructiveHint``,
    ``destructive_hint``)."""
    want = key.replace("_", "").lower()
    for k, v in (tool.annotations or {}).items():
        if k.replace("_", "").lower() == want:
            return v
    return None


__all__ = ["MODE_SETTER", "Effect", "ToolEffects", "acting_description", "annotation", "effect_kinds", "nearest",
           "read_only_claim", "server_read_only_claim", "shared_dirs", "writes_declared"]
