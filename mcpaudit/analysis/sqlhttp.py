"""SQL over HTTP: a request to a database's SQL endpoint carries a statement the database runs
(CrateDB's ``POST /_sql`` with ``{"stmt": ...}``, Druid's ``POST /druid/v2/sql`` with
``{"query": ...}``, Trino's ``POST /v1/statement`` whose body is the statement).

A sink row of kind ``sql-endpoint`` (rules/models/python/sql.yaml) names the request calls and
methods, the URL argument (``arg``), the endpoint paths (``url-paths``: the URL's constant text,
values as holes, must end with one, before any query string) and where the statement is: a key of
the ``json=`` body (``body-keys``) or, with ``whole-body``, the ``data=``/``content=`` body
itself. The statement is then a query sink as a driver's ``execute`` is: a caller's whole text
is the tool's raw-query capability, a value pasted into a fixed statement SQL injection.

A row of kind ``keyed-query`` needs no endpoint: a key that names a statement (``sql``,
``statementText``, ``cypher``) says what the service runs, whatever the URL - a JSON body of a
request (Oracle ORDS ``{"statementText": ...}``, a SQL API's ``{"sql": ...}``) or the variables
of a GraphQL operation (gql's ``session.execute(doc, variable_values={"input": {"sql": ...}})``).
The value under such a key of a dict display (nested, or in a list of them) is the statement. On
a row with ``whole-body`` (GraphQL variables), a mapping a parameter brings whole is a sink on
that parameter with the keys (``SinkRec.body_keys``) and only a value its caller placed under one
of them (``taintvalue.DICT_KEY``) is a statement (placement.placed_safely). A JSON body a generic
request helper's parameter brings is not read so: the helper's callers choose the endpoint, and
an API's format/validate/estimate endpoints take SQL they do not run (Superset's sqllab). Keys
search APIs take for their search text (``query``) are not among them.
"""

from __future__ import annotations

import re
from typing import Optional

from ..lazycst import cst

from ..catalog.models import SinkModel
from . import cstnodes as N
from .taintvalue import DICT_KEY
from .urlpath import HOLE, concat_text

_BODY_ARGS = ("data", "content")


def endpoint_text(node, local_values) -> Optional[str]:
    """The constant text of a URL expression (values as holes), through one local name."""
    if isinstance(node, cst.Name) and isinstance(local_values.get(node.value), cst.BaseExpression):
        node = local_values[node.value]
    text = concat_text(node) if node is not None else None
    return None if text is None or text == HOLE else text


def at_endpoint(text: Optional[str], paths) -> bool:
    """Whether a URL's text ends with one of the endpoint ``paths`` (before a query string)."""
    return bool(text) and any(re.search(re.escape(p) + r"/?(?:$|[?#])", text) for p in paths)


def keyed_values(node, keys, dicts, depth: int = 0) -> Optional[list]:
    """The values under one of ``keys`` in a dict display (nested dicts, lists of dicts, a local
    name bound to a dict display), or None when ``node`` is no dict display."""
    if isinstance(node, cst.Name) and isinstance(dicts.get(node.value), cst.Dict):
        node = dicts[node.value]
    if isinstance(node, (cst.List, cst.Tuple)) and depth:
        return [v for e in node.elements for v in keyed_values(e.value, keys, dicts, depth + 1) or ()]
    if not isinstance(node, cst.Dict) or depth > 3:
        return None
    out = []
    for e in node.elements:
        if not isinstance(e, cst.DictElement):
            continue
        if N.string_value(e.key) in keys:
            out.append(e.value)
        else:
            out.extend(keyed_values(e.value, keys, dicts, depth + 1) or ())
    return out


def keyed_elsewhere(sink, info) -> bool:
    """A mapping handed in whole to a keyed-query sink, and this value was not placed under one
    of its statement keys by the code that built it: no statement."""
    return bool(sink.body_keys) and not any(DICT_KEY + k in info.clean for k in sink.body_keys)


class SqlEndpoints:
    """Mixed into the function interpreter (the sink kinds of sinkmatch.SinkMatching)."""

    def _kind_sql_endpoint(self, model: SinkModel, c) -> None:
        url, _ = c.arg(model.arg)
        if not at_endpoint(endpoint_text(url, self.local_values), model.url_paths):
            return
        for a in c.node.args:
            if a.keyword is None:
                continue
            body = a.value
            if a.keyword.value == "json" and model.body_keys:
                if isinstance(body, cst.Name) and isinstance(self.dicts.get(body.value), cst.Dict):
                    body = self.dicts[body.value]  # payload = {"stmt": q}; post(url, json=payload)
                if not isinstance(body, cst.Dict):
                    continue
                for e in body.elements:
                    if isinstance(e, cst.DictElement) and N.string_value(e.key) in model.body_keys:
                        self._endpoint_statement(model, c, e.value)
            elif a.keyword.value in _BODY_ARGS and model.whole_body:
                self._endpoint_statement(model, c, body)

    def _kind_keyed_query(self, model: SinkModel, c) -> None:
        node, t = c.arg(model.arg)
        if node is None:
            return
        found = keyed_values(node, model.body_keys, self.dicts)
        if found is not None:
            for value in found:
                before = len(self.sinks)
                self._endpoint_statement(model, c, value)
                for sink in self.sinks[before:]:
                    sink.service = True
            return
        if model.whole_body and isinstance(node, cst.Name) and t and all(label[0] == "p" for label in t):
            before = len(self.sinks)  # a mapping a parameter brings: its caller placed the statement
            self._sink(model.family, c.label(model), c.node, t, None)
            for sink in self.sinks[before:]:
                sink.verbatim, sink.body_keys, sink.service = True, tuple(sorted(model.body_keys)), True

    def _endpoint_statement(self, model: SinkModel, c, node) -> None:
        t = self.ev_quiet(node)
        before = len(self.sinks)
        self._sink(model.family, c.label(model), c.node, t, node, detail=N.sql_detail(node))
        if len(self.sinks) > before:
            prefix = N.const_prefix(node) or ""
            self.sinks[-1].statement = prefix.split(None, 1)[0].upper() if prefix.split() else None
