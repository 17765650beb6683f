"""A tool handler made once at module level by a handler factory of the module, registered inside
a function; and an object handed out by a module-level getter function.

``const get = createReadHandler("GET", handleGet)`` at the top of a module, where
``createReadHandler(name, handler)`` is a function of the same module that returns a closure
(``return async (args) => ... handler(args) ...``), and later ``function registerTools(server) {
server.registerTool("bb_get", {...}, get) }``: the handler is what the factory call makes, read as
if the call were written in the registration (the surface unwraps it like any wrapper call and
hands the function it was given the caller's arguments). A module-level value made by any other
call (a client, a configuration) is not a handler this reads.

``const exec = await getOrCreateExecutor(); exec.execute(code)``, where ``getOrCreateExecutor()``
(a function of the module) returns the executor it keeps in a module variable, typed
``Promise<PlaywrightExecutor>`` or built with ``new``: the call lands on that class's method.
"""

from __future__ import annotations

from . import nodes as N
from .factories import _CLOSURES
from .tuples import returned_literal


def module_made(fa, u, depth: int):
    """The handler under ``u`` (the surface's unwrapped registration handler): a module-level
    factory call's, unwrapped like an inline one, when ``u`` names one; else ``u``."""
    if u is None or u.type != "identifier" or depth >= 4 or fa.node is None:
        return u
    made = module_made_handler(fa, N.text(fa.data, u))
    return u if made is None else fa.unwrap_handler(made, depth + 1)


def module_made_handler(fa, name: str):
    """The call node of ``const <name> = factory(...)`` at the top of ``fa``'s module, when
    ``factory`` is a function of the module that returns a closure; else None."""
    if name in getattr(fa, "locals", ()):
        return None  # a local of the registering function: its own value
    root = fa.mod.tree.root_node
    for bound, v in N.top_bindings(fa.data, root):
        if bound == name and (v is None or v.type != "function_declaration"):  # a const/let/var's value
            return v if v is not None and v.type == "call_expression" and _factory(fa, root, v) else None
    return None


def _factory(fa, root, call) -> bool:
    fn = N.unwrap(call.child_by_field_name("function"))
    if fn is None or fn.type != "identifier":
        return False
    decl = N.top_function(fa.data, root, N.text(fa.data, fn))
    body = decl.child_by_field_name("body") if decl is not None else None
    return body is not None and any(returned_literal(body, k) is not None for k in _CLOSURES)


def made_by_function(fa, tp) -> bool:
    """Whether a value's type ``tp`` (what built it: ``getOrCreateRunner`` for ``const r = await
    getOrCreateRunner()``) is a module-level function of this module, whose call's methods the
    linker follows into the project class it returns (returntypes.factory_method): an executor
    kept in a module variable and handed out by an async getter."""
    return bool(tp) and "." not in tp and "(" not in tp and tp in fa.mod.local_names and tp not in fa.locals \
        and tp not in fa.mod.class_names


__all__ = ["made_by_function", "module_made", "module_made_handler"]
