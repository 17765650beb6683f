"""Which argument of a positional registration is the handler.

``server.tool(name, [description], [schema], [annotations], callback)``: the callback is
normally the last argument. Some servers pass one more after it (``tool(name, desc, shape, cb,
opts ? { annotations } : undefined)``); the SDK takes the function after the schema as the
callback and does not use what follows, so the handler is found by its type: the last argument
that is a function (or a wrapper given one, a bound method, a local function) when the last one
is none (:func:`callback_index`).
"""

from __future__ import annotations

from . import nodes as N

#: argument shapes that are never a handler: what follows the callback
_NOT_CALLBACKS = ("object", "ternary_expression", "undefined", "null", "array")


def callback_index(fn, args, first: int) -> int:
    """The index of the callback among ``args`` (``fn``: the interpreter; ``first``: the index
    of the name, after which it is looked for)."""
    last = len(args) - 1
    u = N.unwrap(args[last])
    if u is None or u.type not in _NOT_CALLBACKS:
        return last
    for i in range(last - 1, first, -1):
        a = N.unwrap(args[i])
        if a is None:
            continue
        if a.type in N.FUNCTIONS or (a.type == "identifier" and N.text(fn.data, a) in fn.local_fns):
            return i
        if a.type == "call_expression":
            h = fn.unwrap_handler(a)  # withTracking(env, async (args) => ...), m.bind(this)
            if h is not None and h is not a and (h.type in N.FUNCTIONS or h.type in ("identifier", "member_expression")):
                return i
    return last


def looks_like_registration(fn, args) -> bool:
    """A call shaped like ``tool(name, ..., handler)``: a name (a string or a reference) first
    and a function (or a reference to one) as its callback."""
    if len(args) < 2:
        return False
    last = N.unwrap(args[callback_index(fn, args, 0)])
    first = N.unwrap(args[0])
    return last is not None and (last.type in N.FUNCTIONS or last.type in ("identifier", "member_expression")) \
        and first is not None and (first.type in ("string", "template_string", "identifier", "member_expression"))


#: the SDK's registration method whose three-argument shape (a name, a config object, a
#: handler) a project's wrapper keeps when it forwards to ``McpServer.registerTool``
SDK_SHAPED = ("registerTool",)
_CONFIG_KEYS = ("inputSchema", "description", "annotations", "outputSchema")


def sdk_shaped(fn, method: str, args) -> bool:
    """``context.registerTool("name", { description, inputSchema }, async (args) => ...)`` on a
    receiver of no known type in a module that imports no MCP package: a registration context
    of the project (a workspace package's wrapper that forwards to ``McpServer.registerTool``),
    read as the SDK's when the call has exactly that shape: a literal name, a config object
    literal with one of the SDK's config keys, and a function."""
    if method not in SDK_SHAPED or len(args) != 3:
        return False
    name, config, handler = (N.unwrap(a) for a in args)
    if name is None or name.type != "string" or config is None or config.type != "object":
        return False
    if handler is None or handler.type not in N.FUNCTIONS:
        return False
    return any(k in N.object_props(fn.data, config) for k in _CONFIG_KEYS)
