"""Path-only URL fills: whether one is a default finding (issues 12 and 14), both engines.

A caller's value that fills only the *path* of a URL whose scheme and host the code fixes (a
literal, a module constant, the configured base URL of a client) chooses no host. What it can
still do is move the path: ``../`` segments (HTTP clients resolve them before sending: requests,
httpx, aiohttp, axios and fetch through WHATWG ``URL``) reach the other endpoints of that host.
That is a hazard only with the server's authority: a request that carries a credential of the
server's (an ``Authorization`` or API-key header, basic auth, cookies, a client certificate, a
token in the URL or the body, a client built with any of these) lets the caller act on endpoints
the tools do not offer. A request with none of these fetches nothing the caller could not fetch
itself, and a value that cannot hold a dot (``x.split(".")[1]``) cannot climb: both are audit
(low confidence) results. Whole-URL and host-choosing flows are not affected.

The policy, in one place for both engines:

* :func:`path_reason` — the reason shown with the finding, and whether it stays a default one;
* :func:`py_credential` — the credential a Python request call carries (``requests``, ``httpx``,
  ``aiohttp``: keyword arguments, and a client object's own settings unless the function built
  the client bare);
* the TypeScript side (``ts/reqpaths.py``) fills the same ``SinkRec.credential``.

Which arguments carry a credential whatever they hold, and which hold headers, is library
knowledge: the ``request-credentials`` section of ``rules/models/<language>/http.yaml``.

Tally (branch tsfix17a, 2026-12-04; both ledgers): the default findings this policy keeps (a
climbable path fill with the server's credential) were 73, labelled 43 real (pinot 15, obsidian
7, fabric 4, singlestore 4, superset 3, strapi admin JWT 2, turso 2, grafana 2, microsoft graph,
tinybird, terraform, vectara), 4 purpose (blender's fal/sketchfab keys) and 26 wrong (neo4j aura
7, strapi API token 5, nile 4, hass 2, heroku 2, azure-devops 2, polyhaven, rabbitmq,
singlestore POST, tavily). No property of the code separates them, so the policy stays as it is:

* the HTTP method: GET, POST, PUT, PATCH and DELETE are on both sides;
* a fixed prefix that scopes the fill (a workspace or organisation): nile's
  ``/workspaces/<configured>/databases/<name>`` (wrong) and turso's
  ``/organizations/<configured>/databases/<name>`` (real) are the same shape, with the same
  platform token and the same DELETE;
* what the value is (an id, a name, a file path): pinot's table names, superset's and fabric's
  ids are real, aura's ids and nile's names wrong;
* how the credential goes (an option, a client's defaults): both sides;
* whether the key reaches more than the tools already offer: what separates the readers' labels
  (turso: "members, groups, API tokens that no tool offers"; nile and aura: "the same API the
  tools already drive"), but that is knowledge of each API's other endpoints, not in the code;
* whether a dot segment survives: the wrong rows where none can (azure-devops's
  encodeURIComponent'd names and parseInt'd ids, strapi's dot-free split parts, tavily's id from
  the API's own answer) are reached through flows that lose what the code did (the whole
  arguments object, a value the API returned), which are flow gaps, not this policy's.
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Tuple

from ..lazycst import cst

from .cstnodes import module_mutated, nodes_of, per_node, string_value
from .enumvalues import _classes
from .fallbackvals import fallback_params, url_secret
from .sentcreds import sent_taint
from .passedclients import IN_PROCESS, in_process, passed_clients
from .passedclients import bound_name as _target_name
from .reqsenders import sender_receiver

#: in ``Info.clean``: the host the text before a path value fixes (``url-host=api.example.com``)
HOST_MARK = "url-host="
#: in ``Info.clean``: the value can hold no '.', so no '..' segment: it cannot climb the path
NO_DOTS = "url-no-dots"
#: in ``Info.clean`` (TypeScript's shape mark, ts/pathshape.py): no segment of it is '..'
NO_DOT_SEGMENT = "~no-dotdot-segment"
_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:\0]+)")
#: header names that only describe the body or the client, never its authority
_PLAIN_HEADERS = frozenset({"accept", "accept-encoding", "accept-language", "content-type", "content-length",
                            "user-agent", "connection", "cache-control", "origin", "referer", "host"})


def host_mark(before: str) -> frozenset:
    """The :data:`HOST_MARK` of the literal host ``before`` (the text before a path value)
    names; none when a value (the configured base URL) decides it."""
    m = _HOST.match(before or "")
    return frozenset({HOST_MARK + m.group(1)}) if m else frozenset()


def _host(info) -> str:
    hosts = sorted(c[len(HOST_MARK):] for c in info.clean if c.startswith(HOST_MARK))
    return hosts[0] if len(hosts) == 1 else ""


def path_reason(sink, info) -> Tuple[str, bool]:
    """(the reason a path-only value reaches ``sink`` only weakly, whether it stays a default
    finding): default only when the value can climb ('..') and the request carries a credential
    of the server's."""
    host = _host(info)
    where = f"the fixed host {host}" if host else "the host its base URL fixes"
    of = host or "that host"
    if NO_DOTS in info.clean:
        return (f"it fills only the path under {where}, and it can hold no '.' (a part of a split on '.'), "
                "so no '../' moves it to another endpoint"), False
    if NO_DOT_SEGMENT in info.clean:  # a pattern check no dot segment passes (dotsegments.py)
        return (f"it fills only the path under {where}, and a pattern it was checked against admits no segment "
                "that starts with a dot, so no '../' moves it to another endpoint"), False
    if getattr(sink, "cred_own", ""):  # every value that carries it comes from the MCP request (credowner.py)
        return (f"it fills only the path under {where}; '../' reaches other endpoints of {of}, but the credential "
                f"it carries ({sink.cred_own}) is the caller's own, taken from the MCP request and from nothing the "
                "operator configured: nothing the caller could not fetch itself"), False
    if not getattr(sink, "credential", ""):
        return (f"it fills only the path under {where}; '../' reaches other endpoints of {of}, but the "
                "request carries no credential of the server's: nothing the caller could not fetch itself"), False
    held = f", sent with the server's configured {sink.cred_secret}" if getattr(sink, "cred_secret", "") else ""
    return (f"it fills the path under {where}; '../' reaches other endpoints of {of} with the server's "
            f"credential ({sink.credential}){held}"), True


_SERVER_CREDENTIAL = re.compile(r"(; '\.\./' reaches other endpoints of .+?) with the server's credential \((.+?)\)"
                                r"(?:, sent with the server's configured [^;]*)?")


def callers_own(message: str, note: str) -> Optional[str]:
    """The message of a default path fill (:func:`path_reason`) once the credential its request
    carries is known to be the caller's own (callerkeys.py: every tool takes it from the request,
    ``note`` says where): an audit result, nothing the caller could not fetch with that key
    itself. None when the message is no such path fill."""
    m = _SERVER_CREDENTIAL.search(message)
    if m is None:
        return None
    return (message[:m.start()] + m.group(1) + f", but the credential it carries ({m.group(2)}) is the caller's "
            f"own, taken from the request by {note}: nothing the caller could not fetch itself" + message[m.end():])


def _is_none(node) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _secret_header(key: str, is_secret: Callable[[str], bool]) -> bool:
    """A header name that names a credential (not one that only describes the body or the client)."""
    return key.lower() not in _PLAIN_HEADERS and is_secret(key.replace("-", "_"))


def _header_credential(node, is_secret: Callable[[str], bool], bound: Optional[Callable] = None) -> bool:
    """Headers (a dict literal) that name a credential, or headers built elsewhere. ``bound``
    gives the dict literal a local variable was last bound to (``headers = {"Accept": ...}``
    then ``get(url, headers=headers)``, in a closure too), read like the literal itself."""
    if node is None or _is_none(node):
        return False
    if isinstance(node, cst.Name) and bound is not None and isinstance(bound(node.value), cst.Dict):
        node = bound(node.value)
    if not isinstance(node, cst.Dict):
        return True  # self.headers, self._headers(), a variable: built where it is not read here
    for el in node.elements:
        if not isinstance(el, cst.DictElement):
            return True  # **other: unknown entries
        key = string_value(el.key)
        if key is None or _secret_header(key, is_secret):
            return True
    return False


def _names_secret(node: cst.Dict, is_secret: Callable[[str], bool]) -> bool:
    """A dict literal with an entry named as a credential (``params={"token": KEY}``)."""
    return any(isinstance(el, cst.DictElement) and is_secret((string_value(el.key) or "").replace("-", "_"))
               for el in node.elements)


def py_credential(call: cst.Call, url_node, secret_in: Callable[[object], bool], M,
                  client: Optional[cst.Call] = None, on_client: bool = False,
                  bound: Optional[Callable] = None) -> str:
    """The credential of the server's that the request ``call`` carries ("" when none is seen):
    a credential argument (``auth=``, ``cookies=``), headers that name one, a server secret in
    any other argument (``params={"key": KEY}``, a token in the URL) or, on a client object,
    the client's own settings - unless ``client`` is its constructor, read in the same function,
    with none of these."""
    for a in call.args:
        kw = a.keyword.value if a.keyword is not None else None
        if kw in M.request_credential_keywords and not (isinstance(a.value, cst.Name) and a.value.value == "None"):
            return f"the '{kw}' argument"
        if kw in M.request_header_keywords and _header_credential(a.value, M.is_secret_name, bound):
            return f"the '{kw}' argument"
        if a.star == "**" and not isinstance(a.value, cst.Dict):
            return "the keyword arguments it is given"
        if secret_in(a.value) or (isinstance(a.value, cst.Dict) and _names_secret(a.value, M.is_secret_name)):
            return "a secret of the server's in the URL" if a.value is url_node else "a secret of the server's it sends"
    if not on_client:
        return ""
    if client is None:
        return "the client's own settings"
    found = _built_with(client, None, secret_in, M)
    return found.replace("the '", "the client's '").replace("the arguments", "the client's arguments") if found else ""


def _built_with(ctor: cst.Call, url_node, secret_in: Callable[[object], bool], M) -> str:
    """The credential a client's constructor gives it: as a request's, or any positional
    argument (``RestApiV2Client(key)``) or secret-named keyword (``OpenAI(api_key=...)``)."""
    found = py_credential(ctor, url_node, secret_in, M)
    if not found and any((a.keyword is None and not a.star and a.value is not url_node) or
                         (a.keyword is not None and M.is_secret_name(a.keyword.value)) for a in ctor.args):
        found = "the arguments it was built with"
    return found


def client_credential(matcher, c, url_node) -> str:
    """The credential a client built by the call ``c`` with the base URL ``url_node`` sends with
    every request (a base-url sink row)."""
    return _built_with(c.node, url_node, lambda n: matcher._server_secret(matcher.ev_quiet(n)), matcher.M)




def split_part(node) -> bool:
    """``x.split(".")[i]`` (or ``rsplit``): one part of a split on '.', which holds no '.'."""
    if not isinstance(node, cst.Subscript) or len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return False
    call = node.value
    return isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and \
        call.func.attr.value in ("split", "rsplit") and bool(call.args) and call.args[0].keyword is None and \
        string_value(call.args[0].value) == "."


def _constructor(scope, name: str) -> Optional[cst.Call]:
    """The call that binds ``name`` (``client`` or ``self.client``) in ``scope``
    (``with httpx.Client() as client``, ``self.client = requests.Session()``), when there is
    exactly one. (The statements it reads are found without ``node.children``, which builds each
    node's child list through libcst's rebuilding visit.)"""
    found = []
    for node in nodes_of(scope, (cst.WithItem, cst.Assign, cst.AnnAssign)):
        if isinstance(node, cst.WithItem) and isinstance(node.asname, cst.AsName) and \
                _target_name(node.asname.name) == name:
            found.append(node.item)
        elif isinstance(node, cst.Assign) and any(_target_name(t.target) == name for t in node.targets):
            found.append(node.value)
        elif isinstance(node, cst.AnnAssign) and node.value is not None and _target_name(node.target) == name:
            found.append(node.value)
    value = found[0] if len(found) == 1 else None
    while isinstance(value, cst.Await):
        value = value.expression
    return value if isinstance(value, cst.Call) else None


def _filled_later(scope, var: str) -> bool:
    """Whether ``var`` gets entries after it is bound (``var[k] = v``, ``var.update(...)``,
    ``var |= ...``): its dict literal no longer says what it holds."""
    for node in nodes_of(scope, (cst.Assign, cst.AugAssign, cst.Call)):
        if isinstance(node, cst.Call):
            f = node.func
            if isinstance(f, cst.Attribute) and isinstance(f.value, cst.Name) and f.value.value == var and \
                    f.attr.value in ("update", "setdefault", "__setitem__"):
                return True
            continue
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for t in targets:
            if isinstance(t, cst.Name) and isinstance(node, cst.AugAssign) and t.value == var:
                return True
            if isinstance(t, cst.Subscript) and isinstance(t.value, cst.Name) and t.value.value == var:
                return True
    return False


def request_credential(matcher, c, url_node, model) -> str:
    """:func:`py_credential` for the request call ``c`` a Python sink row matched."""
    client = scope = passed = None
    recv = c.recv_node if model.receiver is not None else sender_receiver(matcher, c.node)  # client.send(Request(...))
    on_client = recv is not None
    name = _target_name(recv) if on_client else None
    if name is not None and "." not in name and matcher.fn is not None and _constructor(matcher.fn, name) is None:
        passed = passed_clients(matcher, name)  # a helper's client parameter: its callers' (passedclients.py)
    if name is not None and passed is None:
        # bound in this function, else once in the module (a global client, self.client = ...);
        # bound elsewhere (a parameter, another module) its settings are unknown
        client = _constructor(matcher.fn, name) if matcher.fn is not None and "." not in name else None
        scope = matcher.fn
        if client is None and name.startswith("self."):
            # self.session: bound in this class (several classes of a module each build their own)
            scope = _classes(matcher.mod).get(getattr(matcher, "cls", None) or "")
            client = _constructor(scope, name) if scope is not None else None
        if client is None:
            memo = matcher.mod.__dict__.setdefault("_client_ctors", {})
            if name not in memo:
                memo[name] = _constructor(matcher.mod.module, name)
            client, scope = memo[name], matcher.mod.module
    def bound(var: str):
        value = matcher.local_values.get(var)  # bound in the function read (a closure run in place too)
        if value is None:
            # a module constant (``_HEADERS = {"Accept": ...}``) nothing in the module fills later
            value = getattr(matcher.mod, "module_values", {}).get(var)
            if value is None or var in getattr(matcher, "env", {}) or var in module_mutated(matcher.mod):
                return None
            return value
        if matcher.fn is None or _filled_later(matcher.fn, var):
            return None
        return value
    matcher.__dict__["_cred_ctor"] = client if passed is None and scope is matcher.fn else None  # credowner.py
    judged = [k for k in passed or [client] if k is not None]
    if judged and all(in_process(matcher.mod, k, matcher.M) for k in judged):
        return IN_PROCESS  # httpx.AsyncClient(transport=httpx.ASGITransport(app)): no network
    secret_in = _secret_in(matcher, url_node)
    for client in passed or ():
        found = py_credential(c.node, url_node, secret_in, matcher.M, client, on_client, bound)
        if found:
            return found
    if passed:
        return ""
    found = py_credential(c.node, url_node, secret_in, matcher.M, client, on_client, bound)
    if not found and client is not None:
        from .clientsettings import given_later
        memo = matcher.mod.__dict__.setdefault("_client_given", {})
        key = (id(scope), name)
        if key not in memo:
            memo[key] = given_later(scope, name, matcher.M)
        found = f"the client's '{memo[key]}', set after it was built" if memo[key] else ""
    return found


def _secret_in(matcher, url_node) -> Callable[[object], bool]:
    """Whether an argument of a request holds a secret of the server's; for its URL, a parameter
    that only falls back to a secret when the caller leaves it empty is the caller's value, not
    that secret (fallbackvals.py)."""
    def holds(n) -> bool:
        return matcher._server_secret(matcher.ev_quiet(n))
    fallbacks = per_node(matcher.mod, "_fallback_params", matcher.fn, fallback_params) if matcher.fn is not None \
        else frozenset()
    return lambda n: url_secret(n, fallbacks, holds, matcher.local_values.get) if n is url_node else holds(n)


def request_sent(matcher, c, url_node):
    """The rest of the request call ``c`` besides its URL ``url_node`` (its other arguments:
    headers, body, options; the client it is sent through): what may hold a secret of the
    server's, resolved at link (sentcreds.py). The URL's own are its own flow."""
    rest = [t for a, t in zip(c.positional, c.pos_args) if a.value is not url_node]
    rest += [c.kw_args.get(a.keyword.value, {}) for a in c.node.args if a.keyword is not None and a.value is not url_node]
    return matcher.mod.resolve_taint(sent_taint((*rest, c.star, c.dstar, c.recv)))


__all__ = ["HOST_MARK", "IN_PROCESS", "NO_DOTS", "callers_own", "host_mark", "path_reason", "py_credential", "client_credential", "request_credential", "request_sent", "split_part"]
