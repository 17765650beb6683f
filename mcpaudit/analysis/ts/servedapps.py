"""Which of a project's web apps is the one that is started (issue 14, ts49b).

    // src/bootstrapServer.ts: export function createApp() { const app = express(); ... }  (imported by nothing)
    // src/createApp.ts:       export function createApp() { const app = express(); ... }  (105 routes)
    // src/server.ts:          import { createApp } from './createApp'; createApp().listen(PORT)   (npm start)

When the posture decides that MCP is served over HTTP with no authentication and no serving call
of the rule's own is there to report (``inventory.reconcile_http``), it reports at one of the
places that build an HTTP server. A project may build several, and some are never started: an app
factory left in a module nothing imports. The evidence is ordered here by reachability: first the
places in modules an entry point loads (``package.json`` ``main``/``bin``/``exports``, the source
files its scripts, Dockerfiles and the like name, and every module whose top level calls
``listen``), following static imports as :mod:`.entrygraph` does. Where the first such place is an
app factory of another module, the report moves to the top-level ``listen`` of the reached module
that imports it: the call that serves the app. The order is only a choice of where to report; a
module loaded by a computed name is no edge here (nothing is dropped for it), and when no entry
point is known the evidence keeps its order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple

from ...models import Location
from ...sources import is_test_path
from .entrygraph import _COMMENT, _LITERAL_CALL, _SOURCE_EXT, _STATIC, _resolve, _run_named
from .orphans import _json, _packages, _specs, package_entries

#: a ``listen`` call at a module's top level (a statement starting in column 0)
_TOP_LISTEN = re.compile(r"^(?:await\s+)?[\w$]+(?:\([^()\n]*\))?(?:\.[\w$]+)*\.listen\s*\(", re.M)


def served_first(project, root: Optional[Path], evidence: Sequence[Location]) -> List[Location]:
    """``evidence`` with the places in reached modules first, and, before them, the top-level
    ``listen`` that serves the first one's app from another module (when there is one)."""
    ev = list(evidence)
    if project is None or root is None or len({l.path for l in ev if l.path.endswith(_SOURCE_EXT)}) < 2:
        return ev
    rels = [p for p in project.files if p.endswith(_SOURCE_EXT) and not is_test_path(p) and not p.endswith(".d.ts")]
    texts = {r: _COMMENT.sub(" ", project.files[r].text or "") for r in rels}
    reached = _reached(Path(root), rels, texts)
    if not reached or not any(l.path in reached for l in ev):
        return ev
    ev.sort(key=lambda l: l.path.endswith(_SOURCE_EXT) and l.path not in reached)
    listen = _listener(ev[0].path, reached, texts, Path(root))
    return [listen, *ev] if listen is not None else ev


def listen_words(ev: Sequence[Location], evidence: Sequence[Location]) -> Optional[str]:
    """Where the report is when :func:`served_first` moved it to a ``listen`` (not evidence)."""
    if len(ev) > 1 and ev[0] not in evidence:
        return f"{ev[0].path}:{ev[0].line}: serves the app built at {ev[1].path}:{ev[1].line}"
    return None


def _reached(root: Path, rels: List[str], texts: Dict[str, str]) -> Set[str]:
    scanned, named, out = set(rels), _run_named(root), set()
    packages = _packages(root, rels)
    placed = {m for ms in packages.values() for m in ms}
    loose = [r for r in rels if r not in placed]
    if loose:  # a tree scanned without its package.json: the listening modules are the entries
        packages[""] = packages.get("", []) + loose
    for folder, members in packages.items():
        entries = package_entries(root, folder, [*_specs(_json(root / folder / "package.json")), *named], scanned)
        entries |= {m for m in members if _TOP_LISTEN.search(texts.get(m, ""))}
        tsc = _json(root / folder / "tsconfig.json").get("compilerOptions") or {}
        out |= _walk(entries, texts, scanned, folder, tsc)
    return out


def _walk(entries: Set[str], texts: Dict[str, str], scanned: Set[str], folder: str, tsc: dict) -> Set[str]:
    """Every module reached from ``entries`` by static and literal imports (lenient: a computed or
    unresolved specifier is no edge)."""
    base_url = str(tsc.get("baseUrl") or "")
    paths = tsc.get("paths") if isinstance(tsc.get("paths"), dict) else {}
    seen, todo = set(entries), sorted(entries)
    while todo:
        m = todo.pop()
        for t in _imports(m, texts.get(m, ""), scanned, folder, base_url, paths) - seen:
            seen.add(t)
            todo.append(t)
    return seen


def _imports(m: str, text: str, scanned: Set[str], folder: str, base_url: str, paths: dict) -> Set[str]:
    out: Set[str] = set()
    for spec in {*_STATIC.findall(text), *_LITERAL_CALL.findall(text)}:
        out |= _resolve(m, spec, scanned, folder, base_url, paths) or set()
    return out


def _listener(target: str, reached: Set[str], texts: Dict[str, str], root: Path) -> Optional[Location]:
    """The first top-level ``listen`` of a reached module that imports ``target``."""
    found: List[Tuple[str, int]] = []
    for m in sorted(reached):
        if m == target:
            continue
        text = texts.get(m, "")
        hit = _TOP_LISTEN.search(text)
        if hit is None:
            continue
        folder = next((f for f in _folders(m) if (root / f / "package.json").is_file()), "")
        if target in _imports(m, text, set(texts), folder, "", {}):
            found.append((m, text.count("\n", 0, hit.start()) + 1))
    return Location(found[0][0], found[0][1]) if found else None


def _folders(m: str):
    parts = m.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(len(parts), -1, -1)]


__all__ = ["listen_words", "served_first"]
