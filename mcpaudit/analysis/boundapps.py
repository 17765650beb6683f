"""Middleware added to an MCP server's app method instead of the app it builds (py53a, issue 12).

The SDK's ``FastMCP.sse_app()``/``streamable_http_app()`` and fastmcp's ``http_app()`` are
methods that build a Starlette app (the catalog's ``app-methods``). Code written for an older
API reads the attribute without calling it::

    app = self.mcp.http_app                 # the bound method, not an app
    if not hasattr(app, "add_middleware"):  # always true: the guard returns
        return
    app.add_middleware(AuthMiddleware, api_keys=keys)

A bound method has no ``add_middleware``: nothing is installed (the call raises, or a
``hasattr`` guard skips it), and the app the server runs is built later, bare. Such a call is no
authentication of the transport: :func:`method_receiver` tells the surface (cst) and
:func:`ast_method_receiver` the posture (``ast``) when a middleware call's receiver is one.

The name alone does not make ``X.http_app`` the method: a project may keep the app the method
built in an attribute of the same name (``self.http_app = self.mcp.http_app()``, then
``self.http_app.add_middleware(...)``). An attribute the module assigns is the method only when
every value assigned to it is one (``self.http_app = self.mcp.http_app``) (rev54).
"""

from __future__ import annotations

import ast
from typing import Iterable, Optional

from ..lazycst import cst

from .cstnodes import nodes_of


def _cst_method(node, methods: Iterable[str]) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value in methods


def _cst_stored(module, attr: str) -> list:
    """The values the module assigns to an attribute named ``attr`` (``self.<attr> = v``)."""
    if module is None:
        return []
    return [a.value for a in nodes_of(module, (cst.Assign, cst.AnnAssign)) if a.value is not None and any(
        isinstance(t, cst.Attribute) and t.attr.value == attr
        for t in ([x.target for x in a.targets] if isinstance(a, cst.Assign) else [a.target]))]


def method_receiver(recv_node, fn, methods: Iterable[str], module=None) -> bool:
    """``recv_node`` (a middleware call's receiver) is an app method not called: ``mcp.http_app``
    itself (unless ``module`` stores something else under that attribute), or a local of ``fn``
    every assignment of which binds one."""
    methods = frozenset(methods)
    if _cst_method(recv_node, methods):
        return all(_cst_method(v, methods) for v in _cst_stored(module, recv_node.attr.value))
    if not isinstance(recv_node, cst.Name) or fn is None:
        return False
    values = [a.value for a in nodes_of(fn, cst.Assign)
              if any(isinstance(t.target, cst.Name) and t.target.value == recv_node.value for t in a.targets)]
    return bool(values) and all(_cst_method(v, methods) for v in values)


def _ast_method(node, methods) -> bool:
    return isinstance(node, ast.Attribute) and node.attr in methods


def ast_method_receiver(recv, scope: Optional[ast.AST], methods: Iterable[str],
                        assigns: Iterable[ast.Assign] = ()) -> bool:
    """:func:`method_receiver` for the ``ast`` tree the posture reads (``scope``: the function
    that holds the call, or the module; ``assigns``: the file's assignments)."""
    methods = frozenset(methods)
    if _ast_method(recv, methods):
        stored = [a.value for a in assigns if any(isinstance(t, ast.Attribute) and t.attr == recv.attr for t in a.targets)]
        return all(_ast_method(v, methods) for v in stored)
    if not isinstance(recv, ast.Name) or scope is None:
        return False
    values = [a.value for a in ast.walk(scope) if isinstance(a, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == recv.id for t in a.targets)]
    return bool(values) and all(_ast_method(v, methods) for v in values)


__all__ = ["ast_method_receiver", "method_receiver"]
