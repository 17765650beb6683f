"""Clients of SDK packages whose methods answer with the service's records (the catalog's
``service-clients`` list, ``rules/models/typescript/http.yaml``): AWS SDK v3
``client.send(command)``, azure-devops-node-api ``(await conn.getBuildApi()).getArtifacts(project,
id)``. The caller's ids choose which record the service returns, not what it holds: a download
URL read from the answer is the service's choice of host.

A client is known by what built it, followed back through the objects it came from: ``builds``
of ``builds = await connection.getBuildApi()`` is typed ``connection.getBuildApi``, and
``connection`` is a parameter typed ``WebApi`` of the package.

Generated API clients (the catalog's ``api-clients``: OpenAPI Generator's ``<Tag>Api`` classes)
answer the same way: ``await filesApi.startFileUpload({ ... contentType })`` returns the
presigned URL the service chose. Such a client is known by the class that built the receiver,
else by the name the instance is held under (``server.api.imageApi``, typed through objects the
scan does not follow)."""

from __future__ import annotations

from typing import Optional

from . import nodes as N
from .receiverorigin import type_chain


def _of_package(name: str, packages) -> bool:
    return any(name == p or name.startswith(p if p.endswith("/") else (p + ".", p + "/")) for p in packages)


def service_client(ctx, fq: Optional[str], recv_node) -> bool:
    """Whether a method call's receiver is a client of a ``service-clients`` package."""
    packages = getattr(ctx.M, "service_clients", None)
    if not packages:
        return False
    if fq and _of_package(fq, packages):
        return True
    node = recv_node
    for _ in range(3):  # this.client.models: a resource of the client this.client holds (ts34)
        for t in type_chain(ctx, ctx.type_of(node) or "", 3):  # conn -> conn.getBuildApi -> WebApi.getBuildApi
            if not t:
                break
            if _of_package(t, packages):
                return True
        node = N.unwrap(node)
        if node is None or node.type != "member_expression":
            return False
        node = node.child_by_field_name("object")
    return False


def service_member(ctx, node) -> Optional[str]:
    """The type of a property of what a call of a ``service-clients`` package built:
    ``google.customsearch("v1").cse`` is ``googleapis.google.customsearch.cse``, a resource of
    the googleapis client kept in a field (``this.customSearch``), whose ``list(params)`` then
    answers with the service's records. None for any other member of a call's result."""
    packages = getattr(ctx.M, "service_clients", None)
    obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
    obj = N.unwrap(obj) if obj is not None else None
    if not packages or obj is None or prop is None or obj.type not in ("call_expression", "new_expression"):
        return None
    t = ctx.type_of(obj)
    return f"{t.replace('()', '')}.{N.text(ctx.data, prop)}" if t and _of_package(t, packages) else None


def service_field(ctx, dotted: str, tp: str) -> None:
    """``this.<field> = <a service client>`` in a method (the constructor): the class's field
    holds it, for the other methods' calls on it, when the module-level reading of the class did
    not type the field (the client came from a package required in the method: requiredmembers.py)."""
    cls = getattr(ctx, "cls", None)
    field = dotted[5:] if dotted.startswith("this.") else ""
    packages = getattr(ctx.M, "service_clients", None)
    if cls and field and "." not in field and packages and _of_package(tp, packages):
        ctx.mod.field_types.setdefault((cls, field), tp)


def api_client(ctx, recv_node) -> bool:
    """Whether a method call's receiver is an instance of a generated API client class."""
    pats = getattr(ctx.M, "api_clients", None)
    if not pats or recv_node is None:
        return False
    classes, instances = pats
    t = (ctx.type_of(recv_node) or "").replace("()", "")
    if t and classes.search(t.rsplit("#", 1)[-1].rsplit(".", 1)[-1]):
        return True
    u = N.unwrap(recv_node)
    if u is None or u.type not in ("identifier", "member_expression"):
        return False
    name = N.var_of(ctx.data, u) or ""
    return bool(name) and instances.search(name.rsplit(".", 1)[-1]) is not None
