"""An HTTP transport where each request must bring its own credential (issue 14, ts31b).

    function createRemoteServerList(req, res) {
      const apiKey = req.headers[API_KEY_NAME] as string | undefined;   // "x-api-token"
      if (!apiKey) { res.statusCode = 401; res.end("Unauthorized: Missing x-api-token header"); return null; }
      return new ServerList(async () => createMcpServer({ headers: req.headers, apiKey }));
    }

A request without the credential header is refused; the header's value is handed to the factory
that builds the server its tools run in (the vendor client the tools call, keyed per caller). The
server does not check the value: it is the caller's own key for the vendor's service, which checks
it. An unauthenticated caller of such a gateway spends only its own key, as it could by calling the
service directly, so ``http-transport-no-auth`` reports it at low confidence, saying why, when the
tools only send requests (no file, command, code or database effect the server itself would hold).

Only the plain shape, in one function: the header read into a local (a literal name, or a module
constant naming a credential header), a refusal when it is missing (``if (!key)`` with a 401 or
``Unauthorized`` in its branch), and the local passed to a call after that (``createMcpServer({
apiKey })``, ``new Client(key)``; not a test or a log line). mend45b: no fallback after the read
(``?? process.env.KEY``), only in the reported site's package (nearest ``package.json``) and
outside test files. ts49b: the credential read the express/Hono/koa way too (``req.header(n)``,
``req.get(n)``, ``c.req.header(n)``, ``req.headers.authorization``), directly or as an argument of
a project helper that picks it (``getConnectionSecret(req.header("Authorization"),
req.query.nwc)``: the query parameter a second source of the same credential; the helper must
not fall back to the environment), and any 4xx status set in the refusal (``res.status(400)``,
``c.json(..., 400)``, ``statusCode = 403``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Optional

_TS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
#: the effects the tools may have: requests to other hosts (a browser's too)
_REQUESTS = frozenset({"request", "network"})
#: the header read into a local, the statement ending after ``]`` (``;``, ``as T`` or the line's
#: end): ``?? process.env.KEY`` or ``|| KEY`` would fall back to the operator's key
_READ = re.compile(r"""(?:const|let|var)\s+(\w+)\s*=\s*\w+\.headers\s*\[\s*([\w$.]+|["'][\w-]+["'])\s*\]"""
                   r"""(?=\s*(?:;|as\s+[\w$.<>|\[\]\s]+?;|as\s+[^\n?|]*$|$))""", re.M)
#: a request header read the framework's way: express ``req.header(n)``/``req.get(n)``, Hono
#: ``c.req.header(n)``, ``req.headers.authorization``; group 1 or 2 the header's name
_HEADER_CALL = re.compile(r"""\b\w+(?:\.req)?\.(?:header|get)\s*\(\s*(["'][\w-]+["']|[A-Z_][\w$.]*)\s*\)"""
                          r"""|\b\w+\.headers\s*(?:\.\s*(\w+)|\[\s*(["'][\w-]+["']|[\w$.]+)\s*\])""")
#: a local bound to a project helper's result, the whole statement ending after the call's ``)``
_HELPER_READ = re.compile(r"""(?:const|let|var)\s+(\w+)\s*(?::\s*[\w$.<>|\[\]\s]+?)?=\s*(?:await\s+)?"""
                          r"""([\w$]+)\s*\(([^;{}]*?)\)\s*(?:as\s+[^;\n]+)?;""")
_CONST = re.compile(r"""(?:const|let|var)\s+(\w+)\s*=\s*["']([\w-]+)["']""")
_CREDENTIAL_HEADER = re.compile(r"(?i)^(authorization|x-[\w-]*(?:token|key)|[\w-]*api[-_]?(?:token|key))$")
#: calls that do not hand the key on: a test, a log line
_NOT_PASSED = re.compile(r"(?:\b(?:if|while|switch)|\b(?:console|logger|log)\s*\.\s*\w+|\b(?:debug|info|warn|error|log))\s*$")


def byok_words(project, path: str = "") -> Optional[str]:
    """Why the HTTP transport of the package holding ``path`` is a bring-your-own-key gateway,
    or None: the shape must be in a non-test file of that package (its nearest ``package.json``
    folder). Computed once per project."""
    kinds = getattr(project, "tool_effect_kinds", None)
    if kinds is None or not set(kinds) <= _REQUESTS:  # (none known: the tools reach nothing of the server's)
        return None
    found = getattr(project, "_byok_gateways", None)
    if found is None:
        found = _gateways(project)
        try:
            project._byok_gateways = found
        except AttributeError:  # (a project object that keeps no attributes)
            pass
    return found.get(_package(project, path))


def _gateways(project) -> Dict[str, str]:
    """{package folder: words} for the packages with a gateway's shape in a non-test file."""
    from ...sources import is_test_path

    texts = {p: s.text for p, s in project.files.items() if p.endswith(_TS) and not is_test_path(p)}
    consts: Dict[str, str] = {}
    for text in texts.values():
        consts.update((m.group(1), m.group(2)) for m in _CONST.finditer(text))
    out: Dict[str, str] = {}
    for p, text in texts.items():
        for key, header, end in _reads(text, texts):
            header = consts.get(header.rsplit(".", 1)[-1], header)
            status = _refused_then_passed(text[end:], key) if _CREDENTIAL_HEADER.match(header) else None
            if status:
                out.setdefault(_package(project, p), (
                    f"; every request must bring its own credential in the {header} header (refused with {status} "
                    "without one), which the server hands to the client its tools call: a caller without "
                    "authentication spends only its own key, and the tools only send requests"))
    return out


def _reads(text: str, texts: Dict[str, str]):
    """(local, header name, end) of each credential read into a local: ``x.headers[NAME]``, or a
    framework's header read given to a project helper (its argument; not one falling back to the
    environment)."""
    for m in _READ.finditer(text):
        yield m.group(1), m.group(2).strip("\"'"), m.end()
    for m in _HELPER_READ.finditer(text):
        h = _HEADER_CALL.search(m.group(3))
        if h is not None and _helper(m.group(2), texts):
            yield m.group(1), next(g for g in h.groups() if g).strip("\"'"), m.end()


def _helper(name: str, texts: Dict[str, str], depth: int = 0) -> bool:
    """A project function ``name`` whose body reads no environment variable (it picks the
    caller's value or gives undefined): neither ``process.env`` itself, nor a module-level name of
    its file bound to it (``const OPERATOR = process.env.X``), nor a function of the project it
    calls that does (rev50)."""
    d = _def_rx(name)
    for text in texts.values():
        m = d.search(text)
        if m is not None:
            body = text[m.end():m.end() + 1500]
            close = re.search(r"\n\}", body)
            body = body[:close.end()] if close else body
            if "process.env" in body or any(re.search(rf"(?<![\w$.]){re.escape(v)}\b", body) for v in _env_names(text)):
                return False
            called = {c for c in re.findall(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*\(", body) if c != name}
            return depth >= 2 or all(_helper(c, texts, depth + 1) for c in called if _defined(c, texts))
    return False


#: a module-level name bound to an environment read (``const DEFAULT_KEY = process.env.KEY ?? ""``)
_ENV_CONST = re.compile(r"^(?:export\s+)?(?:const|let|var)\s+([\w$]+)\s*(?::[^=\n]+)?=[^;\n]*\bprocess\.env\b", re.M)


def _env_names(text: str):
    return _ENV_CONST.findall(text)


def _def_rx(name: str) -> "re.Pattern[str]":
    """The definition of a function ``name``: ``function name(`` or ``const name = (async) (``."""
    return re.compile(r"(?:function\s+" + re.escape(name) + r"\s*\(|(?:const|let)\s+" + re.escape(name) + r"\s*=\s*(?:async\s*)?\()")


def _defined(name: str, texts: Dict[str, str]) -> bool:
    d = _def_rx(name)
    return any(d.search(t) for t in texts.values())


def _package(project, path: str) -> str:
    """The nearest folder above ``path`` holding a ``package.json`` ('' for the repository)."""
    root = Path(str(getattr(project, "root", "") or "."))
    parts = path.split("/")[:-1]
    for n in range(len(parts), 0, -1):
        if (root / "/".join(parts[:n]) / "package.json").is_file():
            return "/".join(parts[:n])
    return ""


#: a 4xx status set in a refusing branch (``res.status(400)``, ``statusCode = 403``, ``c.json(x, 401)``)
_STATUS = re.compile(r"(?:status\s*\(\s*|statusCode\s*=\s*|,\s*)(4\d\d)\b")


def _refused_then_passed(rest: str, key: str) -> Optional[str]:
    """The status a missing ``key`` is refused with ('401' for an ``Unauthorized`` text), when the
    refusal comes first and ``key`` is then passed to a call; else None."""
    k = re.escape(key)
    refusal = re.search(r"if\s*\(\s*!\s*" + k + r"\s*\)\s*\{([^{}]*)\}", rest[:600])
    if refusal is None or re.search(r"(?<![\w$.])" + k + r"\s*(?:\?\?|\|\||&&)?=(?!=)", rest[:refusal.start()]):
        return None  # (rev50: ``if (!key) key = process.env.KEY;`` before it: the refusal never fires)
    st = _STATUS.search(refusal.group(1))
    status = st.group(1) if st else ("401" if re.search(r"401|[Uu]nauthori[sz]ed", refusal.group(1)) else None)
    if status is None:
        return None
    after = rest[refusal.end():refusal.end() + 800]
    for m in re.finditer(r"([\w$.]*\w)\s*\(([^;]*)", after):
        if re.search(r"(?<![\w$.])" + k + r"\b(?!\s*:)", m.group(2)) and not _NOT_PASSED.search(after[:m.end(1)]):
            return status
    return None


__all__ = ["byok_words"]
