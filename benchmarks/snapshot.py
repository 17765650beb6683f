#!/usr/bin/env python3
"""Write mcpaudit's JSON and SARIF reports for a fixed set of trees, to compare two versions.

    python benchmarks/snapshot.py --out /tmp/snap-before [--src CHECKOUT] [--only NAME,...]
    python benchmarks/snapshot.py --compare /tmp/snap-before /tmp/snap-after [--allow REGEX ...]
    python benchmarks/snapshot.py --out /tmp/snap-full --scan-args "--no-first-pass -j 1"

The trees: every folder of ``fixtures/``; every case tree of ``../shared/corpus/dev.json`` at its
vulnerable and fixed commits, and its clean trees; and a few real servers (``REAL`` below). Trees
come from local snapshots (``benchmarks/trees.py``); a tree whose snapshot is absent is skipped
with a message. Reports are written without timestamps or timings (``SOURCE_DATE_EPOCH``) and
from an empty cache, so two runs of the same code give the same bytes.

``--src`` runs the mcpaudit package of another checkout (a ``git worktree`` of an older commit)
with this environment's semgrep and bandit, so a refactoring can be checked for identical output.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import trees  # noqa: E402

CHECKOUT = HERE.parent
CORPUS = CHECKOUT.parent / "shared" / "corpus" / "dev.json"

#: Real servers beyond the development corpus: (name, repo, commit or None for HEAD, paths)
#: (``trees.PRESETS``).
REAL: List[Tuple[str, str, Optional[str], List[str]]] = [
    (name, *trees.PRESETS[name]) for name in
    ("servers-src", "python-sdk-examples", "fastmcp-examples", "awslabs-slice")
]


def targets() -> List[Tuple[str, Optional[Tuple[str, str, List[str]]], Optional[Path]]]:
    """(name, (repo, commit, paths) or None, local path or None)."""
    out: List[Tuple[str, Optional[Tuple[str, str, List[str]]], Optional[Path]]] = []
    for d in sorted((CHECKOUT / "fixtures").iterdir()):
        if d.is_dir():
            out.append((f"fixture-{d.name}", None, d))
    if CORPUS.exists():
        doc = json.loads(CORPUS.read_text())
        seen = set()
        for c in doc.get("cases", []):
            for which in ("vuln_commit", "fixed_commit"):
                commit = c.get(which)
                if not commit:
                    continue
                key = (c["repo"], commit, c.get("root", "."))
                if key in seen:
                    continue
                seen.add(key)
                name = f"dev-{c['snapshot']}-{commit[:8]}-{c.get('root', '.').replace('/', '_')}"
                out.append((name, (c["repo"], commit, [c.get("root", ".")]), None))
        for c in doc.get("clean", []):
            out.append((f"clean-{c['snapshot']}-{c['commit'][:8]}", (c["repo"], c["commit"], c["paths"]), None))
    for name, repo, commit, paths in REAL:
        commit = commit or trees.head_commit(repo) or ""
        out.append((f"real-{name}-{commit[:8]}", (repo, commit, paths), None))
    return out


def scan(src: Path, tree: Path, out: Path, name: str, extra: Optional[List[str]] = None) -> Dict[str, object]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src)
    env["SOURCE_DATE_EPOCH"] = "0"
    env.pop("MCPAUDIT_CACHE_DIR", None)
    res = {}
    for fmt in ("json", "sarif"):
        dest = out / f"{name}.{fmt}"
        argv = [sys.executable, "-m", "mcpaudit.cli", "scan", str(tree), "-f", fmt, "-o", str(dest),
                "--fail-on", "never", "--no-cache", *(extra or [])]
        r = subprocess.run(argv, env=env, cwd=str(tree), capture_output=True, text=True, timeout=1800)
        res[fmt] = r.returncode
        if r.returncode not in (0, 1):
            (out / f"{name}.{fmt}.stderr").write_text(r.stderr)
    return res


_TREE = re.compile(r'/tmp/mcpaudit-snap-[^/"]+/')


def compare(a: Path, b: Path, allow: List[str]) -> int:
    """Print the differing lines of two snapshot folders (the scratch tree path is ignored, and
    lines matching an ``allow`` regex are explained differences); return how many reports differ
    otherwise."""
    allowed = [re.compile(p) for p in allow]
    bad = 0
    for name in sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()}):
        pa, pb = a / name, b / name
        if not (pa.exists() and pb.exists()):
            print(f"only in one snapshot: {name}")
            bad += 1
            continue
        ta = _TREE.sub("/TREE/", pa.read_text()).splitlines()
        tb = _TREE.sub("/TREE/", pb.read_text()).splitlines()
        if ta == tb:
            continue
        lines = [ln for ln in difflib.unified_diff(ta, tb, lineterm="", n=0)
                 if ln[:1] in "+-" and not ln.startswith(("+++", "---")) and not any(r.search(ln) for r in allowed)]
        if lines:
            bad += 1
            print(f"== {name}: {len(lines)} line(s)")
            print("\n".join(lines[:20]))
    print(f"reports with unexplained differences: {bad}")
    return bad


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    ap.add_argument("--allow", action="append", default=[], help="regex of an explained differing line")
    ap.add_argument("--src", type=Path, default=CHECKOUT, help="checkout whose mcpaudit package runs")
    ap.add_argument("--only", default="", help="comma-separated substrings of target names")
    ap.add_argument("--scan-args", default="", help="more arguments for every scan (e.g. '--no-first-pass -j 1')")
    a = ap.parse_args(argv)
    if a.compare:
        return 1 if compare(*a.compare, a.allow) else 0
    if a.out is None:
        ap.error("--out or --compare is required")
    a.out.mkdir(parents=True, exist_ok=True)
    only = [x for x in a.only.split(",") if x]
    work = Path(tempfile.mkdtemp(prefix="mcpaudit-snap-"))
    try:
        for name, spec, local in targets():
            if only and not any(o in name for o in only):
                continue
            if local is None:
                repo, commit, paths = spec
                if not commit or not trees.has_commit(repo, commit):
                    print(f"skip {name}: no snapshot of {repo}@{commit[:8] or 'HEAD'}")
                    continue
                tree = trees.materialise(repo, commit, paths, work / name)
            else:
                tree = local
            res = scan(a.src.resolve(), tree.resolve(), a.out, name, a.scan_args.split())
            print(f"{name}: {res}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
