"""A DB-API method name called with nothing but a mapping spread (py30a).

``call_tool(name, arguments)`` dispatching ``tools_dict[name].execute(**arguments)`` calls a
project's tool object (``def execute(self, **kwargs)``), no database driver: a DB-API
``execute(operation, parameters)`` takes its query text positionally, and no driver is called with
only an unknown mapping spread. The query rows on any receiver (``receiver: any``) skip such a
call; a literal dict spread (``**{"sql": q}``) still names its keys.
"""

from __future__ import annotations

from ..lazycst import cst


def spread_only(call: cst.Call, node) -> bool:
    """``node`` (the argument a query row found) is the mapping of a call whose only arguments
    are ``**`` spreads, and no literal dict."""
    args = list(call.args)
    return bool(args) and all(a.star == "**" for a in args) and any(a.value is node for a in args) \
        and not isinstance(node, cst.Dict)
