"""A server object imported from a module of the project (issue 14).

    // src/server.ts
    export const server = new FastMCP({ name: "aws", version: "1.0.0" });
    // src/tools/ami/index.ts (no import of fastmcp)
    import { server } from "@/server";
    export const registerAmiTools = () => { server.addTool({ name, parameters, execute }); };

A module is analysed alone, so ``server``'s type is unknown where the tool is added, and the
module does not import an MCP package: an object-style registration (``addTool({...})``) on a
receiver merely *named* like a server is not trusted there. A receiver imported from a project
module (a relative import or a path alias) is kept as a registration of the framework whose
method it calls, with the import noted (:func:`imported_receiver`, :func:`marked`); the linker
accepts it only when the imported name is a module-level instance of that framework's server
class in the module it comes from (:func:`served`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Optional

from ...catalog import catalog
from . import nodes as N

if TYPE_CHECKING:  # pragma: no cover
    from .link import TsLinker
    from .records import TsRegistration

#: the registration's note: the import its receiver names ("<module key>#<name>")
RECEIVER = "receiver"


def imported_receiver(interp, recv_node) -> Optional[str]:
    """``server`` in ``server.addTool(...)`` imported (not rebound) from a project module: the
    import's reference, else None."""
    r = N.unwrap(recv_node)
    if r is None or r.type != "identifier":
        return None
    name = N.text(interp.data, r)
    ref = interp.mod.imports.get(name) if name not in interp.locals else None
    return ref if ref and "#" in ref and not ref.endswith("#") else None


def marked(interp, imported: Optional[str], register: Callable[[], bool]) -> bool:
    """Run ``register`` and note ``imported`` on the registrations it made."""
    start = len(interp.mod.registrations)
    got = register()
    for reg in interp.mod.registrations[start:] if imported else ():
        reg.loop_props[RECEIVER] = imported
    return got


def served(linker: "TsLinker", reg: "TsRegistration") -> bool:
    """A registration through an imported receiver names a server of its framework: the module
    the import names binds the name to ``new <server class>(...)``. Others: True."""
    ref = reg.loop_props.get(RECEIVER)
    if not ref:
        return True
    mpath, name = linker._module_ref(ref)
    for _ in range(4):
        mod = linker.modules.get(mpath) if mpath else None
        if mod is None:
            return False
        local = mod.exports.get(name, name)
        if "#" not in local:
            tp = (mod.types.get(local) or "").replace("()", "")
            return catalog().typescript.surface.server_kind(tp) == reg.framework
        mpath, name = linker._module_ref(local)  # export { server } from "./mcp"
    return False


__all__ = ["RECEIVER", "imported_receiver", "marked", "served"]
