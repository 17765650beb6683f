"""Registration helpers exported by one module and called in another: ``registerTool(server,
name, description, inputSchema, handler)`` in ``tools/registration.ts``, which tags the
description, wraps the handler (a request context, a deprecation notice) and calls
``server.registerTool(name, {description, inputSchema}, wrapped)`` or ``server.tool(...)``, then
called once per tool from every tool module (``registerTool(server, "list-projects", "...",
{...}, async (args) => ...)``).

A module is analysed alone, so the calling module saw ``registerTool`` only as another module's
function (no tool), and the helper's own module saw one registration of its parameters, named by
nothing and handled by the arrow its handler wrapper returns. :mod:`.through` follows such
helpers within their module; here, before the modules are analysed, :func:`exported_wrappers`
reads every module that calls a registration method on a parameter inside an exported function
whose parameter it registers (the name is one of the function's parameters), and keeps, for
each such function another module imports by name, where the registration finds its server,
name, handler and the rest (URI, description, schema) among the function's parameters: a
parameter passed as is, or the one parameter a local derived from it (``taggedDescription =
description + SUFFIX``, ``wrapped = withNotice(withContext(handler, options.x))``: ``options``
is only read for a field). A helper may also take the caller's config object whole (``{
description: config.description, inputSchema: merged }``: the call's config is the caller's) and
register an inline handler that runs its callback parameter (``async (all) => handler(toolArgs,
client)``: the callback is the tool's handler, given the arguments). Each module gets these bindings (as the sink constants of
:mod:`.sharedsinks`); a call of an imported helper is then the registration it makes, read with
the caller's arguments (:func:`register_imported`), and the helper's own registration of its
parameters is dropped in its module (:func:`own_wrapped`), as :mod:`.through` does for a helper
called in its own module.
"""

from __future__ import annotations

import posixpath
import re
from typing import Dict, Iterable, List, Optional, Set, Tuple

from . import nodes as N

#: the binding value of an exported registration helper: ``kind:server:name:handler:extras``
REGWRAP = "\x00regwrap:"
#: the framework methods a helper may call (the MCP SDK's, positional)
_KINDS = {"tool": "tool", "registerTool": "tool", "resource": "resource", "registerResource": "resource",
          "prompt": "prompt", "registerPrompt": "prompt"}
#: the keys of a registration's config object read as positional extras, in this order
_CONFIG_KEYS = ("description", "inputSchema", "argsSchema", "paramsSchema")
_METHOD = re.compile(rb"\.(?:tool|registerTool|resource|registerResource|prompt|registerPrompt)\s*\(\s*[A-Za-z_$]")


def exported_wrappers(files: List[Tuple[str, bytes]]) -> Dict[str, str]:
    """``<module key>#<name>`` -> :data:`REGWRAP` spec, over ``(relpath, bytes)`` pairs: the
    exported registration helpers some other module imports by name."""
    from .sharedsinks import module_keys  # imported late: that module imports this one

    found: Dict[Tuple[str, str], str] = {}
    for rel, data in files:
        if data and b"export" in data and _METHOD.search(data):
            for name, spec in _wrappers_of(rel, data):
                found[(rel, name)] = spec
    out: Dict[str, str] = {}
    for (rel, name), spec in found.items():
        if any(r != rel and name.encode() in d and _imports(r, d, rel, name) for r, d in files):
            for key in module_keys(rel):
                out[f"{key}#{name}"] = REGWRAP + spec
    return out


_IMPORT = re.compile(rb"import\s*\{([^}]*)\}\s*from\s*['\"]([^'\"]*/[^'\"]*)['\"]")
_EXT = re.compile(r"\.[cm]?[jt]sx?$")


def _imports(importer: str, data: bytes, rel: str, name: str) -> bool:
    """Whether ``importer`` imports ``name`` by name from the module at ``rel``: a relative
    specifier resolved against the importer's folder (``./helpers.js`` beside it, not a
    ``helpers.ts`` elsewhere); any other (a path alias, ``@/lib/helpers``) by its last segment."""
    target = _EXT.sub("", rel)
    word = re.compile(rb"\b" + re.escape(name.encode()) + rb"\b")
    for m in _IMPORT.finditer(data):
        if not word.search(m.group(1)):
            continue
        spec = _EXT.sub("", m.group(2).decode(errors="replace"))
        if spec.startswith("."):
            got = posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))
            if got == target or got + "/index" == target:
                return True
        elif posixpath.basename(spec) == posixpath.basename(target):
            return True
    return False


def _wrappers_of(rel: str, data: bytes) -> Iterable[Tuple[str, str]]:
    from .parse import parse

    root = parse(data, rel).root_node
    for st in root.named_children:
        if st.type != "export_statement":
            continue
        decl = st.child_by_field_name("declaration")
        for name, fn in _exported_functions(data, decl):
            spec = _spec(data, fn)
            if spec is not None:
                yield name, spec


def _exported_functions(data: bytes, decl):
    if decl is None:
        return
    if decl.type == "function_declaration":
        name = decl.child_by_field_name("name")
        if name is not None:
            yield N.text(data, name), decl
    elif decl.type == "lexical_declaration":
        for d in decl.named_children:
            if d.type != "variable_declarator":
                continue
            name, value = d.child_by_field_name("name"), N.unwrap(d.child_by_field_name("value"))
            if name is not None and name.type == "identifier" and value is not None and value.type in N.FUNCTIONS:
                yield N.text(data, name), value


def _params(data: bytes, fn) -> List[str]:
    params = fn.child_by_field_name("parameters")
    out = []
    for p in (params.named_children if params is not None else ()):
        if p.type in ("required_parameter", "optional_parameter"):
            p = p.child_by_field_name("pattern")
        if p is not None and p.type == "assignment_pattern":
            p = p.child_by_field_name("left")
        out.append(N.text(data, p) if p is not None and p.type == "identifier" else "")
    return out


def _bare_params(data: bytes, node, params: Set[str]) -> Set[str]:
    """The parameters ``node`` uses as values (not only to read a field: ``options.flag``)."""
    out = set()
    for ident in ([node] if node.type == "identifier" else N.descendants(node, "identifier")):
        par = ident.parent
        if par is not None and par.type == "member_expression" and par.child_by_field_name("object") == ident:
            continue
        t = N.text(data, ident)
        if t in params:
            out.add(t)
    return out


def _spec(data: bytes, fn) -> Optional[str]:
    """The first registration of a parameter the function's body makes, as a spec (or None)."""
    body = fn.child_by_field_name("body")
    params = _params(data, fn)
    names = {p for p in params if p}
    if body is None or not names:
        return None
    derived: Dict[str, Set[str]] = {}
    for d in N.descendants(body, "variable_declarator"):
        name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
        if name is not None and name.type == "identifier" and value is not None:
            derived[N.text(data, name)] = _bare_params(data, value, names)

    def index(arg) -> Optional[int]:
        u = N.unwrap(arg)
        if u is not None and u.type in N.FUNCTIONS:
            return _forwarded(data, u, names, params)
        if u is None or u.type not in ("identifier", "shorthand_property_identifier"):  # { description }
            return None
        t = N.text(data, u)
        got = {t} if t in names else derived.get(t, set())
        return params.index(next(iter(got))) if len(got) == 1 else None

    for call in N.descendants(body, "call_expression"):
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "member_expression":
            continue
        recv, prop = N.unwrap(callee.child_by_field_name("object")), callee.child_by_field_name("property")
        kind = _KINDS.get(N.text(data, prop)) if prop is not None else None
        args = N.args_of(call)
        if kind is None or recv is None or recv.type != "identifier" or N.text(data, recv) not in names or len(args) < 2:
            continue
        name_at, handler_at = index(args[0]), index(args[-1])
        if name_at is None or handler_at is None:
            continue
        whole = N.text(data, prop) == "registerTool"  # tool(name, description, handler): no config
        config = _config_param(data, args[1], names, whole) if kind == "tool" and len(args) == 3 else None
        if config is not None:  # registerTool(name, {description: config.description, ...}, handler)
            return f"toolcfg:{params.index(N.text(data, recv))}:{name_at}:{handler_at}:{params.index(config)}"
        extras = []
        for a in args[1:-1]:
            u = N.unwrap(a)
            if u is not None and u.type == "object":
                props = N.object_props(data, u)
                extras += [index(props[k]) for k in _CONFIG_KEYS if k in props]
            else:
                extras.append(index(a))
        if kind == "resource" and (not extras or extras[0] is None):
            continue  # a resource's URI must come from the caller
        kept = [str(e) for e in extras if e is not None]
        return f"{kind}:{params.index(N.text(data, recv))}:{name_at}:{handler_at}:{','.join(kept)}"
    return None


def _forwarded(data: bytes, fn, names: Set[str], params: List[str]) -> Optional[int]:
    """An inline handler that runs one callback parameter of the helper (``async (all) => {
    ...; return await handler(toolArgs, client) }``): that parameter's index."""
    body = fn.child_by_field_name("body")
    called = set()
    calls = list(N.descendants(body, "call_expression")) if body is not None else []
    for call in calls + ([body] if body is not None and body.type == "call_expression" else []):  # (a) => cb(a)
        callee = N.unwrap(call.child_by_field_name("function"))
        if callee is not None and callee.type == "identifier" and N.text(data, callee) in names:
            called.add(N.text(data, callee))
    return params.index(next(iter(called))) if len(called) == 1 else None


def _config_param(data: bytes, node, names: Set[str], whole: bool) -> Optional[str]:
    """The parameter a registration's config object is made of (``{ description: config.description,
    inputSchema: merged }`` with ``merged`` built from ``config.inputSchema``), or the parameter
    itself when ``whole`` (``registerTool``'s second argument is a config; ``tool``'s is a
    description or a schema); None when its description is not the parameter's."""
    u = N.unwrap(node)
    if whole and u is not None and u.type == "identifier" and N.text(data, u) in names:
        return N.text(data, u)
    if u is None or u.type != "object":
        return None
    desc = N.unwrap(N.object_props(data, u).get("description"))
    if desc is None or desc.type != "member_expression":
        return None
    obj = N.unwrap(desc.child_by_field_name("object"))
    prop = desc.child_by_field_name("property")
    if obj is None or obj.type != "identifier" or N.text(data, obj) not in names or N.text(data, prop) != "description":
        return None
    return N.text(data, obj)


def wrapper_binding(mod, local: str, hit: str) -> bool:
    """An import bound to another module's registration helper (kept in ``mod.import_wrappers``);
    True when ``hit`` was one."""
    if not hit.startswith(REGWRAP):
        return False
    mod.import_wrappers[local] = hit[len(REGWRAP):]
    return True


def own_wrapped(mod) -> None:
    """The module's exported registration helpers other modules call: their own registration of
    their parameters stands for nothing (the calls are the registrations)."""
    extra = getattr(mod, "extra_imports", None)
    if not extra or not mod.wrappers:
        return
    from .sharedsinks import module_keys

    keys = module_keys(mod.path)
    for qual, node in mod.wrappers.items():
        if "." not in qual and any(extra.get(f"{k}#{qual}", "").startswith(REGWRAP) for k in keys):
            mod.wrapped.add(node.id)


class ImportedWrappers:
    """Mixed into :class:`~mcpaudit.analysis.ts.interp.TsFunction`."""

    def register_imported(self, node, fn, args) -> bool:
        """``registerTool(server, "x", "d", {...}, handler)`` of an imported helper: the
        registration it makes, read with this call's arguments (server left out)."""
        if not self.mod.import_wrappers or fn is None or fn.type != "identifier":
            return False
        name = N.text(self.data, fn)
        spec = self.mod.import_wrappers.get(name)
        if spec is None or (name in self.locals and name not in self.mod.imports):
            return False
        kind, server, name_at, handler_at, extras = spec.split(":")
        at = [int(name_at)] + [int(e) for e in extras.split(",") if e] + [int(handler_at)]
        if max(at) >= len(args) or int(server) >= len(args):
            return False
        method = {"tool": "tool", "toolcfg": "registerTool", "resource": "resource", "prompt": "prompt"}[kind]
        fspec = self.M.surface.registrations["mcp"][method]
        return self.registered_through(node, [args[i] for i in at], lambda site, a: self._register(
            site, "mcp", fspec, a, True))
