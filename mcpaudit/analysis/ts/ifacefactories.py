"""Factories that build an interface's object out of closures (issue 14).

    export interface KibanaClient { get(url: string): Promise<unknown>; }
    function createKibanaClient(cfg: Config): KibanaClient {
      const http = axios.create({ baseURL: cfg.url });
      return { get: async (url) => (await http.get(url)).data };
    }
    registerTools(server, createKibanaClient(cfg));
    // another module:
    export function registerTools(server: McpServer, client: KibanaClient) {
      server.tool("run_api", ..., async ({ path }) => client.get(path));
    }

The tool's call is recorded on the interface (``<module>#KibanaClient.get``), which no class
implements: the object is an object literal a module-level function returns, declared with the
interface as its return type. Such a function is an implementor of the interface, as a class
written ``implements KibanaClient`` is: the returned object's properties (kept as the table
``createKibanaClient()``, their closures as the functions ``createKibanaClient().get``) are its
methods, and the linker's interface fallback (``TsLinker.resolve_all``) lands the call on them.

A class of the module itself is not read (its methods are followed through ``types["f()"]``,
returntypes.py); an imported name may be an interface or a class (``types["f()"]`` keeps it
either way), and only a function whose returned object literal the module keeps as its table
(``factories.returned_table``, which calls this) is read.
"""

from __future__ import annotations

from . import nodes as N


def record_interface_factory(mod, qual: str, node) -> None:
    """``function f(...): I { return { m: (...) => ... } }`` at module level: ``f()`` implements
    ``I`` (kept in ``mod.implements`` beside the classes that name it)."""
    if "." in qual or "#" in qual or qual == "<module>" or f"{qual}()" not in mod.tables:
        return
    rt = node.child_by_field_name("return_type") if node is not None else None
    name = N.type_name(mod.data, rt) if rt is not None else None
    if not name:
        return
    ref = mod.top.resolve_type(name) or name
    if ref in mod.class_names:
        return  # a class of this module: its own methods are the call's (returntypes.py)
    mod.implements.setdefault(f"{qual}()", []).append(ref)


__all__ = ["record_interface_factory"]
