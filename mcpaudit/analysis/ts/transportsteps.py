"""Where a TypeScript MCP transport listens and where it is built (issue 14, tsflow30).

``http-transport-no-auth`` reports a TypeScript server where its transport (or socket server) is
created; a reader judging it needs two more places, which this module records as steps of the
finding's flow:

* the ``listen(port, host)`` call(s) that serve the transport's HTTP server, with their address
  ("listens on 127.0.0.1:PORT", "listens on every interface"). Only the listen calls of the
  transport's own module are named, and only when they all start the same server object (one
  receiver: ``httpServer.listen(...)``): a module that listens with two servers (the MCP app and a
  metrics app) names none, since a step must not show a listener that serves another server;
* for a transport class of the project's own (``class X implements Transport`` building a
  WebSocket server, owntransport.py), each ``new X(...)`` site in the project, and the listen
  calls of the module that constructs it (the same one-server rule).

Each step is a real place of the scanned code: its file, line and a text naming what it does.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from .listenhost import ALL_INTERFACES

_RECEIVER = re.compile(r"([\w$][\w$.]*)\s*\.\s*listen\s*\(\s*([^,)]*)")
_ANY_LISTEN = re.compile(r"(\S*?)\s*\.\s*listen\s*\(")  # (a receiver ending in a call too: createServer(h).listen(...))
_OWN_CLASS = re.compile(r" in class ([\w$.]+) implements Transport$")
_EVERY = {ALL_INTERFACES, "0.0.0.0", "::0", "[::]", "*"}
_MAX = 3


def where(host: str, port: str) -> str:
    if host in _EVERY:
        return "every interface" + (f", port {port}" if port else "")
    return f"{host}:{port}" if port else host


def listen_steps(project, path: str, hosts: List[tuple]) -> List[Tuple[str, int, str]]:
    """(path, line, text) of the listen calls ``hosts`` (a module's ``listen_hosts``) when they all
    start one server object; [] otherwise."""
    src = project.files.get(path)
    if src is None or not hosts:
        return []
    found, receivers = [], set()
    for host, default, env, pos in hosts:
        m = _RECEIVER.search(src.line(pos[0]) or "")
        if m is None:
            return []  # a listen call whose server is not read here: name none
        receivers.add(m.group(1))
        port = m.group(2).strip()
        words = f"listens on {where(host, port)}" + (f" unless {env} is set" if env and default else "")
        found.append((path, pos[0], f"{m.group(1)}.listen() {words}: the HTTP server the transport is served on"))
    receivers.update(m.group(1) for m in _ANY_LISTEN.finditer(src.text))  # (listen calls of unknown address too)
    if len(receivers) != 1:
        return []  # two servers listen in this module: which one serves MCP is not known
    return sorted(set(found), key=lambda s: s[1])[:_MAX]


def _constructions(project, cls: str, home: str) -> List[Tuple[str, int]]:
    """(path, line) of each ``new Cls(`` in the project's TypeScript/JavaScript files but the
    class's own module."""
    pattern = re.compile(r"\bnew\s+%s\s*[(<]" % re.escape(cls))
    out = []
    for p, f in sorted(project.files.items()):
        if p.endswith(".py") or p == home or cls not in f.text:
            continue
        for m in pattern.finditer(f.text):
            out.append((p, f.text.count("\n", 0, m.start()) + 1))
    return out[:_MAX]


def _own_class(site: dict) -> Optional[str]:
    m = _OWN_CLASS.search(str(site.get("detail", "")))
    return m.group(1).split(".")[-1] if m else None


def settle(project, modules: Dict[str, object]) -> None:
    """Record on each TypeScript serving site the steps a reader needs (``steps``: (path, line,
    text)): its module's listen calls, or a project transport class's constructions and their
    modules' listen calls."""
    from ..project import NOT_SERVING

    for s in project.http_servers:
        path = str(s.get("path", ""))
        if path.endswith(".py") or s.get("kind") in NOT_SERVING or path not in modules:
            continue
        steps: List[Tuple[str, int, str]] = []
        if not s.get("listens"):  # (a route handler's transport: mountedlisten.py names its listener)
            steps += listen_steps(project, path, getattr(modules[path], "listen_hosts", None) or [])
        cls = _own_class(s)
        for p, line in _constructions(project, cls, path) if cls else []:
            steps.append((p, line, f"new {cls}() constructs the project's transport here"))
            if p in modules:
                steps += listen_steps(project, p, getattr(modules[p], "listen_hosts", None) or [])
        if steps:
            s["steps"] = steps


__all__ = ["listen_steps", "settle", "where"]
