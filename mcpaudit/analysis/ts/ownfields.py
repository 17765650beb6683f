"""A private field the constructor alone sets: the server's own setting (issue 14).

    export class Logger {
      private logFile: string;
      constructor() {
        this.logDir = userLogDir("falkordb-mcp", ...);
        this.logFile = process.env.ENABLE_FILE_LOGGING === "true" ? join(this.logDir, "server.log") : "";
      }
      private writeLog(line: string): void {
        if (this.logFile) appendFileSync(this.logFile, line);
      }
    }

A path read from a field carries the field's label until the linker resolves it, so the append
sink saw a value and could not call the file the server's own log (ts/sinks.py ``_log_file``
wants a path with no label at all). A field declared ``private``/``readonly`` (or ``#name``)
that is assigned only inside its class's ``constructor``, from values that read none of the
constructor's parameters, holds what the class itself chose when it was built: no tool reaches
it (another module cannot assign it; a parameter of the constructor could be a caller's value,
so it does not count). :func:`own_field_only` says a value's labels are only such fields.
"""

from __future__ import annotations

from typing import Dict, Optional

from . import nodes as N

_PRIVATE = ("private", "readonly")


def own_field_only(fa, t) -> bool:
    """Every label of ``t`` is a field (``("f", name)``) of :func:`constructor_field`."""
    return bool(t) and all(lbl[0] == "f" and len(lbl) == 2 and constructor_field(fa, lbl[1]) for lbl in t)


def constructor_field(fa, name: str) -> bool:
    """``name`` is a private field of a class of this module set only by its constructor, from
    values that read no constructor parameter and no field but such fields (memoised per module)."""
    mod = fa.mod
    memo: Optional[Dict[str, bool]] = getattr(mod, "_constructor_fields", None)
    if memo is None:
        memo = mod._constructor_fields = {}
    if name not in memo:
        memo[name] = False  # (a field set from itself proves nothing)
        read: set = set()
        memo[name] = _scan(mod.data, mod.tree.root_node, name.lstrip("#"), read) and \
            all(constructor_field(fa, f) for f in read)  # this.logFile = join(this.logDir, ...)
    return memo[name]


def _scan(data: bytes, root, name: str, read: set) -> bool:
    private, stores = False, 0
    stack = [root]
    while stack:
        n = stack.pop()
        t = n.type
        if t == "public_field_definition":
            prop = n.child_by_field_name("name")
            if prop is not None and N.text(data, prop).lstrip("#") == name:
                mods = {N.text(data, c) for c in n.children if c.type in ("accessibility_modifier", "readonly")}
                if prop.type == "private_property_identifier" or mods & set(_PRIVATE) or \
                        any(m.startswith("private") for m in mods):
                    private = True
                else:
                    return False
        elif t in ("assignment_expression", "augmented_assignment_expression"):
            left = n.child_by_field_name("left")
            if left is not None and left.type == "member_expression" and \
                    N.text(data, left.child_by_field_name("property")).lstrip("#") == name:
                if not _in_constructor(data, n, read):
                    return False
                stores += 1
        stack.extend(n.named_children)
    return private and stores > 0


def _in_constructor(data: bytes, node, read: set) -> bool:
    """``node`` lies in a class's ``constructor`` (not in a function nested in it) and reads none
    of its parameters; the fields it reads (``this.x``) are added to ``read``."""
    fn = node.parent
    while fn is not None and not N.is_function(fn):
        fn = fn.parent
    if fn is None or fn.type != "method_definition":
        return False
    if N.text(data, fn.child_by_field_name("name")) != "constructor":
        return False
    params = fn.child_by_field_name("parameters")
    names = set()
    stack = [params] if params is not None else []
    while stack:
        p = stack.pop()
        if p.type in ("identifier", "shorthand_property_identifier_pattern"):
            names.add(N.text(data, p))
        stack.extend(c for c in p.named_children if c.type != "type_annotation")
    right = node.child_by_field_name("right")
    stack = [right] if right is not None else []
    while stack:
        r = stack.pop()
        if r.type == "identifier" and N.text(data, r) in names:
            return False
        if r.type == "member_expression" and N.unwrap(r.child_by_field_name("object")) is not None and \
                N.unwrap(r.child_by_field_name("object")).type == "this":
            read.add(N.text(data, r.child_by_field_name("property")).lstrip("#"))
        stack.extend(r.named_children)
    return True


__all__ = ["constructor_field", "own_field_only"]
