"""The mcp SDK's own HTTP transports built with no security settings: ``SseServerTransport(
"/messages/")``, ``StreamableHTTPSessionManager(app=server)``. Each hands its settings to
``TransportSecurityMiddleware``, which falls back to ``TransportSecuritySettings(
enable_dns_rebinding_protection=False)`` (mcp/server/transport_security.py): such a transport
checks neither Host nor Origin, whatever FastMCP would do for a server it builds itself. Each is
recorded as a ``rebinding-bare`` HTTP entry (the catalog's ``rebinding.bare-transports``).
"""

from __future__ import annotations

from ..lazycst import cst

from .cstnodes import module_calls


def note_bare_transports(mod) -> None:
    """Append a ``rebinding-bare`` record for each such transport the module builds."""
    bare = mod.M.surface.rebinding.get("bare-transports")
    if not bare or not any(c in mod.text for c in bare["classes"]):
        return
    for call in module_calls(mod):
        name = (mod.dotted(call.func) or "").split(".")[-1]
        if name not in bare["classes"]:
            continue
        given = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        setting = given.get(bare["settings-keyword"])
        if setting is not None and not (isinstance(setting, cst.Name) and setting.value == "None"):
            continue
        mod.http.append({"kind": "rebinding-bare", "transport": None, "pos": mod.pos(call), "host": None,
                         "detail": f"{name}() with no {bare['settings-keyword']}="})
