"""What a TypeScript first pass could leave out: the handler closure of a tree, measured.

    python benchmarks/ts_firstpass_probe.py TREE [--report REPORT.json] [--list]   (prints one JSON object)

Over the TypeScript/JavaScript files the ts engine analyses in TREE (mcpaudit's discovery, test
files left out as the engine leaves them), each file is analysed as the engine does
(``ts.analyze_file`` with the names other modules give it) and timed (thread CPU, the minimum of
two runs after a warm-up). From the summaries:

* ``seeds``: modules whose own summary registers an MCP tool, prompt or resource, defines a
  handler, an HTTP serving site or authentication evidence;
* ``closure``: the seeds and every module reachable from them through their imports (static
  imports and re-exports as the linker resolves them, plus ``import("./x")`` / ``require("./x")``
  specifiers read from the text) -- the Python first pass's design (a selected module's callees);
* ``component``: the seeds and every module connected to them by an import in either direction
  (the modules that import a seed too: entry points that hand a server to a registration helper,
  tool-definition modules a loop elsewhere registers).

Printed per set: files and bytes outside it and the per-file analysis CPU they took. With
``--report`` (the JSON report of a scan of the same TREE), the report's findings, capabilities
and posture-fact evidence in TypeScript files outside each set are listed: what a first pass
selecting only that set would have to keep by another rule. A scratch measure for issue 15; it
changes nothing in the scan.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
import time
from pathlib import Path
from typing import Dict, List, Set, Tuple

_DYNAMIC = re.compile(r"""\b(?:import|require)\s*\(\s*["'](\.{1,2}/[^"']+)["']""")


def _timed_analysis(files: List[Tuple[str, str]], shared) -> Tuple[Dict[str, object], Dict[str, float], Dict[str, int]]:
    from mcpaudit.engines import ts

    summaries: Dict[str, object] = {}
    cpu: Dict[str, float] = {}
    size: Dict[str, int] = {}
    for a, r in files[:3]:  # warm-up
        ts.analyze_file(a, r, 10 << 20, 20.0, extra_imports=shared)
    for a, r in files:
        best = float("inf")
        for _ in range(2):
            t = time.thread_time()
            res = ts.analyze_file(a, r, 10 << 20, 20.0, extra_imports=shared)
            best = min(best, time.thread_time() - t)
        res.materialize()
        summaries[r], cpu[r] = res.summary, best
        size[r] = Path(a).stat().st_size
    return summaries, cpu, size


def _edges(root: Path, files: List[Tuple[str, str]], summaries: Dict[str, object]) -> Dict[str, Set[str]]:
    """Module -> the modules it imports (as the linker resolves a static import; dynamic
    ``import()`` / ``require()`` of a relative specifier resolved by path)."""
    from mcpaudit.analysis.ts.link import TsLinker
    from mcpaudit.analysis.ts.module import module_key
    from mcpaudit.engines import ts

    mods = {r: s for r, s in summaries.items() if s is not None}
    lk = TsLinker(mods, workspaces=ts.workspaces(root, files))
    out: Dict[str, Set[str]] = {}
    for a, r in files:
        s = mods.get(r)
        got: Set[str] = set()
        refs = list(s.imports.values()) + list(s.star_exports) + [v for v in s.exports.values() if isinstance(v, str)] if s else []
        for v in refs:
            v = lk.in_workspace(v) or v
            p = lk.module_of(v.split("#")[0]) if v else None
            if p:
                got.add(p)
        text = Path(a).read_text(encoding="utf-8", errors="replace")
        for spec in _DYNAMIC.findall(text):
            p = lk.module_of(module_key(posixpath.normpath(posixpath.join(posixpath.dirname(r), spec))))
            if p:
                got.add(p)
        got.discard(r)
        out[r] = got
    return out


def _reach(seeds: Set[str], edges: Dict[str, Set[str]]) -> Set[str]:
    seen, todo = set(seeds), list(seeds)
    while todo:
        for d in edges.get(todo.pop(), ()):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def _outside_items(report: dict, rels: Set[str], kept: Set[str]) -> Dict[str, list]:
    items = [("finding", f["rule_id"], f["path"], f["line"], f.get("tool"), f.get("confidence")) for f in report.get("findings", [])]
    items += [("capability", c.get("rule_id"), c.get("path"), c.get("line"), c.get("tool"), None) for c in report.get("capabilities", [])]
    out = [list(i) for i in items if i[2] in rels and i[2] not in kept]
    facts = sorted({p for fact in report.get("facts") or [] for p in rels - kept if p in json.dumps(fact)})
    return {"items": out, "fact_files": facts}


def probe(tree: Path, report: dict = None) -> Dict[str, object]:
    from mcpaudit.analysis.ts.parse import is_ts_source
    from mcpaudit.api import discover, scan_root
    from mcpaudit.config import Config
    from mcpaudit.engines import ts
    from mcpaudit.sources import is_test_path

    root = scan_root([tree])
    py, scripts, _skipped = discover([tree], root, Config())
    every = [(a, r) for a, r in [*py, *scripts] if is_ts_source(r)]
    files = [(a, r) for a, r in every if not is_test_path(r)]
    shared = ts.with_workspaces(ts.shared_sinks(every, 10 << 20), ts.workspaces(root, every), [r for _a, r in every])
    summaries, cpu, size = _timed_analysis(files, shared)
    seeds = {r for r, s in summaries.items() if s is not None and (
        s.registrations or s.handlers or s.http or s.auth or s.added_tools or s.lowlevel_tools)}
    edges = _edges(root, files, summaries)
    both: Dict[str, Set[str]] = {}
    for r, ds in edges.items():
        for d in ds:
            both.setdefault(r, set()).add(d)
            both.setdefault(d, set()).add(r)
    sets = {"closure": _reach(seeds, edges), "component": _reach(seeds, both)}
    rels = set(summaries)
    out: Dict[str, object] = {"files": len(files), "bytes": sum(size.values()), "analysis_cpu_s": round(sum(cpu.values()), 4),
                              "seeds": len(seeds)}
    for name, kept in sets.items():
        left = sorted(rels - kept)
        row: Dict[str, object] = {"kept": len(kept), "outside_files": len(left), "outside_bytes": sum(size[r] for r in left),
                                  "outside_cpu_s": round(sum(cpu[r] for r in left), 4), "outside": left}
        if report is not None:
            row.update(_outside_items(report, rels, kept))
        out[name] = row
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tree", type=Path)
    ap.add_argument("--report", type=Path, help="the JSON report of a scan of TREE")
    ap.add_argument("--list", action="store_true", help="list the files outside each set")
    args = ap.parse_args()
    report = json.loads(args.report.read_text()) if args.report else None
    got = probe(args.tree, report)
    if not args.list:
        for name in ("closure", "component"):
            got[name].pop("outside")  # type: ignore[union-attr]
    print(json.dumps(got, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
