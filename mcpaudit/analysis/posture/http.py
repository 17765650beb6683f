"""HTTP facts: what protects the server's HTTP endpoint.

Decides ``http.bind_all``, ``http.auth``, ``tls.configured``, ``tls.client_auth``,
``tls.plain_http``, ``cors.configured``, ``cors.wildcard``, ``cors.wildcard_credentials`` and
``http.security_headers``. All but ``tls.plain_http`` are null when the server has no HTTP
transport (``transport.http``, decided before). The evidence:

* bind: the literals ``0.0.0.0``/``::`` in code, ``0.0.0.0``/``--host ::`` in deployment files;
* auth: the cst engine's auth evidence (what the rule ``http-transport-no-auth`` reads), the
  SDK's and fastmcp's token verifiers/auth providers, ``FastMCP(auth=...)``, Starlette/
  FastAPI auth middleware and dependencies, an Authorization/X-API-Key header read next to a 401
  in the same file (a header the server sends upstream is not auth on its endpoint; one whose every
  401 check applies only while a configured key is set is optional: :mod:`.optauth`), auth at a proxy (oauth2-proxy, nginx ``auth_request``, Traefik forward auth);
* TLS: certificate keywords and ``load_cert_chain`` in code, TLS settings of uvicorn command
  lines, nginx, Caddy, Kubernetes ingresses and Traefik; mutual TLS from ``CERT_REQUIRED`` and
  the proxies' client-verification switches;
* plain http: ``http://`` string literals to hosts that are not local, reserved or XML/RDF
  namespace identifiers;
* CORS: ``CORSMiddleware`` arguments and literal ``Access-Control-Allow-Origin: *`` headers;
* security headers: header names in code and proxy configs, or a security-headers library.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath
from typing import Any, List, Optional, Set

from ...sources import split_lines
from ..project import NOT_SERVING
from .context import Context
from .evidence import Evidence, anywhere, prefiltered
from .optauth import early_allow, optional_check
from .pyindex import const, kw, last
from .unattached import drop_unattached

_DEPLOY_KINDS = {"docker", "yaml", "other"}

_BIND_ALL_OTHER = re.compile(r"0\.0\.0\.0|--host[= ]\s*[\"']?::")

_AUTH_PY = prefiltered(re.compile(
    r"\btoken_verifier\s*=|\bauth_server_provider\s*=|\bAuthSettings\s*\(|\bTokenVerifier\b"
    r"|\bBearerAuthBackend\b|\bRequireAuthMiddleware\b|\bAuthenticationMiddleware\b"
    r"|\bBearerAuthProvider\b|\bJWTVerifier\b|\bStaticTokenVerifier\b|\bIntrospectionTokenVerifier\b"
    r"|\bOAuthProxy\b|\bRemoteAuthProvider\b|\bOAuthProvider\b|\bfastmcp\.server\.auth\b"
    r"|\bmcp\.server\.auth\b|\bHTTPBearer\b|\bHTTPBasic\b|\bAPIKeyHeader\b|\bAPIKeyQuery\b"
    r"|\bAPIKeyCookie\b|\bOAuth2PasswordBearer\b|\bOAuth2AuthorizationCodeBearer\b"
    r"|\bDepends\(\s*(?:verify|check|require|get_current|authenticate|validate)\w*"
    r"|@requires\(|\bAuthenticationBackend\b"
), "token_verifier", "auth_server_provider", "AuthSettings", "TokenVerifier", "BearerAuth",
    "RequireAuthMiddleware", "AuthenticationMiddleware", "JWTVerifier", "OAuth", "AuthProvider", "server.auth",
    "HTTPBearer", "HTTPBasic", "APIKey", "Depends", "@requires", "AuthenticationBackend")
_AUTH_HEADER = re.compile(r"[\"']authorization[\"']|[\"']x-api-key[\"']", re.I)
# methods that set a header on a request the program sends (urllib.request.Request,
# http.client.HTTPConnection): the header names given to them are outbound
_SETS_REQUEST_HEADER = ("add_header", "add_unredirected_header", "putheader")
_UNAUTH = re.compile(r"\b401\b|HTTP_401_UNAUTHORIZED|Unauthorized", re.I)
_AUTH_OTHER = re.compile(r"oauth2-proxy|\bauth_request\b|forward_?auth|\bbasicauth\b|\bauth_basic\b"
                         r"|auth-url|auth-signin", re.I)

_TLS_KEYWORDS = ("ssl_keyfile", "ssl_certfile", "ssl_context", "certfile", "keyfile")
_TLS_ATTRS = ("certfile", "keyfile", "ssl_certfile", "ssl_keyfile")
_TLS_OTHER = re.compile(
    r"--ssl-(?:keyfile|certfile)|--(?:certfile|keyfile)\b|\bssl_certificate\b|listen\s+\S*443\s+ssl"
    r"|^\s*tls:\s*$|secretName:|certResolver|UVICORN_SSL_(?:CERT|KEY)FILE|tls\.certresolver")
_MTLS_OTHER = re.compile(
    r"ssl_verify_client\s+on|--ssl-cert-reqs[= ]\s*2|RequireAndVerifyClientCert|auth-tls-verify-client|clientAuth")

_URL = re.compile(r"http://([^/\s:'\"?#]*)")
_NAMESPACE_HOSTS = re.compile(
    r"(^|\.)(w3\.org|xmlsoap\.org|json-schema\.org|purl\.org|xmlns\.com|openxmlformats\.org|adobe\.com"
    r"|schemas\.microsoft\.com|apache\.org)$")
_NAMESPACE_CALLS = {"Namespace", "URIRef", "QName", "register_namespace", "DefinedNamespace", "Graph", "bind"}

_WILDCARD_REGEXES = (".*", ".+", "^.*$", "^.+$", "(.*)")
_HEADER_WILDCARD = re.compile(r"Access-Control-Allow-Origin[\"']?\s*[:,=]?\s*[\"']?\*", re.I)

_HEADER_NAMES = ("strict-transport-security", "x-content-type-options", "content-security-policy",
                 "x-frame-options", "referrer-policy", "permissions-policy")
_HEADER = prefiltered(
    re.compile("|".join(re.escape(h) for h in _HEADER_NAMES), re.I),
    "ransport-Security", "ransport-security", "ype-Options", "ype-options", "olicy", "OLICY", "PTIONS", "ECURITY")
_HEADER_LIBRARY = prefiltered(
    re.compile(r"^\s*(?:from|import)\s+(secure|secweb|flask_talisman)\b|\bTalisman\(|\bSecureHeaders\b"
               r"|stsSeconds|contentTypeNosniff|frameDeny|browserXssFilter"),
    "secure", "secweb", "alisman", "SecureHeaders", "stsSeconds", "contentTypeNosniff", "frameDeny",
    "browserXssFilter")


def _set_for_http(ctx: Context, http: bool, fid: str, ev: Evidence, note: str = "") -> None:
    """A fact that only means something on an HTTP server: its value is null without HTTP."""
    ctx.set(fid, bool(ev) if http else None, ev if http else None, note)


def _bind(ctx: Context, http: bool) -> None:
    bind = Evidence()
    for py in ctx.py:
        for s, _ in py.strings:
            if s.value.strip() in ("0.0.0.0", "::", "[::]"):
                bind.add(py.path, s.lineno)
    bind.update(ctx.grep_other(_BIND_ALL_OTHER, kinds=_DEPLOY_KINDS))
    bind.extend((s["path"], s["pos"][0]) for s in ctx.http_sites
                if s.get("kind") not in NOT_SERVING and s.get("host") in ("0.0.0.0", "::", "[::]"))
    _set_for_http(ctx, http, "http.bind_all", bind)


def _auth(ctx: Context, http: bool) -> None:
    wired = [s for s in ctx.auth_sites if s.get("kind") != "name"]
    if wired and all(s.get("optional") for s in wired):
        # the cst engine saw where auth is wired into the app, and every place is conditional on
        # configuration (if api_key: add_middleware(...)): the names of the auth code it would
        # add are not auth; only a proxy in front (below) is
        auth = ctx.grep_other(_AUTH_OTHER, kinds={"yaml", "other", "docker"})
        s = wired[0]
        how = (f"authentication is optional, off by default: {s['detail']} at {s['path']}:{s['pos'][0]} is added, but "
               f"{s['mode_gate']}") if s.get("mode_gate") else (  # a mode setting gates its check (modegate.py)
            f"authentication is optional, off unless configured: {s['detail']} at {s['path']}:"
            f"{s['pos'][0]} is added conditionally (if {s['optional']})")
        _set_for_http(ctx, http, "http.auth", auth, "" if not http or auth else how)
        return
    auth = ctx.grep_py(_AUTH_PY)
    drop_unattached(ctx, auth)  # a middleware class the served app never runs (unattached.py)
    optional: List[str] = _fail_open_depends(ctx, auth)
    for py, call, name in ctx.calls(lambda n: last(n) in ("FastMCP", "MCPServer")):
        node = kw(call, "auth")
        if node is not None and const(node) is not None:
            auth.add(py.path, call.lineno)
    read_ev = Evidence()
    for py in ctx.py:
        if not _UNAUTH.search(py.text) or not anywhere(_AUTH_HEADER, py.text):
            continue
        reads = [(py.path, s.lineno) for s, _ in py.strings if _reads_auth_header(py, s)]
        gate = _optional_gate(py) if reads else None
        if gate:  # a key check that rejects nothing while the key is unset (optauth)
            optional.append(f"the check at {py.path}:{gate[0]} rejects a request only when {gate[1]} is set")
            continue
        read_ev.extend(reads)
    drop_unattached(ctx, read_ev)  # a header read in a middleware the served app never runs (py53a)
    auth.update(read_ev)
    auth.update(ctx.grep_other(_AUTH_OTHER, kinds={"yaml", "other", "docker"}))
    # the cst engine's auth evidence (constructor auth keywords, auth middleware): the rule
    # http-transport-no-auth stays quiet on it, so the fact must see it too
    auth.extend((s["path"], s["pos"][0]) for s in ctx.auth_sites)
    note = "" if not http or auth else (
        f"authentication is optional, off unless configured: {optional[0]}" if optional
        else "no token verifier, auth provider, auth middleware or dependency found")
    _set_for_http(ctx, http, "http.auth", auth, note)


def _fail_open_depends(ctx: Context, auth: Evidence) -> List[str]:
    """``Depends(verify_key)`` whose dependency, a function of the same file, lets every request
    through first thing while its key is unset (``if not API_KEY: return True``, optauth's
    ``early_allow``) is optional authentication, off by default (py58b): its line leaves the
    evidence, and the words say why."""
    out: List[str] = []
    for py, call, _ in ctx.calls(lambda n: last(n) == "Depends"):
        dep = call.args[0] if call.args else kw(call, "dependency")
        if not isinstance(dep, ast.Name) or py.tree is None:
            continue
        fn = next((f for f in py.tree.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                   and f.name == dep.id), None)
        secret = early_allow(fn)
        if secret and (py.path, call.lineno) in auth.raw():
            auth.discard(py.path, call.lineno)
            out.append(f"the dependency {dep.id} at {py.path}:{fn.lineno} lets every request through while "
                       f"{secret} is unset")
    return out


def _optional_gate(py):
    try:
        return optional_check(ast.parse(py.text))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _reads_auth_header(py, s: ast.Constant) -> bool:
    """An Authorization / X-API-Key header name the server reads from a request
    (``request.headers.get("authorization")``, ``Header(alias="X-API-Key")``), not one it sends
    to an upstream API: a key of a headers dict display (``{"Authorization": f"Bearer {t}"}``), an
    item assigned (``headers["Authorization"] = ...``) or the name given to a request's header
    setter (urllib's ``Request.add_header``, http.client's ``putheader``) authenticates the server
    to someone else, never its callers to it; one element of a list of several header names
    (``SENSITIVE_HEADERS = {"authorization", "cookie", ...}``) names headers to strip or redact."""
    if s.value.strip().lower() not in ("authorization", "x-api-key"):
        return False
    par = py.parent(s)
    if isinstance(par, ast.Dict) and any(k is s for k in par.keys):
        return False
    if isinstance(par, ast.Call) and par.args and par.args[0] is s and \
            isinstance(par.func, ast.Attribute) and par.func.attr in _SETS_REQUEST_HEADER:
        return False  # req.add_header("X-API-Key", key): a header of a request the server sends
    if isinstance(par, ast.Subscript) and isinstance(par.ctx, ast.Store):
        return False
    if isinstance(par, (ast.Set, ast.List, ast.Tuple)) and len(par.elts) > 2:
        return False  # one of a list of header names (the sensitive headers a client strips or redacts)
    return True


def _tls(ctx: Context, http: bool) -> None:
    tls = Evidence()
    mtls = Evidence()
    for py, call, name in ctx.calls(lambda n: True):
        for k in call.keywords:
            if k.arg in _TLS_KEYWORDS and const(k.value) is not None:
                tls.add(py.path, call.lineno)
            if k.arg == "ssl_cert_reqs" and "CERT_REQUIRED" in ast.dump(k.value) or \
                    k.arg == "ssl_cert_reqs" and const(k.value) == 2:
                mtls.add(py.path, call.lineno)
        if last(name) == "load_cert_chain":
            tls.add(py.path, call.lineno)
    for py in ctx.py:
        for node in py.assigns:
            for t in node.targets:
                if isinstance(t, ast.Attribute) and t.attr in _TLS_ATTRS:
                    tls.add(py.path, node.lineno)
                if isinstance(t, ast.Attribute) and t.attr == "verify_mode" \
                        and "CERT_REQUIRED" in ast.dump(node.value) and "load_cert_chain" in py.text:
                    mtls.add(py.path, node.lineno)
    tls.update(ctx.grep_other(_TLS_OTHER, kinds=_DEPLOY_KINDS))
    for path in ctx.other:
        if PurePosixPath(path).name.lower() == "caddyfile":
            tls.add(path, 1)
    mtls.update(ctx.grep_other(_MTLS_OTHER, kinds=_DEPLOY_KINDS))
    _set_for_http(ctx, http, "tls.configured", tls,
                  "" if not http or tls else "no ssl_certfile/ssl_keyfile, SSL context or TLS-terminating proxy config found")
    ctx.set("tls.client_auth", bool(mtls and tls) if http else None, mtls if http else None,
            "" if not http or mtls else "client certificates are not required (no CERT_REQUIRED / ssl_verify_client)")


def _local_or_namespace_host(host: str) -> bool:
    host = host.lower()
    if host in ("localhost", "0.0.0.0", "::1", "::", "host.docker.internal") or host.startswith("127."):
        return True
    if host.endswith((".localhost", ".local", ".test", ".invalid", ".example")):
        return True
    if "{" in host or "%" in host or "<" in host:
        return False
    return bool(_NAMESPACE_HOSTS.search(host))


def _plain_http(ctx: Context) -> None:
    plain = Evidence()
    for py in ctx.py:
        for s, in_f in py.strings:
            if "http://" not in s.value or s.value.rstrip().endswith("#"):
                continue
            par = py.parent(s)
            if isinstance(par, ast.Call) and last(py.dotted(par.func) or "") in _NAMESPACE_CALLS:
                continue  # an RDF/XML namespace identifier, not an endpoint
            for m in _URL.finditer(s.value):
                host = m.group(1).lower().strip("[]")
                if not host:
                    if in_f and s.value.rstrip().endswith("http://"):
                        plain.add(py.path, s.lineno)  # f"http://{host}..."
                    continue
                if _local_or_namespace_host(host):
                    continue
                plain.add(py.path, s.lineno)
    ctx.set("tls.plain_http", bool(plain), plain,
            "plain http:// URLs to non-local hosts" if plain else "")


def _cors(ctx: Context, http: bool) -> None:
    cors, wild, wild_cred = Evidence(), Evidence(), Evidence()
    for py in ctx.py:
        for call, name in py.calls:
            names = [name] + [py.dotted(a) or "" for a in call.args]
            if not any(last(n) == "CORSMiddleware" for n in names):
                continue
            cors.add(py.path, call.lineno)
            origins = kw(call, "allow_origins")
            regex = kw(call, "allow_origin_regex")
            is_wild = False
            if origins is not None:
                vals = [origins] if isinstance(origins, ast.Constant) else getattr(origins, "elts", [])
                is_wild = any(const(v) == "*" for v in vals)
            if regex is not None and const(regex) in _WILDCARD_REGEXES:
                is_wild = True
            if is_wild:
                wild.add(py.path, call.lineno)
                if const(kw(call, "allow_credentials")) is True:
                    wild_cred.add(py.path, call.lineno)
    for ev in (ctx.grep_py(_HEADER_WILDCARD), ctx.grep_other(_HEADER_WILDCARD)):
        wild.update(ev)
        cors.update(ev)
    _set_for_http(ctx, http, "cors.configured", cors)
    _set_for_http(ctx, http, "cors.wildcard", wild,
                  "any origin may call the server from a browser" if wild else "")
    _set_for_http(ctx, http, "cors.wildcard_credentials", wild_cred,
                  "wildcard origin with allow_credentials=True" if wild_cred else "")


def _header_lines(path: str, text: str, lines: Optional[List[str]], skip_comments: bool,
                  found: Set[str], hev: Evidence) -> bool:
    """Collect the security header names set in one file into ``found`` (lines into ``hev``);
    True when the file uses a security-headers library."""
    if not (anywhere(_HEADER, text) or anywhere(_HEADER_LIBRARY, text)):
        return False
    lib = False
    for i, line in enumerate(lines if lines is not None else split_lines(text), 1):
        if skip_comments and line.lstrip().startswith("#"):
            continue
        for m in _HEADER.finditer(line):
            found.add(m.group(0).lower())
            hev.add(path, i)
        if _HEADER_LIBRARY.search(line):
            lib = True
            hev.add(path, i)
    return lib


def _security_headers(ctx: Context, http: bool) -> None:
    found: Set[str] = set()
    hev = Evidence()
    lib = False
    for py in ctx.py:
        lib = _header_lines(py.path, py.text, py.lines, True, found, hev) or lib
    for path, text in ctx.other.items():
        lib = _header_lines(path, text, None, False, found, hev) or lib
    if not http:
        ctx.set("http.security_headers", None)
    else:
        val: Any = True if lib or len(found) >= 3 else ("partial" if found else False)
        ctx.set("http.security_headers", val, hev, f"headers set: {', '.join(sorted(found)) or 'none'}")


def decide(ctx: Context) -> None:
    """Set the bind, auth, TLS, plain-http, CORS and security-header facts."""
    http = ctx.value("transport.http") is True
    _bind(ctx, http)
    _auth(ctx, http)
    _tls(ctx, http)
    _plain_http(ctx)
    _cors(ctx, http)
    _security_headers(ctx, http)
