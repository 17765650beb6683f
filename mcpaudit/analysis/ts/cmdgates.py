"""A "read-only" command allow-list of program names that ignores what the arguments make the
program do (``tool-read-only-bypass``).

A server that classifies a caller's command line as read-only when its program is on a list
(``if (READ_ONLY_ALLOWLIST.has(binary)) return { class: "read-only" }``) vouches for the name
only: ``sort -o FILE``, ``uniq INPUT OUTPUT``, ``git diff --output=FILE``, ``ip route add`` and
``git branch NAME`` carry no shell metacharacter and write. The process models say how each
program writes (``output-options``, ``option-programs``, ``writing-commands``, ``writing-uses``;
see :func:`mcpaudit.analysis.argvcommand.entry_writers`).

Read off a module's tree: a list of program names (``new Set([...])`` or an array of strings)
whose name says read or safe, or whose admitting branch says read-only; a membership test on it
whose value is the command's first word(s) (``extractBinary(cmd)``, ``cmd.split(/\\s+/)[0]``, a
variable named ``binary``, ``program``, ``twoWordPrefix``); admitting in its branch (classifying)
or refusing in the other (``if (!SAFE.has(bin)) throw``). A program with argument rules of its own
in the module (a key of an object of patterns or lists: ``{ find: /^-(exec|delete)$/ }``) is
guarded and left out, and so is a list tested against the whole command line (an exact match).
A tool that claims read-only and takes a command is reported at the test (linked below).
"""

from __future__ import annotations

import re
from typing import Dict, List, Tuple

from ...catalog import catalog
from ..argvcommand import entry_writers
from . import nodes as N

_ENTRY = re.compile(r"^[a-z0-9][a-z0-9._+-]*(?: [a-z0-9][a-z0-9._-]*)?$")
_LIST_NAME = re.compile(r"(?i)read|safe")
_READ_WORDS = re.compile(r"(?i)read[-_ ]?only")
_FIRST_WORD_NAME = re.compile(r"(?i)^(?:bin|binary|program|prog|exe|executable|head|first_?word|base_?(?:cmd|command)"
                              r"|cmd_?name|command_?name|two_?word\w*|\w*prefix)$")
_FIRST_WORD_VALUE = re.compile(r"(?i)\.split\s*\(|\[0\]|\b\w*(?:binary|program|executable|first_?word|command_?name)\w*\s*\(")
_COMMAND_PARAM = re.compile(r"(?i)^(?:command|cmd|command_?line|cmdline|shell_?command|script)$")
_PREFILTER = re.compile(rb"\.(?:has|includes)\(")

#: (line of the test, list name, line of the list, ((entry, its line, how it writes), ...))
Gate = Tuple[int, str, int, Tuple[Tuple[str, int, Tuple[str, ...]], ...]]


def _string_list(data: bytes, value):
    """The (string, line) elements of ``new Set([...])`` or ``[...]``; None for anything else."""
    u = N.unwrap(value)
    if u is not None and u.type == "new_expression":
        ctor = u.child_by_field_name("constructor")
        args = N.args_of(u)
        if ctor is None or N.text(data, ctor) != "Set" or not args:
            return None
        u = N.unwrap(args[0])
    if u is None or u.type != "array":
        return None
    out = []
    for c in u.named_children:
        if c.type == "comment":
            continue
        s = N.string_value(data, c)
        if s is None or not _ENTRY.match(s):
            return None
        out.append((s, c.start_point[0] + 1))
    return out if len(out) >= 2 else None


def _ruled(data: bytes, obj) -> List[str]:
    """The keys of an object whose values are argument rules (patterns, lists, functions)."""
    return [k for k, v in N.object_props(data, obj).items()
            if N.unwrap(v) is not None and N.unwrap(v).type in ("regex", "array", "arrow_function", "object")]


def _first_word(data: bytes, arg, values: Dict[str, str]) -> bool:
    """The membership test's value is a command's first word(s), not the whole line."""
    u = N.unwrap(arg)
    if u is None:
        return False
    if u.type == "identifier":
        name = N.text(data, u)
        return bool(_FIRST_WORD_NAME.match(name) or _FIRST_WORD_VALUE.search(values.get(name, "")))
    return bool(_FIRST_WORD_VALUE.search(N.text(data, u)))


def _tests(data: bytes, cond, lists) -> List[Tuple[str, object, bool]]:
    """(list name, tested value, negated) of each ``L.has(v)`` / ``L.includes(v)`` in a test."""
    out = []
    for call in N.nodes_under(cond, "call_expression"):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            continue
        obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
        name = N.text(data, obj) if obj is not None else ""
        args = N.args_of(call)
        if prop is None or N.text(data, prop) not in ("has", "includes") or name not in lists or len(args) != 1:
            continue
        parent = call.parent
        while parent is not None and parent.type in N.WRAPPERS:
            parent = parent.parent
        negated = parent is not None and parent.type == "unary_expression" and N.text(data, parent).startswith("!")
        out.append((name, args[0], negated))
    return out


def _refuses(data: bytes, body) -> bool:
    text = N.text(data, body) if body is not None else ""
    return bool(re.search(r"\bthrow\b|\breturn\b[^;]*(?:error|Error|false|denied|refuse)", text))


def command_gates(data: bytes, root) -> List[Gate]:
    """The module's tests that classify a command as read-only by its program name alone,
    with the entries they admit that write (per the process models)."""
    if not _PREFILTER.search(data) or not _LIST_NAME.search(data.decode("utf-8", "replace")):
        return []
    lists: Dict[str, Tuple[int, list]] = {}
    values: Dict[str, str] = {}
    ruled: set = set()
    ifs = []
    todo = [root]
    while todo:
        n = todo.pop()
        if n.type == "variable_declarator":
            name_node, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if name_node is not None and name_node.type == "identifier" and value is not None:
                name = N.text(data, name_node)
                values.setdefault(name, N.text(data, value))
                entries = _string_list(data, value)
                if entries:
                    lists.setdefault(name, (n.start_point[0] + 1, entries))
        elif n.type == "object":
            ruled.update(_ruled(data, n))
        elif n.type == "if_statement":
            ifs.append(n)
        todo.extend(n.named_children)
    if not lists:
        return []
    M = catalog().python
    out: List[Gate] = []
    for node in sorted(ifs, key=lambda n: n.start_byte):
        cond, cons = node.child_by_field_name("condition"), node.child_by_field_name("consequence")
        for name, arg, negated in _tests(data, cond, lists) if cond is not None else ():
            says = _READ_WORDS.search(N.text(data, cons)) if cons is not None and not negated else None
            admits = _refuses(data, cons) if negated else cons is not None and not _refuses(data, cons)
            if not admits or not (_LIST_NAME.search(name) or says) or not _first_word(data, arg, values):
                continue
            line, entries = lists[name]
            writers = tuple((e, ln, tuple(entry_writers(e, M))) for e, ln in entries if e.split()[0] not in ruled)
            writers = tuple(w for w in writers if w[2])
            if writers:
                out.append((node.start_point[0] + 1, name, line, writers))
            break
    return out


def gate_findings(linker) -> list:
    """A tool that claims read-only and takes a command line, in a project that classifies
    commands read-only by program name alone: reported at the test, its flow from the tool's
    parameter through the list's writing entries."""
    from ...models import Confidence, FlowStep, Location
    from ..effects import read_only_claim
    from ..inter import RawFinding

    gates = [(path, g) for path, mod in sorted(linker.modules.items()) for g in getattr(mod, "command_gates", ())]
    if not gates:
        return []
    out = []
    for path, fn, tool, kind in linker.handlers:
        claim = read_only_claim(tool) if kind == "tool" else None
        param = next((p.name for p in tool.parameters if _COMMAND_PARAM.match(p.name)), None) if claim else None
        if param is None:
            continue
        gpath, (line, name, lline, writers) = gates[0]
        shown = [w for _e, _ln, ws in writers for w in ws[:1]]
        listed = ", ".join(f"'{w}'" for w in shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")
        msg = (f"tool '{tool.name}' is {claim} and takes a command line, but the project classifies commands "
               f"read-only by program name alone ({name}, tested at {gpath}:{line}), and programs it lists "
               f"write through their arguments: {listed}")
        flow = [FlowStep(Location(path, fn.pos[0], fn.pos[1]),
                         f"parameter '{param}' of MCP tool '{tool.name}' (caller-controlled)")]
        flow += [FlowStep(Location(gpath, ln), f"{name} admits '{e}' ({ws[0]} writes)") for e, ln, ws in writers[:3]]
        flow.append(FlowStep(Location(gpath, line), f"read-only by program name: {name}"))
        out.append(RawFinding("read-only", gpath, (line, 1, line, 1), msg, Confidence.HIGH, tool.name, param, flow))
    return out


__all__ = ["command_gates", "gate_findings"]
