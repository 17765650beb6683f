"""SQL sent over HTTP from TypeScript/JavaScript: a request to a database's query endpoint
carries a statement the database runs (InfluxDB 3's ``POST /api/v3/query_sql`` with ``{ q }``,
CrateDB's ``POST /_sql`` with ``{ stmt }``, Druid's ``/druid/v2/sql`` with ``{ query }``, Trino's
``/v1/statement`` whose body is the statement).

The endpoints are the SQL models' ``sql-endpoints`` rows (``rules/models/typescript/sql.yaml``):
a call of an HTTP verb method (``get``, ``post``, ``put``, ``request``, ``fetch``: a library
client's or the project's own wrapper of one, whatever the receiver) or of a request function
the HTTP models list (``fetch``, ``axios.post``, ``got``), whose URL's constant text (values as
holes; through one local name) ends with one of a row's paths before any query string, holds the
statement under one of the row's keys: a property of an object argument, of its ``params``,
``data``, ``body``, ``json`` or ``searchParams`` object, or of the object a ``body`` property
serialises with ``JSON.stringify``; with ``whole-body``, the body itself. That value is a query
sink as a driver's ``query()`` is (the Python twin is ``analysis/sqlhttp.py``): a caller's whole
text is the tool's raw-query capability, a value pasted into a fixed statement is SQL injection.
A row's ``reads-only`` says the endpoint runs queries only, so a caller's statement there breaks
no read-only promise; a list of verbs (``[get]``: InfluxDB v1's ``/query``, whose POST runs DROP
and GRANT too) says it does so for those verbs only (a method's name, fetch's ``method`` option,
GET when none is given). A row's ``with`` names parameters the request must also name (in the
URL's query string or in an option) before the path is taken for the database's
(``/query`` with a ``db``: a docs search at ``/query?q=`` is none). With ``whole-body`` the
statement is the data argument of a client's ``post``/``put``/``patch`` (``axios.post(url,
sql)``), or the ``body`` of an options object (written there or bound to a local name): fetch's
second argument is its options, never its body. A route registration (``app.post("/v1/statement",
auth, handler)``: a function argument, or a receiver that is an HTTP app or router) sends nothing.
The endpoint is what the URL's text names: a URL held in a variable whose value is not written
here, or built by a helper, is not read.
"""

from __future__ import annotations

from typing import Iterator, Tuple

from ..sqlhttp import at_endpoint
from ..taintvalue import EMPTY, Taint
from ..urlpath import HOLE
from . import nodes as N
from .sqlverbs import is_registration, names_param, request_verb
from .listenhost import declared_value
from .reqpaths import concat_text

#: HTTP verb methods of a client (or of the project's wrapper of one) that send a request
_VERBS = frozenset({"get", "post", "put", "patch", "request", "fetch"})
#: the options of a request that hold what it sends (its JSON body, form, query parameters)
_CARRIERS = ("params", "data", "body", "json", "searchParams", "form")


def sql_requests(fa, node, fn, fq: str, method, arg_nodes) -> None:
    """Record the statement a request ``node`` sends to a SQL endpoint as a query sink."""
    M = fa.M
    if not M.sql_endpoints or not arg_nodes or fn is None:
        return
    model = M.sink_calls.get((fq or "").replace("()", ""))
    if method not in _VERBS and not (model is not None and model.family == "ssrf"):
        return
    if is_registration(fa, fn, arg_nodes):
        return
    url, opts = arg_nodes[0], list(arg_nodes[1:])
    data_pos = {1} if method in ("post", "put", "patch") else set()  # (axios.post(url, data))
    first = N.unwrap(url)
    if first is not None and first.type == "object":  # axios({ url, method, data })
        url, opts, data_pos = N.object_props(fa.data, first).get("url"), [first], set()
    text = _url_text(fa, url)
    if text is None:
        return
    verb = request_verb(fa, method, opts)
    label = N.text(fa.data, fn)
    label = (label if len(label) <= 30 else "…" + label[-29:]) + "() to a SQL endpoint"
    for row in M.sql_endpoints:
        if at_endpoint(text, row.paths) and (not row.with_params or names_param(fa, text, opts, row.with_params)):
            read_only = row.reads_only and (not row.read_verbs or verb in row.read_verbs)
            for value, t in (s for i, a in enumerate(opts, 1) for s in _statements(fa, a, row, i in data_pos)):
                before = len(fa.sinks)
                fa.record("sql", label, node, t, value, detail=fa._sql_detail(value))
                for sink in fa.sinks[before:]:
                    sink.read_only = read_only


def _url_text(fa, node):
    """The constant text of a URL expression (values as holes), through one local name; None
    when nothing of it is constant."""
    u = N.unwrap(node)
    if u is not None and u.type == "identifier" and fa.const_of(u) is None:
        value = declared_value(fa.data, u)
        u = N.unwrap(value) if value is not None else u
    text = concat_text(fa, u) if u is not None else HOLE
    return None if text.replace(HOLE, "") == "" else text


def _statements(fa, arg, row, data: bool = False) -> Iterator[Tuple[object, Taint]]:
    """(value node, taint) of each statement an argument of the request holds for ``row``;
    ``data``: the argument is a client's data argument (the body itself)."""
    u = N.unwrap(arg)
    if u is None:
        return
    if row.whole_body and u.type != "object":
        if data:
            yield u, fa.ev_quiet(u)  # axios.post(url, sql)
            return
        bound = declared_value(fa.data, u) if u.type == "identifier" else None
        u = N.unwrap(bound) if bound is not None else None  # fetch(url, init): init's body
        if u is None or u.type != "object":
            return
    for key in sorted(row.keys):
        for path in (key, *(f"{c}.{key}" for c in _CARRIERS)):
            found = fa._field(u, path) if u.type in ("object", "identifier") else None
            if found is not None:
                yield found
    body = N.object_props(fa.data, u).get("body") if u.type == "object" else None
    b = N.unwrap(body) if body is not None else None
    if b is not None and b.type == "call_expression" and fa.dotted(b.child_by_field_name("function")) == "JSON.stringify":
        args = N.args_of(b)  # fetch(url, { body: JSON.stringify({ stmt }) })
        inner = N.unwrap(args[0]) if args else None
        for key in sorted(row.keys) if inner is not None and inner.type in ("object", "identifier") else ():
            found = fa._field(inner, key)
            if found is not None:
                yield found
    elif b is not None and row.whole_body:
        yield b, fa.ev_quiet(b) or EMPTY  # fetch(url, { body: sql })


__all__ = ["sql_requests"]
