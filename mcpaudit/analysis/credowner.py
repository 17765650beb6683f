"""Whose credential rides on a path fill (issue 12, Python): the server's or the caller's own.

The path-fill policy (reqcreds.py) keeps a caller's value pasted into the path of a request under
a fixed host a default finding when the request carries a credential of the server's: ``../``
then chooses which endpoint receives the operator's token. When every credential the request
carries comes from the MCP request itself, and from nothing the operator configured, the token is
the caller's own and ``../`` reaches nothing the caller could not reach with it directly: an audit
result. The origins read as the caller's own::

    token = get_http_headers().get("authorization")          # the HTTP request's header
    auth = ctx.request_context.request.headers["authorization"]
    def get_board(board_id: str, api_key: str): ...          # a tool parameter (no default)

and as the operator's: an environment secret (``os.environ["X_TOKEN"]``), a settings object or a
client built elsewhere (``self.session``), a credential parameter whose default reads one
(``api_key: str = os.getenv("X_KEY")``), a fallback after the caller's header (``... or
os.environ[...]``). Unknown is the operator's: the finding stays a default one.

How: with a request sink that carries a credential, :func:`record_request` records the taint of
the values that carry it (``SinkRec.cred``: the request's credential arguments and headers, or the
constructor's of a client built in the same function); the linker resolves it like the request's
other parts (:func:`with_owner`, from ``sentcreds.with_sent_secret``) and keeps the first secret of
the server's it holds (``SinkRec.cred_secret``, named in the default finding's message), or, when
every label is the caller's, moves the credential to ``SinkRec.cred_own`` (reqcreds.path_reason:
an audit result). Which secrets the request itself holds is catalog data (``caller-held`` of
``request-credentials`` in ``rules/models/python/http.yaml``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, List, Optional

from ..lazycst import cst

from .credparams import AS_GIVEN
from .cstnodes import string_value
from .taintvalue import Taint, union

#: in ``Info.clean`` of a secret label: an item of the MCP request's own headers, read through a
#: local bound to them (``headers = get_http_headers()`` then ``headers.get("authorization")``)
REQUEST_HELD = frozenset({"~request-held"})
#: the label a credential parameter's default adds when it reads a secret of the server's
_DEFAULT = "{} (the default of '{}')"


def caller_held(what: str) -> bool:
    """A secret (the text of its origin) the MCP request itself holds (catalog ``caller-held``)."""
    from ..catalog import catalog

    pattern = catalog().python.caller_held
    return bool(pattern is not None and pattern.search(what))


def request_held(fa, recv_node, dotted: str) -> frozenset:
    """:data:`REQUEST_HELD` for a secret item read from ``recv_node`` (its text ``dotted``) when
    the mapping is the MCP request's headers, named or bound to a local in the function."""
    if caller_held(dotted):
        return REQUEST_HELD
    if isinstance(recv_node, cst.Name):
        bound = fa.local_values.get(recv_node.value)
        if bound is not None and caller_held(fa.mod.dotted(bound) or ""):
            return REQUEST_HELD
    return frozenset()


def _is_none(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _passed_on(node, params) -> bool:
    """``headers`` or ``headers or {}``, with ``headers`` a parameter of the function: the
    mapping its callers built, which the linker resolves as it resolves the request's other parts."""
    if isinstance(node, cst.BooleanOperation) and isinstance(node.operator, cst.Or) and \
            isinstance(node.right, (cst.Dict, cst.Call)) and not getattr(node.right, "elements", None) and \
            not getattr(node.right, "args", None):
        node = node.left  # headers or {} / headers or dict()
    return isinstance(node, cst.Name) and node.value in params


def _credential_values(call: cst.Call, M, bound: Optional[Callable], params=frozenset()) -> Optional[List]:
    """(argument, node) of each value of ``call`` that carries a credential (a credential
    keyword's, a credential-named header's, a headers parameter's whole mapping: py53a); None
    when one is built where it is not read (a headers variable bound to no dict literal,
    ``**options``)."""
    from .reqcreds import _secret_header  # the header names policy of the request's credential

    out: List = []
    for a in call.args:
        kw = a.keyword.value if a.keyword is not None else None
        if a.star == "**" and not isinstance(a.value, cst.Dict):
            return None
        if _is_none(a.value):
            continue
        if kw in M.request_credential_keywords:
            out.append((a, a.value))
        elif kw in M.request_header_keywords:
            d = a.value
            if isinstance(d, cst.Name) and bound is not None and isinstance(bound(d.value), cst.Dict):
                d = bound(d.value)
            if not isinstance(d, cst.Dict) and _passed_on(d, params):
                out.append((a, a.value))  # the caller's mapping, whole: whose it is, the link says
                continue
            if not isinstance(d, cst.Dict):
                return None
            for el in d.elements:
                if not isinstance(el, cst.DictElement):
                    return None
                key = string_value(el.key)
                if key is None or _secret_header(key, M.is_secret_name):
                    out.append((a, el.value))
    return out


def _defaults(matcher, t: Taint) -> Taint:
    """Labels for the parameters in ``t`` whose default reads a secret of the server's
    (``api_key: str = os.getenv("X_KEY")``): a call that leaves them out sends the operator's."""
    fn = matcher.fn
    if fn is None:
        return {}
    names = {label[1] for label in t if label[0] == "p"}
    out: Taint = {}
    for p in (*fn.params.params, *fn.params.kwonly_params):
        if p.name.value in names and p.default is not None and matcher._holds_secret(p.default):
            code = cst.Module([]).code_for_node(p.default)
            out[("s", _DEFAULT.format(code if len(code) <= 80 else "a secret", p.name.value))] = next(iter(t.values()))
    return out


def _beside(matcher, call: cst.Call, pairs: List, bound: Optional[Callable]) -> bool:
    """A header of the client's map whose name says no credential but whose value reads a secret
    of the server's (``{"Authorization": auth, "X-Workspace": os.environ["WS_SECRET"]}``): the
    request carries the operator's value beside the caller's, so the credential is not only the
    caller's (rev50). A request's own headers are read whole already (its ``headers=`` taint)."""
    M = matcher.M
    chosen = {id(n) for _, n in pairs}
    for a in call.args:
        if a.keyword is None or a.keyword.value not in M.request_header_keywords:
            continue
        d = a.value
        if isinstance(d, cst.Name) and bound is not None and isinstance(bound(d.value), cst.Dict):
            d = bound(d.value)
        for el in d.elements if isinstance(d, cst.Dict) else ():
            if isinstance(el, cst.DictElement) and id(el.value) not in chosen and matcher._holds_secret(el.value):
                return True
    return False


def credential_taint(matcher, c, cred: str) -> Optional[Taint]:
    """The taint of what carries the credential ``cred`` of the request call ``c`` (None: not
    known here). On a client object (``cred`` names the client's own), its constructor's
    arguments when it is built in the same function (reqcreds.request_credential notes it),
    else unknown."""
    M = matcher.M
    bound = matcher.local_values.get if matcher.fn is not None else None
    if "client" in cred:
        ctor = matcher.__dict__.get("_cred_ctor")
        pairs = _credential_values(ctor, M, bound) if ctor is not None else None
        if pairs and _beside(matcher, ctor, pairs, bound):
            return None  # the operator's secret rides in another header of the client's
        taints = [matcher.ev_quiet(n) for _, n in pairs] if pairs else None
    else:
        fn = matcher.fn
        params = frozenset(p.name.value for p in (*fn.params.params, *fn.params.kwonly_params)) if fn is not None \
            else frozenset()
        pairs = _credential_values(c.node, M, bound, params)
        args = {id(a): a for a, _ in pairs or ()}
        taints = [c.kw_args.get(a.keyword.value, {}) for a in args.values() if a.keyword is not None]
    if not pairs or not taints or not all(taints):
        return None  # a credential of no value read here (a literal, a secret in the URL): the server's
    t = union(*taints)
    return matcher.mod.resolve_taint({**t, **_defaults(matcher, t)})


def record_request(matcher, sink, cred: str, c, url_node, family: str) -> None:
    """What a request sink (sinkmatch._kind_url) carries: its credential, the rest of the request
    (sentcreds.py) and the taint of the values that carry the credential."""
    from .reqcreds import request_sent

    sink.credential, sink.sent = cred, request_sent(matcher, c, url_node) if family == "ssrf" else {}
    if family == "ssrf" and cred:
        sink.cred = credential_taint(matcher, c, cred) or {}


def with_owner(sink, resolve: Callable[[Taint], Taint]):
    """``sink`` once linked, with whose credential its request carries: the first secret of the
    server's among the resolved values (``cred_secret``), or, when every value is the caller's (its
    input, a secret the MCP request holds, a credential parameter given by the caller), the
    credential moved to ``cred_own``."""
    if sink.family != "ssrf" or not getattr(sink, "cred", None) or not sink.credential:
        return sink
    t = resolve(sink.cred)
    server = sorted(str(label[1]) for label, info in t.items()
                    if label[0] == "s" and not AS_GIVEN <= info.clean and not REQUEST_HELD <= info.clean
                    and not caller_held(str(label[1])))
    if server:
        return replace(sink, cred_secret=server[0])
    if t and all(label[0] == "src" or label[0] == "s" for label in t):
        return replace(sink, credential="", cred_own=sink.credential)
    return sink


__all__ = ["REQUEST_HELD", "caller_held", "credential_taint", "record_request", "request_held", "with_owner"]
