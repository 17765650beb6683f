"""The address an HTTP server's ``listen(port, host)`` binds to, read from TypeScript/JavaScript:
a constant, or the constant a fallback gives (``config.host || "127.0.0.1"``, ``?? "localhost"``,
also through the variable declared so), which is what the server binds to unless the operator
sets another (``by default`` in the transport rule's words). A port with no host
(``app.listen(PORT)``, ``app.listen(PORT, () => ...)``) is Node's default: every interface."""

from __future__ import annotations

from typing import Optional, Tuple

from . import nodes as N


#: what Node binds to when ``listen()`` names a port and no host
ALL_INTERFACES = "::"


def listen_call_host(fn, args) -> Tuple[Optional[str], bool, Optional[str]]:
    """(address, by default, overriding env var) of a ``listen(port[, host][, cb])`` call: its
    host argument's, or every interface when it names a port (a number, or a name that is no
    constant string: a socket path is one) and no host (none, or the callback in its place)."""
    second = N.unwrap(args[1]) if len(args) >= 2 else None
    if second is not None and not N.is_function(second):
        return listen_host(fn, args[1])
    port = N.unwrap(args[0])
    if port is None or port.type in ("object", "string", "template_string") or N.is_function(port):
        return None, False, None  # listen({ port, host }), a socket path, listen(cb)
    c = fn.const_of(port)
    if c is not None and not c.isdigit():
        return None, False, None  # a constant socket path (or a named pipe)
    return ALL_INTERFACES, False, None


def listen_host(fn, node) -> Tuple[Optional[str], bool, Optional[str]]:
    """(address, by default, the environment variable that overrides the default) of a
    ``listen()`` host argument; (None, False, None) when unknown (``fn``: the function
    interpreter, for its constants)."""
    c = fn.const_of(node)
    if c:
        return c, False, None
    u = N.unwrap(node)
    if u is not None and u.type == "identifier":
        u = N.unwrap(declared_value(fn.data, u))
    if u is not None and u.type == "binary_expression":
        op = u.child_by_field_name("operator")
        if op is not None and op.type in ("||", "??"):
            d = fn.const_of(u.child_by_field_name("right"))
            if d:
                left = fn.dotted(u.child_by_field_name("left")) or ""
                env = left.rsplit(".", 1)[-1] if left.startswith("process.env.") else None
                return d, True, env
    return None, False, None


def declared_value(data: bytes, ident):
    """The value the nearest earlier declaration of an identifier in its enclosing blocks gives."""
    name = N.text(data, ident)
    node = ident.parent
    while node is not None:
        if node.type in ("statement_block", "program"):
            for st in node.named_children:
                if st.start_byte >= ident.start_byte:
                    break
                if st.type in ("lexical_declaration", "variable_declaration"):
                    for d in st.named_children:
                        n = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                        if n is not None and n.type == "identifier" and N.text(data, n) == name:
                            return d.child_by_field_name("value")
        node = node.parent
    return None
