"""A read-only mode that trusts what an operation table declares (``tool-read-only-bypass``).

Servers that wrap an HTTP API often keep a table of its operations, each with its HTTP method and
a flag saying whether it writes (``{ method: "post", path: "/v2/refunds", isWrite: false }``), and
a read-only mode that refuses an operation by that flag alone (``if (DISALLOW_WRITES &&
op.isWrite) throw ...``). Where the flag says "reads" but the method writes, the mode lets the
write through: the finding is at the record's flag, its flow through the gate that trusts it.

* an operation record: an object literal with an HTTP method (``method``, ``httpMethod``,
  ``verb``) and a boolean write flag (``isWrite``, ``mutates``, ``destructive`` ...) or read flag
  (``readOnly``, ``isReadOnly``);
* a gate: an ``if`` whose test names a read-only mode (``DISALLOW_WRITES``, ``readOnly``,
  ``allowWrites``) and the write flag of an operation (or the negated read flag), and whose branch
  throws or returns an error.

GET, HEAD and OPTIONS read. PUT, PATCH and DELETE write. POST writes unless the operation says it
reads, a common idiom for queries too long for a URL: its name starts with a reading verb (after
``batch``/``bulk``: ``search``, ``batchGet``, ``retrieveX``, ``calculatePoints``) or the last
fixed segment of its path is one (``/v2/catalog/search``, ``/batch-retrieve``, ``/token/status``).
The verbs (:data:`READ_VERBS`) are those of operations that look things up or compute an answer
(``calculate``, ``estimate``, ``preview``, ``validate``, ``test``) and change nothing they name.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from . import nodes as N

WRITE_FLAGS = frozenset({"isWrite", "write", "writes", "isWriteOperation", "mutates", "mutating", "isMutating",
                         "isMutation", "modifies", "isDestructive", "destructive"})
READ_FLAGS = frozenset({"readOnly", "isReadOnly", "readonly", "read_only", "isReadonly"})
_METHOD_KEYS = ("method", "httpMethod", "http_method", "verb")
_PATH_KEYS = ("path", "url", "endpoint", "route", "pathTemplate", "uri")
_NAME_KEYS = ("originalName", "operationId", "operation", "name")
_WRITING = frozenset({"post", "put", "patch", "delete"})
_HTTP = _WRITING | {"get", "head", "options"}
READ_VERBS = frozenset({"get", "list", "search", "find", "query", "retrieve", "read", "fetch", "lookup", "count",
                        "calculate", "compute", "estimate", "preview", "validate", "verify", "check", "describe",
                        "show", "view", "test", "status", "info"})
_LEADING = frozenset({"batch", "bulk", "multi"})
_FLAG_BYTES = re.compile(rb"\b(?:" + b"|".join(re.escape(f.encode()) for f in sorted(WRITE_FLAGS | READ_FLAGS))
                         + rb")\b")
#: a test that names a read-only mode (a setting, an environment variable, a field)
_MODE = re.compile(r"(?i)read_?only|disallow_?writes?|no_?writes?|allow_?writes?|writes?_?(?:enabled|allowed|disabled)"
                   r"|safe_?mode")
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

#: (flag, its line, HTTP method, operation name, path, line of the method)
Record = Tuple[str, int, str, str, str, int]
#: (flag, line of the if, what its test says)
Gate = Tuple[str, int, str]


def _words(text: str) -> List[str]:
    return [w.lower() for w in _WORD.findall(text)]


def reads_by_name(name: str, path: str) -> bool:
    """A POST that is a read by its operation name or its path's last fixed segment."""
    words = _words(name)
    while words and words[0] in _LEADING:
        words = words[1:]
    if words and words[0] in READ_VERBS:
        return True
    fixed = [s for s in path.split("?")[0].split("/") if s and not s.startswith((":", "{"))]
    return bool(fixed) and any(w in READ_VERBS for w in _words(fixed[-1]))


def _bool(data: bytes, node) -> Optional[bool]:
    u = N.unwrap(node)
    if u is not None and u.type in ("true", "false"):
        return u.type == "true"
    return None


def _record(data: bytes, obj) -> Optional[Record]:
    """The record's write flag when it says "reads" while its HTTP method writes."""
    props = N.object_props(data, obj)
    method_node = next((props[k] for k in _METHOD_KEYS if k in props), None)
    method = (N.string_value(data, method_node) or "").lower() if method_node is not None else ""
    if method not in _WRITING:
        return None
    flag = next(((k, v) for k, v in props.items() if k in WRITE_FLAGS | READ_FLAGS and _bool(data, v) is not None),
                None)
    if flag is None or _bool(data, flag[1]) != (flag[0] in READ_FLAGS):
        return None  # the flag says it writes: the gate refuses it
    path = next((N.string_value(data, props[k]) or "" for k in _PATH_KEYS if k in props), "")
    name = next((N.string_value(data, props[k]) or "" for k in _NAME_KEYS if k in props), "")
    key = _record_key(data, obj)
    if method == "post" and any(reads_by_name(n, path) for n in (key, name)):
        return None  # a query sent by POST (search, batch-retrieve)
    return (flag[0], flag[1].start_point[0] + 1, method.upper(), key or name, path, method_node.start_point[0] + 1)


def _record_key(data: bytes, obj) -> str:
    """The key the record is stored under (``payment: { ... }``), through ``as T`` wrappers."""
    node = obj.parent
    while node is not None and node.type in N.WRAPPERS:
        node = node.parent
    if node is not None and node.type == "pair":
        return N.prop_key(data, node.child_by_field_name("key")) or ""
    return ""


def _refuses(data: bytes, body) -> bool:
    """The branch throws or returns an error."""
    if body is None:
        return False
    stmts = body.named_children if body.type == "statement_block" else [body]
    for s in stmts:
        if s.type == "throw_statement":
            return True
        if s.type == "return_statement" and re.search(r"(?i)error", N.text(data, s)):
            return True
    return False


def _gate_flags(data: bytes, cond) -> List[str]:
    """The write flags the test refuses on (``op.isWrite``; ``!op.readOnly``); none when it also
    asks the HTTP method (``op.isWrite || op.method !== "get"``: the flag is not trusted alone)."""
    out = []
    members = N.nodes_under(cond, "member_expression")
    for m in members:
        prop = m.child_by_field_name("property")
        if prop is not None and N.text(data, prop) in _METHOD_KEYS:
            return []
    for m in members:
        prop = m.child_by_field_name("property")
        name = N.text(data, prop) if prop is not None else ""
        parent = m.parent
        while parent is not None and parent.type in N.WRAPPERS:
            parent = parent.parent
        negated = parent is not None and parent.type == "unary_expression" and N.text(data, parent).startswith("!")
        if (name in WRITE_FLAGS and not negated) or (name in READ_FLAGS and negated):
            out.append(name)
    return out


def write_flags(data: bytes, root) -> Dict[str, list]:
    """The module's operation records whose flag says "reads" while their method writes, and its
    gates that refuse operations by such a flag in a read-only mode."""
    out: Dict[str, list] = {"flag_records": [], "flag_gates": []}
    if not _FLAG_BYTES.search(data):
        return out
    todo = [root]
    while todo:
        n = todo.pop()
        if n.type == "object":
            rec = _record(data, n)
            if rec is not None:
                out["flag_records"].append(rec)
        elif n.type == "if_statement":
            cond = n.child_by_field_name("condition")
            text = N.text(data, N.unwrap(cond)) if cond is not None else ""
            if cond is not None and _MODE.search(text) and _refuses(data, n.child_by_field_name("consequence")):
                for flag in _gate_flags(data, cond):
                    out["flag_gates"].append((flag, n.start_point[0] + 1, " ".join(text.split())[:120]))
        todo.extend(n.named_children)
    return out





def flag_findings(linker) -> list:
    """One finding per operation record whose flag lets a writing method through a gate that
    trusts the flag, in a tool handler of the project: at the record's flag, its flow through the
    method and the gate."""
    from ...models import Confidence, FlowStep, Location
    from ..inter import RawFinding

    gates: Dict[str, List[Tuple[str, int, str, str]]] = {}  # flag -> (path, line, test, tool)
    for path, mod in sorted(linker.modules.items()):
        for flag, line, test in getattr(mod, "flag_gates", ()):
            tool = next((t.name for p, fn, t, kind in linker.handlers
                         if p == path and kind in ("tool", "call_tool") and fn.pos[0] <= line <= fn.pos[2]), None)
            if tool is not None:
                gates.setdefault(flag, []).append((path, line, test, tool))
    out = []
    for path, mod in sorted(linker.modules.items()):
        for flag, line, method, name, route, mline in getattr(mod, "flag_records", ()):
            for gpath, gline, test, tool in gates.get(flag, ())[:1]:
                what = f"{name} ({method} {route})" if route else f"{name} ({method})"
                said = f"{flag}: {'true' if flag in READ_FLAGS else 'false'}"
                msg = (f"tool '{tool}' lets operation {what} through its read-only mode: the gate at "
                       f"{gpath}:{gline} (if ({test})) trusts the operation's {flag} flag, and this one is "
                       f"declared {said} although its HTTP method writes")
                flow = [FlowStep(Location(path, mline), f"operation {what}: HTTP method {method}"),
                        FlowStep(Location(path, line), f"declared {said}"),
                        FlowStep(Location(gpath, gline), f"read-only gate trusts {flag}")]
                out.append(RawFinding("read-only", path, (line, 1, line, 1), msg, Confidence.HIGH, tool, None, flow))
    return out


__all__ = ["READ_FLAGS", "READ_VERBS", "WRITE_FLAGS", "flag_findings", "reads_by_name", "write_flags"]
