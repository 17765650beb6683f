"""``uvicorn.Server(config)`` around a ``config = uvicorn.Config(app, ...)`` of the same file.

The config call is the serving site (it names the app, the host and the port; the cst engine
records it, and decides there whether the app is an MCP transport or another app of the project,
appstrings.py); the server object that runs it is the same listener, not a second web server. Its
line is left out of the posture's web-server evidence so that what is decided at the config holds
for the listener too.
"""

from __future__ import annotations

import ast
from typing import Set

_CONFIGS = frozenset({"uvicorn.Config"})
_SERVERS = frozenset({"uvicorn.Server"})


def config_wrappers(py) -> Set[int]:
    """Ids of the ``uvicorn.Server(name)`` calls whose ``name`` is assigned (only) from a
    ``uvicorn.Config(...)`` call of the same file."""
    configs: Set[str] = set()
    others: Set[str] = set()
    for call, name in py.calls:
        par = py.parent(call)
        if isinstance(par, ast.Assign) and len(par.targets) == 1 and isinstance(par.targets[0], ast.Name):
            (configs if name in _CONFIGS else others).add(par.targets[0].id)
    configs -= others
    return {id(call) for call, name in py.calls
            if name in _SERVERS and len(call.args) == 1 and not call.keywords
            and isinstance(call.args[0], ast.Name) and call.args[0].id in configs}
