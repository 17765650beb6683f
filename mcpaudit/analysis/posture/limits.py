"""Limit facts: what bounds the work one caller can make the server do.

Decides ``limits.rate_limit``, ``limits.http_timeouts``, ``limits.subprocess_timeouts`` and
``limits.resources`` from:

* rate limiting: rate-limit libraries imported or applied (slowapi, limits, aiolimiter...), a
  rate limiter/throttle/token bucket defined in the code *and used*, proxy/ingress rate limits;
* timeouts: each outbound HTTP call (requests, httpx, aiohttp, urllib3, http.client, urlopen) and
  each subprocess call, with or without a timeout (``Popen``/asyncio subprocesses: a
  ``communicate``/``wait`` with a timeout or a ``wait_for`` in the same function);
* resources: ``setrlimit``/``prlimit`` calls, compose/Kubernetes/docker-run/systemd limits.
"""

from __future__ import annotations

import re

from .context import Context
from .evidence import Evidence, prefiltered
from .pyindex import const, kw, last

_RL_IMPORT = prefiltered(re.compile(
    r"^\s*(?:from|import)\s+(slowapi|limits|fastapi_limiter|ratelimit|ratelimiter|aiolimiter|pyrate_limiter"
    r"|asyncio_throttle|throttled|starlette_ratelimit|asgi_ratelimit|redis_rate_limit|token_bucket)\b"
    r"|\b(?:Sliding\w*)?RateLimitingMiddleware\b|\bLimiter\s*\(|@\w+\.limit\("),
    "slowapi", "limits", "imiter", "ratelimit", "rate_limit", "throttl", "token_bucket", "RateLimiting",
    ".limit(")
_RL_DEF = prefiltered(
    re.compile(r"^\s*(?:async\s+def|def|class)\s+(\w*(?:rate_?limit|ratelimit|throttl|token_?bucket|leaky_?bucket|limiter)\w*)", re.I),
    "imit", "IMIT", "hrottl", "HROTTL", "ucket", "UCKET")
_RL_OTHER = re.compile(r"\blimit_req\b|\blimit_req_zone\b|rateLimit|ratelimit|limit-rps|limit-rpm|rate-limit", re.I)

_REQUEST_FUNCS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
_CLIENTS_WITH_TIMEOUT = ("aiohttp.ClientSession", "urllib3.PoolManager", "http.client.HTTPConnection",
                         "http.client.HTTPSConnection")

_SUBPROCESS_RUN = ("subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output")
_SUBPROCESS_SPAWN = ("subprocess.Popen", "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell")
_WAIT_WITH_TIMEOUT = re.compile(r"\.(?:communicate|wait)\([^)]*timeout|\bwait_for\s*\(|\btimeout(?:_at)?\s*\(")

_RESOURCE_LIMITS_OTHER = re.compile(
    r"^\s*(?:mem_limit|memswap_limit|cpus|cpu_quota|pids_limit|ulimits)\s*:|^\s*limits:\s*$"
    r"|--memory[= ]|--cpus[= ]|--pids-limit|\b(?:MemoryMax|MemoryLimit|CPUQuota|LimitNOFILE|TasksMax)=")
_RESOURCE_LIMITS_JSON = re.compile(r"\"--(?:memory|cpus|pids-limit)\"")


def _tri(ctx: Context, fid: str, ok: Evidence, missing: Evidence, what: str) -> None:
    """Null without any such call, true when every one is covered, partial or false otherwise
    (with the uncovered ones as evidence)."""
    if not ok and not missing:
        ctx.set(fid, None, note="no such calls")
    elif not missing:
        ctx.set(fid, True, ok)
    else:
        ctx.set(fid, "partial" if ok else False, missing, f"{len(missing)} {what}")


def _rate_limit(ctx: Context) -> None:
    rl = ctx.grep_py(_RL_IMPORT)
    rl.update(ctx.used_definitions(_RL_DEF))
    rl.update(ctx.grep_other(_RL_OTHER, kinds={"yaml", "other"}))
    ctx.set("limits.rate_limit", bool(rl), rl, "" if rl else "no rate limiter found")


def _http_timeouts(ctx: Context) -> None:
    ok, missing = Evidence(), Evidence()
    for py, call, name in ctx.calls(lambda n: True):
        parts = name.split(".")
        timeout = kw(call, "timeout")
        has_timeout = timeout is not None and const(timeout) is not None
        if parts[0] == "requests" and len(parts) == 2 and parts[1] in _REQUEST_FUNCS:
            (ok if has_timeout else missing).add(py.path, call.lineno)
        elif parts[0] == "httpx" and len(parts) == 2 and (parts[1] in _REQUEST_FUNCS | {"stream", "Client", "AsyncClient"}):
            # httpx applies a 5 s default; only an explicit timeout=None disables it
            explicit_none = timeout is not None and const(timeout) is None
            (missing if explicit_none else ok).add(py.path, call.lineno)
        elif name in _CLIENTS_WITH_TIMEOUT:
            (ok if has_timeout else missing).add(py.path, call.lineno)
        elif name in ("urllib.request.urlopen",):
            (ok if has_timeout or len(call.args) >= 3 else missing).add(py.path, call.lineno)
    _tri(ctx, "limits.http_timeouts", ok, missing, "outbound HTTP call(s) without a timeout")


def _subprocess_timeouts(ctx: Context) -> None:
    ok, missing = Evidence(), Evidence()
    for py, call, name in ctx.calls(lambda n: n.startswith(("subprocess.", "asyncio.", "os."))):
        if name in _SUBPROCESS_RUN:
            t = kw(call, "timeout")
            (ok if t is not None and const(t) is not None else missing).add(py.path, call.lineno)
        elif name in _SUBPROCESS_SPAWN:
            fn = py.enclosing_func(call)
            seg = py.segment(fn.lineno, fn.end_lineno) if fn is not None else py.text
            (ok if _WAIT_WITH_TIMEOUT.search(seg) else missing).add(py.path, call.lineno)
        elif name in ("os.system", "os.popen"):
            missing.add(py.path, call.lineno)
    _tri(ctx, "limits.subprocess_timeouts", ok, missing, "subprocess call(s) without a timeout")


def _resources(ctx: Context) -> None:
    res = Evidence()
    for py, call, name in ctx.calls(lambda n: last(n) in ("setrlimit", "prlimit")):
        res.add(py.path, call.lineno)
    res.update(ctx.grep_other(_RESOURCE_LIMITS_OTHER, kinds={"yaml", "other", "docker"}))
    res.update(ctx.grep_other(_RESOURCE_LIMITS_JSON, names=lambda p: p.lower().endswith(".json")))
    ctx.set("limits.resources", bool(res), res, "" if res else "no setrlimit, container, pod or unit limits found")


def decide(ctx: Context) -> None:
    """Set the rate-limit, timeout and resource-limit facts."""
    _rate_limit(ctx)
    _http_timeouts(ctx)
    _subprocess_timeouts(ctx)
    _resources(ctx)
