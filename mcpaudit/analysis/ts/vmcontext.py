"""A node:vm context built as a sandbox around host objects (issue 14, ts56b).

    export class Sandbox {
      constructor(plugins) {
        const sandboxContext = {
          console: console,                                  // the host's console
          fs: { readFile: (p) => { this.validatePath(p); return fs.readFileSync(join(dir, p)); } },
          ...plugins,
        };
        this.context = vm.createContext(sandboxContext);
      }
      async execute(code) {
        const script = new vm.Script(`(async () => { ${code} })()`);
        return await script.runInContext(this.context);     // console.constructor.constructor("return process")()
      }
    }

node:vm is no security boundary. A tool that runs the caller's code there has that as its
purpose (``capability-code-execution``), and a tool that *says* its code runs isolated is reported
(the vm rows' ``boundary-claims``, capabilities.false_boundary). This module finds the same claim
in the code: the context the code runs in is built as a sandbox - the class, the function, the
file or the context variable is named for one (the same stems), or the context offers a
restricted stand-in (a function that checks its argument and throws: a path-checked ``fs``) -
while it holds objects of the host realm (``vm-host-objects`` in rules/models/typescript/code.yaml:
``console``, ``process``, ``require``, timers; imported modules; the server's own functions and
class instances), whose constructor chain returns the host's ``Function`` and so its ``process``.
The sink then carries ``host_claim``, the words the finding's message adds.

A context of plain data (``{ Math }``, ``{ x: 1 }``, ``{ console, cwd }`` of a runner that claims
nothing) stays what it was: the tool's capability."""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ...catalog import said
from . import nodes as N

_FUNCS = ("arrow_function", "function_expression", "function", "generator_function")
#: a call in a stand-in that checks its argument (validatePath, this.checkAccess, assertInside)
_CHECK = re.compile(r"(?i)^(validate|check|assert|ensure|verify|guard|sanitize)")
#: methods of a compiled script (or the vm module) that run it in a context given as argument 0/1
_RUNS = {"runInContext": 0, "runInNewContext": 0}


def _name(data: bytes, node, field: str = "name") -> Optional[str]:
    got = node.child_by_field_name(field) if node is not None else None
    return N.text(data, got) if got is not None else None


def _class_of(node):
    cur = node.parent
    while cur is not None and cur.type not in ("class_declaration", "class", "abstract_class_declaration"):
        cur = cur.parent
    return cur


def _field_value(data: bytes, member):
    """``this.context`` -> the value the class assigns to that field (a constructor's
    ``this.context = vm.createContext(...)``, or the field's initialiser)."""
    prop = member.child_by_field_name("property")
    cls = _class_of(member)
    if prop is None or cls is None:
        return None
    name = N.text(data, prop)
    for a in N.nodes_under(cls, "assignment_expression"):
        left = a.child_by_field_name("left")
        if left is not None and left.type == "member_expression" and N.text(data, left) == f"this.{name}":
            return a.child_by_field_name("right")
    for f in N.nodes_under(cls, "public_field_definition"):
        if _name(data, f) == name and f.child_by_field_name("value") is not None:
            return f.child_by_field_name("value")
    return None


def _context_object(fa, node, depth: int = 0) -> Tuple[Optional[object], List[str]]:
    """The object literal a context expression is built from, and the names it went through
    (variables, fields) on the way."""
    u = N.unwrap(node)
    if u is None or depth > 4:
        return None, []
    t, data = u.type, fa.data
    if t == "object":
        return u, []
    if t == "identifier":
        value = N.declared_value(data, u)
        obj, names = _context_object(fa, value, depth + 1) if value is not None else (None, [])
        return obj, [N.text(data, u), *names]
    if t == "member_expression" and (o := u.child_by_field_name("object")) is not None and o.type == "this":
        value = _field_value(data, u)
        obj, names = _context_object(fa, value, depth + 1) if value is not None else (None, [])
        prop = u.child_by_field_name("property")
        return obj, [N.text(data, prop), *names]
    if t == "call_expression":
        fn = u.child_by_field_name("function")
        args = [a for a in N.args_of(u) if a.type != "comment"]
        if fn is not None and N.text(data, fn).rsplit(".", 1)[-1] == "createContext" and args:
            return _context_object(fa, args[0], depth + 1)
    return None, []


def _context_node(fa, c):
    """The context argument of a vm sink call: its own (``runInNewContext(code, ctx)``), or, for a
    compiled script, the context a ``runInContext``/``runInNewContext`` call in the same function
    gives (``script.runInContext(this.context)``)."""
    args = [a for a in c.args if a.type != "comment"]
    name = (c.fq or "").replace("()", "").rsplit(".", 1)[-1]
    if name in ("runInNewContext", "runInContext") and len(args) > 1:
        return args[1]
    if name != "Script":
        return None
    fn = N.enclosing_function(c.node)
    for call in N.nodes_under(fn if fn is not None else c.node.parent, "call_expression"):
        callee = call.child_by_field_name("function")
        prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
        at = _RUNS.get(N.text(fa.data, prop)) if prop is not None else None
        given = [a for a in N.args_of(call) if a.type != "comment"]
        if at is not None and len(given) > at:
            return given[at]
    return None


def _checks(data: bytes, fn) -> bool:
    """A stand-in function that checks its argument: it throws, or calls a checker."""
    if N.nodes_under(fn, "throw_statement"):
        return True
    for call in N.nodes_under(fn, "call_expression"):
        callee = call.child_by_field_name("function")
        last = N.last_name(data, callee) if callee is not None else None
        if last and _CHECK.match(last):
            return True
    return False


def _host_values(fa, obj, prefix: str, out: List[str], checked: List[str], depth: int = 0) -> None:
    """The host objects an object literal holds (names for the message), and its stand-ins that
    check their argument."""
    data, hosts = fa.data, fa.M.vm_host_objects
    for p in obj.named_children:
        if p.type == "shorthand_property_identifier":
            name = N.text(data, p)
            if name in hosts or name in fa.mod.imports:
                out.append(prefix + name)
            continue
        if p.type == "method_definition":
            key = _name(data, p) or "?"
            out.append(prefix + key)
            if _checks(data, p):
                checked.append(prefix + key)
            continue
        if p.type != "pair":
            continue
        key = N.prop_key(data, p.child_by_field_name("key")) or "?"
        v = N.unwrap(p.child_by_field_name("value"))
        if v is None:
            continue
        if v.type in _FUNCS:
            out.append(prefix + key)
            if _checks(data, v):
                checked.append(prefix + key)
        elif v.type == "identifier" and (N.text(data, v) in hosts or N.text(data, v) in fa.mod.imports):
            out.append(prefix + key)
        elif v.type in ("new_expression", "this"):
            out.append(prefix + key)
        elif v.type == "object" and depth < 2:
            _host_values(fa, v, f"{prefix}{key}.", out, checked, depth + 1)


def host_claim(fa, c) -> str:
    """The words a vm sink's finding adds when its context is built as a sandbox around host
    objects (see the module docstring), else ""."""
    stems = [s for m in (fa.M.sink_calls.get((c.fq or "").replace("()", "")),) if m is not None for s in m.boundary_claims]
    if not stems or not getattr(fa.M, "vm_host_objects", None):
        return ""
    ctx = _context_node(fa, c)
    obj, names = _context_object(fa, ctx) if ctx is not None else (None, [])
    if obj is None:
        return ""
    hosts: List[str] = []
    checked: List[str] = []
    _host_values(fa, obj, "", hosts, checked)
    if not hosts:
        return ""
    cls = _class_of(c.node)
    fn = N.enclosing_function(c.node)
    texts = [*names, _name(fa.data, cls), _name(fa.data, fn), fa.mod.path.rsplit("/", 1)[-1].split(".")[0]]
    named = next((t for t in texts if t and said(stems, [t])), None)
    if named is not None:
        why = f"the code builds it as a sandbox ({named})"
    elif checked:
        why = f"the code confines it by checked stand-ins ({', '.join(checked[:3])})"
    else:
        return ""
    return (f"{why}, but this node:vm context holds host objects ({', '.join(hosts[:4])}) whose constructor "
            "chain returns the server's Function and process")


__all__ = ["host_claim"]
