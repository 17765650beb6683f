"""A credentialed HTTP client built in one module and used in another (issue 14, ts58b).

    // client.ts
    export const api = axios.create({ baseURL, headers: { Authorization: `Bearer ${TOKEN}` } });
    export function createClient() { return axios.create({ headers: { Authorization: ... } }); }
    // tools.ts
    import { api, createClient } from "./client.js";
    await api.get(args.url);                 // an absolute URL overrides baseURL; the header goes along
    await createClient().get(args.url);

:mod:`.clientcreds` reads a client built in the module of the request. Here the client is an
imported module-level value or what a project function returns, so:

* the module that builds it keeps, per name (a module-level ``const``, or a function that returns
  the construction), the option of an absolute-URL client's construction that carries the
  server's credential (``TsModuleSummary.client_creds``: ``{"api": "headers"}``,
  :func:`client_credentials`);
* an imported project value is a receiver whose class the linker checks the same way as a project
  function's result (``if_origin``, returnedclients.py; :func:`imported_origin`,
  :func:`value_library`);
* a request on it with the caller's whole URL keeps ``(origin, receiver)`` in
  ``SinkRec.client_from`` (clientcreds.py ``pending_credential``), and the linker names the
  credential when the origin's module kept one (:class:`ExportedClientCreds`): a default
  ``tool-ssrf`` like the same-module case.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Dict, Optional, Tuple

from . import nodes as N

_FUNCS = ("function_declaration", "arrow_function", "function_expression", "function")


def imported_origin(fa, recv_node) -> Optional[str]:
    """``api`` imported from a project module and not rebound here: ``<module>#api``."""
    u = N.unwrap(recv_node)
    if u is None or u.type != "identifier":
        return None
    name = N.text(fa.data, u)
    target = fa.mod.imports.get(name, "")
    if "#" not in target or name in getattr(fa, "locals", ()) or name in fa.mod.types:
        return None
    return target


def client_credentials(mod) -> Dict[str, str]:
    """name -> the option that carries the server's credential, for each module-level client
    (``const api = axios.create({...})``) and module-level function returning one (keyed by
    the function's name), of the absolute-URL clients (``request-credentials:
    absolute-url-clients`` in the models)."""
    from .reqpaths import _options_credential, built_as

    fa, M = mod.top, mod.M
    absolute = getattr(M, "absolute_url_clients", frozenset())
    out: Dict[str, str] = {}
    if fa is None or not absolute:
        return out
    for name, tp in mod.types.items():
        if "." in name or tp.replace("()", "") not in absolute:
            continue
        opt = _credential_option(fa, built_as(fa, name, "_client_ctors", kinds=("call_expression", "new_expression")),
                                 M, _options_credential)
        if opt:
            out[name] = opt
    for qual, lib in mod.lib_returns.items():
        if "." in qual or lib.replace("()", "") not in absolute:
            continue
        for ctor in _returned_calls(fa, mod.tree.root_node, qual):
            # (a getter of the module's client: `return api`)
            opt = out.get(N.text(fa.data, ctor), "") if ctor.type == "identifier" else \
                _credential_option(fa, ctor, M, _options_credential)
            if opt:
                out[qual + "()"] = opt
                break
    return out


def _credential_option(fa, ctor, M, reader) -> str:
    if ctor is None:
        return ""
    args = ctor.child_by_field_name("arguments")
    first = [a for a in args.named_children if a.type != "comment"][:1] if args is not None else []
    found = reader(fa, first[0], M) if first else None
    opt = found.split("'")[1] if found and found.count("'") >= 2 else ""
    return "" if opt in ("cert", "key", "pfx", "ca") else opt


def _returned_calls(fa, root, name: str):
    """The calls (or names) the module-level function ``name`` returns (``return
    axios.create({...})``, ``return api``, an arrow's expression body)."""
    for n in root.named_children:
        decl = n.named_children[0] if n.type == "export_statement" and n.named_children else n
        fn = None
        if decl.type == "function_declaration" and N.text(fa.data, decl.child_by_field_name("name")) == name:
            fn = decl
        elif decl.type in ("lexical_declaration", "variable_declaration"):
            for d in decl.named_children:
                v = N.unwrap(d.child_by_field_name("value")) if d.type == "variable_declarator" else None
                if v is not None and v.type in _FUNCS and N.text(fa.data, d.child_by_field_name("name")) == name:
                    fn = v
        if fn is None:
            continue
        body = fn.child_by_field_name("body")
        if body is not None and body.type != "statement_block":
            u = N.unwrap(body)
            if u is not None and u.type in ("call_expression", "new_expression", "identifier"):
                yield u
            continue
        stack = [body] if body is not None else []
        while stack:
            s = stack.pop()
            if s.type in _FUNCS:
                continue
            if s.type == "return_statement" and s.named_children:
                u = N.unwrap(s.named_children[0])
                if u is not None and u.type in ("call_expression", "new_expression", "identifier"):
                    yield u
                continue
            stack.extend(s.named_children)


class ExportedClientCreds:
    """Mixed into the TS linker: a request through a client another module built with the
    server's credential (``SinkRec.client_from``) carries that credential to the caller's host."""

    def value_library(self, path: str, ref: str) -> str:
        """The library constructor (``axios.create``) that built the module-level value an
        import ``ref`` (``<module>#api``) names, or ""."""
        hit = self._exported_value(path, ref)
        return self.modules[hit[0]].types.get(hit[1], "") if hit else ""

    def _exported_value(self, path: str, ref: str, depth: int = 0) -> Optional[Tuple[str, str]]:
        """(module, local name) of the value an import ``ref`` names, re-exports followed."""
        if "#" not in ref or depth > 6:
            return None
        mpath, rest = self._module_ref(ref)
        if mpath is None or not rest or "." in rest:
            return None
        mod = self.modules[mpath]
        local = mod.exports.get(rest, rest if rest in mod.types else "")
        if "#" in local:
            return self._exported_value(mpath, local, depth + 1)
        if local in mod.types:
            return mpath, local
        return self.through_stars(mod, mpath, rest, self._exported_value, depth)

    def _client_option(self, path: str, fn, origin: str) -> str:
        hit = self._exported_value(path, origin)
        if hit is not None:
            return (getattr(self.modules[hit[0]], "client_creds", None) or {}).get(hit[1], "")
        res = self.resolve(path, fn, origin)
        if res is None or "." in res[1].qualname:
            return ""
        return (getattr(self.modules[res[0]], "client_creds", None) or {}).get(res[1].qualname + "()", "")

    def _report(self, path, fn, sink, t, env, hint, handler) -> None:
        pending = getattr(sink, "client_from", None)
        if pending and sink.family == "ssrf" and not sink.sent_secret:
            opt = self._client_option(path, fn, pending[0])
            if opt:
                sink = replace(sink, sent_secret=f"{pending[1]}.{opt}")
        super()._report(path, fn, sink, t, env, hint, handler)  # type: ignore[misc]


__all__ = ["ExportedClientCreds", "client_credentials", "imported_origin"]
