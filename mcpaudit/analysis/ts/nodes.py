"""Small questions about tree-sitter TypeScript/JavaScript nodes: the constant value of a string,
the expression under type assertions and parentheses, the variable a check is about. No taint
here, and no library knowledge."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

#: Expression wrappers that do not change the value (types, parentheses, `x!`).
WRAPPERS = frozenset({"parenthesized_expression", "as_expression", "satisfies_expression", "await_expression",
                      "non_null_expression", "type_assertion"})
FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "generator_function",
                       "function_declaration", "generator_function_declaration", "method_definition"})
LITERALS = frozenset({"number", "true", "false", "null", "undefined", "regex"})
STRINGS = frozenset({"string", "template_string"})

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}
_ESC_RE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def sub(m):
        e = m.group(1)
        if e[0] == "u":
            try:
                return chr(int(e[2:-1] if e[1] == "{" else e[1:], 16))
            except ValueError:
                return e
        if e[0] == "x" and len(e) == 3:
            return chr(int(e[1:], 16))
        return _ESCAPES.get(e, e)

    return _ESC_RE.sub(sub, text)


def unwrap(node):
    """``node`` without parentheses, ``as T``, ``satisfies T``, ``x!`` and ``<T>x``."""
    while node is not None and node.type in WRAPPERS:
        inner = None
        for c in node.named_children:
            if c.type != "comment" and not c.type.endswith("type") and c.type not in ("type_arguments",):
                inner = c
                break
        if inner is None or inner is node:
            break
        node = inner
    return node


def unbound(data: bytes, node):
    """The function a ``fn.bind(obj, ...)`` call binds (``node`` itself otherwise): a method
    bound to its object is that method."""
    if node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        if prop is not None and text(data, prop) == "bind":
            return unwrap(fn.child_by_field_name("object"))
    return node


def promise_all_items(data: bytes, node) -> Optional[list]:
    """The elements (holes as None) of the array literal given to ``(await) Promise.all([...])``,
    or None when ``node`` is no such call."""
    u = unwrap(node)
    fn = u.child_by_field_name("function") if u is not None and u.type == "call_expression" else None
    if fn is None or text(data, fn) != "Promise.all":
        return None
    args = args_of(u)
    arr = unwrap(args[0]) if args else None
    if arr is None or arr.type != "array":
        return None
    items: list = [None]
    for c in arr.children:
        if c.type == ",":
            items.append(None)
        elif c.is_named and c.type != "comment":
            items[-1] = c
    return items


def awaited_call(node):
    """The call expression ``node`` is, awaited or not (None when it is no call)."""
    u = unwrap(node)
    if u is not None and u.type == "await_expression" and u.named_children:
        u = unwrap(u.named_children[0])
    return u if u is not None and u.type == "call_expression" else None


def string_value(data: bytes, node) -> Optional[str]:
    """The value of a string literal, or of a template literal without substitutions."""
    if node is None:
        return None
    t = node.type
    if t == "string":
        raw = data[node.start_byte + 1:node.end_byte - 1].decode("utf-8", "replace")
        return _unescape(raw)
    if t == "template_string":
        for c in node.named_children:
            if c.type == "template_substitution":
                return None
        raw = data[node.start_byte + 1:node.end_byte - 1].decode("utf-8", "replace")
        return _unescape(raw)
    if t in WRAPPERS:
        inner = unwrap(node)
        return string_value(data, inner) if inner is not node else None
    return None


def template_prefix(data: bytes, node) -> str:
    """The constant text a template literal starts with (up to its first substitution)."""
    out = []
    for c in node.children:
        if c.type == "template_substitution":
            break
        if c.type in ("string_fragment", "escape_sequence"):
            out.append(_unescape(data[c.start_byte:c.end_byte].decode("utf-8", "replace")))
    return "".join(out)


def fold_concat(data: bytes, fields, node, part) -> Optional[str]:
    """The text of ``a + b`` or of a template literal whose parts ``part(child)`` can all name
    (``part`` says what a part may be: a constant, one of the author's values); None otherwise."""
    if node.type == "binary_expression":
        op = node.child_by_field_id(fields.operator)
        if op is None or op.type != "+":
            return None
        a = part(node.child_by_field_id(fields.left))
        b = part(node.child_by_field_id(fields.right)) if a is not None else None
        return a + b if b is not None else None
    if node.type != "template_string":
        return None
    out = []
    for ch in node.named_children:
        if ch.type == "template_substitution":
            inner = [x for x in ch.named_children if x.type != "comment"]
            v = part(inner[0]) if inner else None
            if v is None:
                return None
            out.append(v)
        elif ch.type in ("string_fragment", "escape_sequence"):
            out.append(_unescape(text(data, ch)))
    return "".join(out)


#: what fold_gaps puts for a part it cannot read
GAP = "…"


def fold_gaps(data: bytes, fields, node, part) -> Optional[str]:
    """fold_concat, with GAP for each part ``part`` cannot name (a description's words around a
    constant imported from elsewhere)."""
    def known(child) -> str:
        v = part(child)
        return GAP if v is None else v
    return fold_concat(data, fields, node, known)


def text(data: bytes, node) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8", "replace")


#: member_parts results of the module being analysed, by node id (cleared per module: ids are
#: only unique while a tree lives)
PARTS: Dict[int, Optional[List[str]]] = {}


def member_parts(data: bytes, node) -> Optional[List[str]]:
    """``a.b.c`` (``this.x``, ``a?.b``, ``a["b"]``) as ``["a", "b", "c"]``; None for anything
    else (a call, a computed key)."""
    key = node.id
    hit = PARTS.get(key, False)
    if hit is not False:
        return hit
    out = _member_parts(data, node)
    PARTS[key] = out
    return out


def _member_parts(data: bytes, node) -> Optional[List[str]]:
    t = node.type
    if t == "member_expression":
        prop = node.child_by_field_name("property")
        obj = node.child_by_field_name("object")
        if prop is None or obj is None:
            return None
        base = member_parts(data, obj)
        return None if base is None else base + [data[prop.start_byte:prop.end_byte].decode("utf-8", "replace")]
    if t == "subscript_expression":
        idx = node.child_by_field_name("index")
        obj = node.child_by_field_name("object")
        key = string_value(data, idx) if idx is not None else None
        if key is None or obj is None:
            return None
        base = member_parts(data, obj)
        return None if base is None else base + [key]
    if t in ("identifier", "this", "super", "property_identifier", "shorthand_property_identifier"):
        return [data[node.start_byte:node.end_byte].decode("utf-8", "replace")]
    if t in WRAPPERS:
        inner = unwrap(node)
        if inner is None or inner is node:
            return None
        return member_parts(data, inner)
    return None


def var_of(data: bytes, node) -> Optional[str]:
    """The variable (``x``, ``this.x``, ``o.f``) an expression reads, through string methods
    that keep it recognisable (``x.trim().toLowerCase()``)."""
    node = unwrap(node)
    if node is None:
        return None
    t = node.type
    if t == "identifier":
        return text(data, node)
    if t in ("member_expression", "subscript_expression"):
        parts = member_parts(data, node)
        return ".".join(parts) if parts else None
    if t == "await_expression":
        inner = node.named_children
        return var_of(data, inner[0]) if inner else None
    if t == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is not None and fn.type == "member_expression":
            prop = fn.child_by_field_name("property")
            if prop is not None and text(data, prop) in _KEEPING:
                return var_of(data, fn.child_by_field_name("object"))
    return None


#: methods that keep a value recognisable for a check on it (``q.trim().toUpperCase()``)
_KEEPING = frozenset({"trim", "trimStart", "trimEnd", "toLowerCase", "toUpperCase", "toLocaleLowerCase",
                      "toLocaleUpperCase", "normalize", "toString", "valueOf"})


def nodes_under(node, kind: str) -> list:
    """Every node of type ``kind`` under ``node`` (itself included)."""
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        if n.type == kind:
            out.append(n)
        todo.extend(n.named_children)
    return out


def args_of(node) -> list:
    """The argument expressions of a call or ``new`` (spread elements included)."""
    a = node.child_by_field_name("arguments")
    if a is None or a.type != "arguments":
        return []
    return [c for c in a.named_children if c.type != "comment"]


def is_function(node) -> bool:
    return node is not None and node.type in FUNCTIONS


def enclosing_function(node):
    """The innermost function (of any kind) around ``node``, or None."""
    p = node.parent
    while p is not None and not is_function(p):
        p = p.parent
    return p


def is_literal(node) -> bool:
    node = unwrap(node)
    if node is None:
        return True
    t = node.type
    if t in LITERALS or t == "string":
        return True
    if t == "template_string":
        return not any(c.type == "template_substitution" for c in node.named_children)
    if t == "array":
        return all(is_literal(c) for c in node.named_children)
    if t == "unary_expression":
        arg = node.child_by_field_name("argument")
        return is_literal(arg)
    return False


def object_props(data: bytes, node) -> Dict[str, object]:
    """The properties of an object literal: key -> value node (shorthand ``{a}`` gives the
    identifier node; methods give the method node); spreads and computed keys are left out."""
    out: Dict[str, object] = {}
    for c in node.named_children:
        t = c.type
        if t == "pair":
            k = c.child_by_field_name("key")
            v = c.child_by_field_name("value")
            key = prop_key(data, k)
            if key is not None and v is not None:
                out[key] = v
        elif t == "shorthand_property_identifier":
            out[text(data, c)] = c
        elif t == "method_definition":
            k = c.child_by_field_name("name")
            key = prop_key(data, k)
            if key is not None:
                out[key] = c
    return out


def prop_key(data: bytes, k) -> Optional[str]:
    if k is None:
        return None
    if k.type in ("property_identifier", "identifier", "private_property_identifier"):
        return text(data, k)
    if k.type == "string":
        return string_value(data, k)
    if k.type == "number":
        return text(data, k)
    if k.type == "computed_property_name":
        inner = k.named_children
        return string_value(data, inner[0]) if inner else None
    return None


def pattern_property(data: bytes, c):
    """A property of an object destructuring pattern as ``(key, target, default)``: ``{a}``,
    ``{a = d}``, ``{k: t}``, ``{k: t = d}`` (``default`` None when there is none); None for
    anything else (a rest element is the caller's) or a key or target that cannot be read."""
    key, target, default = None, None, None
    if c.type == "shorthand_property_identifier_pattern":
        key, target = text(data, c), c
    elif c.type == "object_assignment_pattern":
        target, default = c.child_by_field_name("left"), c.child_by_field_name("right")
        key = text(data, target) if target is not None else None
    elif c.type == "pair_pattern":
        key = prop_key(data, c.child_by_field_name("key"))
        target = c.child_by_field_name("value")
        if target is not None and target.type == "assignment_pattern":
            default = target.child_by_field_name("right")
            target = target.child_by_field_name("left")
    if key is None or target is None:
        return None
    return key, target, default


def type_name(data: bytes, ann) -> Optional[str]:
    """The first named type of a type annotation (``: sqlite3.Database | null`` ->
    ``sqlite3.Database``; ``: Promise<Pool>`` -> ``Pool``)."""
    if ann is None:
        return None
    stack = [ann]
    while stack:
        n = stack.pop(0)
        t = n.type
        if t == "type_identifier":
            name = text(data, n)
            if name in ("Promise", "Array", "ReadonlyArray", "Partial", "Readonly", "Required", "Awaited"):
                args = [c for c in n.parent.named_children if c.type == "type_arguments"] if n.parent is not None else []
                if args:
                    stack = list(args[0].named_children) + stack
                    continue
            return name
        if t == "nested_type_identifier":
            return text(data, n)
        if t in ("literal_type", "predefined_type"):
            continue
        stack = list(n.named_children) + stack
    return None


def alias_type(data: bytes, decl) -> Tuple[Optional[str], Optional[str]]:
    """(name, the named type it stands for) of ``type E = Page | Frame | WebWorker`` (the first
    member named, as :func:`type_name` reads a union written in place) or ``type Db = pg.Pool``;
    an object, function or literal type names none."""
    name = decl.child_by_field_name("name")
    node = decl.child_by_field_name("value")
    while node is not None and node.type == "union_type":
        node = next((c for c in node.named_children if c.type not in ("literal_type", "predefined_type")), None)
    if name is None or node is None or node.type not in ("type_identifier", "nested_type_identifier"):
        return (text(data, name) if name is not None else None), None
    return text(data, name), text(data, node)


def chain_root(call):
    """The innermost call of a method chain (``z.string().min(1)`` -> ``z.string()``)."""
    node = call
    while node is not None and node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is None or fn.type != "member_expression":
            return node
        obj = unwrap(fn.child_by_field_name("object"))
        if obj is None or obj.type != "call_expression":
            return node
        node = obj
    return node


def descendants(node, kind: str):
    """The nodes of type ``kind`` under ``node``, not looking inside nested functions."""
    stack = list(node.named_children)
    while stack:
        n = stack.pop()
        if n.type == kind:
            yield n
        if not is_function(n):
            stack.extend(n.named_children)


def dotted_prop(data: bytes, node, dotted: str):
    """The value node of the (dotted) property ``dotted`` of an object literal, or None."""
    for key in dotted.split("."):
        u = unwrap(node)
        if u is None or u.type != "object":
            return None
        node = object_props(data, u).get(key)
        if node is None:
            return None
    return node


def has_prop(data: bytes, node, dotted: str) -> bool:
    """Whether an object literal sets the (dotted) property ``dotted``."""
    return dotted_prop(data, node, dotted) is not None


def last_name(data: bytes, node) -> Optional[str]:
    """The last identifier of a receiver (``this.db`` -> ``db``, ``getPool()`` -> ``getPool``)."""
    while node is not None:
        t = node.type
        if t in ("identifier", "property_identifier", "private_property_identifier"):
            return text(data, node).lstrip("#")
        if t == "member_expression":
            node = node.child_by_field_name("property")
        elif t == "call_expression":
            node = node.child_by_field_name("function")
        elif t in WRAPPERS or t == "await_expression":
            inner = node.named_children
            node = inner[0] if inner else None
        else:
            return None
    return None


def top_bindings(data: bytes, root):
    """(name, value) of each module-level binding of the program ``root``, in source order: a
    function declaration (exported or not) is its own value; a ``const``/``let``/``var``
    declarator's value is unwrapped of parentheses and type assertions (None without one)."""
    for st in root.named_children:
        if st.type == "export_statement":
            st = st.child_by_field_name("declaration") or st
        if st.type == "function_declaration":
            n = st.child_by_field_name("name")
            if n is not None:
                yield text(data, n), st
        elif st.type in ("lexical_declaration", "variable_declaration"):
            for d in st.named_children:
                n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if n is not None:
                    yield text(data, n), unwrap(d.child_by_field_name("value"))


def top_function(data: bytes, root, name: str):
    """The module-level function ``name`` of the program ``root``: a function declaration (exported
    or not), or the arrow/function value of a top-level ``const``/``let``/``var`` (unwrapped of
    parentheses and type assertions). None when the module declares no such function."""
    return next((v for bound, v in top_bindings(data, root) if bound == name and v is not None and v.type in FUNCTIONS),
                None)


def first_param_pattern(fn):
    """The first parameter of a function or arrow (``(x, ...) =>``, ``x =>``) as its binding pattern
    (an identifier, an array or object pattern), or None."""
    params = fn.child_by_field_name("parameters")
    first = [c for c in params.named_children if c.type != "comment"][:1] if params is not None else [
        fn.child_by_field_name("parameter")]
    p = first[0] if first and first[0] is not None else None
    if p is not None and p.type in ("required_parameter", "optional_parameter"):
        p = p.child_by_field_name("pattern")
    return p


_DECLS = ("lexical_declaration", "variable_declaration")
_SCOPES = ("statement_block", "program", "class_body")


def declared_value(data: bytes, ident):
    """The initial value of the variable ``ident`` names, declared in an enclosing block or at
    the top of the module (one binding; a later assignment is not followed)."""
    name = text(data, ident)
    cur = ident.parent
    while cur is not None:
        if cur.type in _SCOPES:
            for st in cur.named_children:
                if st.type == "export_statement":
                    st = st.child_by_field_name("declaration") or st
                if st.type not in _DECLS:
                    continue
                for d in st.named_children:
                    nm = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                    if nm is not None and text(data, nm) == name:
                        return d.child_by_field_name("value")
        cur = cur.parent
    return None
