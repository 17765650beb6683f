"""Connection URLs that carry a password (issue 14): a database or broker client built with a
URL (``createClient({ url: REDIS_URL })``, ``new Pool({ connectionString: DB })``,
``new MongoClient(uri)``) is given ``redis://:password@host`` or ``postgres://user:pw@host/db``
whenever the server needs a password, whatever the variable is named (``process.argv[2]``, a
``*_URL`` setting: no secret name). The module's names given there (identifiers and dotted
reads, at the option the ``connection-urls`` section of ``secrets.yaml`` names, or as the first
argument) are credentials where they are written to a log; what the server returns is built
from other pieces, so a tool result is not reported for them, and what a method parses out of
the URL (``url.split("@")``: the user, the host) is none either."""

from __future__ import annotations

from typing import FrozenSet, Optional

from ..taintvalue import Info, Taint
from . import nodes as N


def _named(mod, node) -> Optional[str]:
    u = N.unwrap(node)
    if u is not None and u.type in ("identifier", "member_expression", "shorthand_property_identifier"):
        return N.text(mod.data, u)
    return None


def connection_url_names(mod) -> FrozenSet[str]:
    """Names (``REDIS_URL``, ``config.databaseUrl``) the module gives a client as its connection
    URL. Memoised on the module."""
    got = getattr(mod, "_connection_urls", None)
    if got is not None:
        return got
    table = getattr(mod.M, "connection_urls", None) or {}
    out = set()
    if table:
        wanted = frozenset().union(*table.values())
        stack = [mod.tree.root_node]
        while stack:
            n = stack.pop()
            stack.extend(n.named_children)
            if n.type not in ("call_expression", "new_expression"):
                continue
            fq = mod.top.dotted(n.child_by_field_name("function") or n.child_by_field_name("constructor"))
            if fq not in wanted:
                continue
            args = N.args_of(n)
            for key, calls in table.items():
                if fq not in calls or not args:
                    continue
                first = N.unwrap(args[0])
                if key == "0":
                    name = _named(mod, first)
                elif first is not None and first.type == "object":
                    name = _named(mod, N.object_props(mod.data, first).get(key))
                else:
                    name = None
                if name:
                    out.add(name)
    got = mod._connection_urls = frozenset(out)
    return got


def _parsed(node) -> bool:
    """``url.split("@")``, ``url.replace(...)``: a method called on the URL parses it; the parts
    (the user, the host, the database name) are no credential, and the password part is
    reported through its own name."""
    p = node.parent
    return p is not None and p.type == "member_expression" and p.child_by_field_name("object") == node and \
        p.parent is not None and p.parent.type == "call_expression"


def connection_url_read(fa, name: str, node) -> Optional[Taint]:
    """The secret a read of a connection URL name holds, for logs (None when ``name`` is none)."""
    if name not in connection_url_names(fa.mod) or _parsed(node):
        return None
    return {("s", name): Info((fa.step(node, f"connection URL '{name}' read (it carries the password when the "
                                             "server needs one)"),), clean=frozenset({"return"}))}


__all__ = ["connection_url_names", "connection_url_read"]
