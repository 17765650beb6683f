#!/usr/bin/env python3
"""Re-scan the precision ledger's servers and compare the default findings with the ledger.

    python benchmarks/precision/run.py [--only SUBSTR,...] [--show new|wrong|missed|all] [--json OUT]
                                       [--mcpaudit "python -m mcpaudit.cli"] [--keep DIR]

See README.md in this folder for the ledger format and the figures printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import trees  # noqa: E402

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

SLACK = 3
LABELS = ("real", "purpose", "wrong")


@dataclass
class Ledger:
    name: str
    repo: str
    commit: str
    paths: List[str]
    language: str
    kind: str
    findings: List[Dict[str, Any]]
    missed: List[Dict[str, Any]]
    capabilities: List[Dict[str, Any]] = field(default_factory=list)
    holdout: str = ""  # date the server joined the holdout (never used to tune the scanner); "" if it did

    @classmethod
    def load(cls, path: Path) -> "Ledger":
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        for row in doc.get("findings", []) + doc.get("capabilities", []):
            if row.get("label") not in LABELS:
                raise SystemExit(f"{path.name}: label must be one of {LABELS}: {row}")
        return cls(path.stem, doc["repo"], doc["commit"], list(doc.get("paths", ["."])),
                   doc.get("language", "python"), doc.get("kind", ""), list(doc.get("findings", [])),
                   list(doc.get("missed", [])), list(doc.get("capabilities", [])), str(doc.get("holdout", "")))


@dataclass
class Result:
    name: str
    holdout: bool = False
    skipped: Optional[str] = None
    findings: List[Dict[str, Any]] = field(default_factory=list)  # default findings, each with "label"
    capabilities: List[Dict[str, Any]] = field(default_factory=list)  # capability results, each with "label"
    in_tests: int = 0
    missed_found: List[Dict[str, Any]] = field(default_factory=list)
    missed_open: List[Dict[str, Any]] = field(default_factory=list)
    error: Optional[str] = None
    #: the report's fatal engine errors ("engine: message [path]"): its results are missing or incomplete
    engine_errors: List[str] = field(default_factory=list)
    #: the report's skipped files ("path: reason"): an engine left them out, so their findings are not counted
    skipped_files: List[str] = field(default_factory=list)

    def count(self, label: Optional[str]) -> int:
        return sum(1 for f in self.findings if f.get("label") == label)


def _match(found: List[Dict[str, Any]], rows: List[Dict[str, Any]]) -> None:
    """Give each finding the label of the nearest unused ledger row (same path and rule)."""
    used = set()
    pairs = []
    for i, f in enumerate(found):
        for j, r in enumerate(rows):
            if r["path"] == f["path"] and r["rule"] == f["rule_id"] and abs(int(r["line"]) - f["line"]) <= SLACK:
                pairs.append((abs(int(r["line"]) - f["line"]), i, j))
    for _, i, j in sorted(pairs):
        if "label" in found[i] or j in used:
            continue
        used.add(j)
        found[i]["label"] = rows[j]["label"]
        found[i]["why"] = rows[j].get("why", "")


#: files at a repository's top that say which versions of its dependencies it runs (what
#: mcpaudit/analysis/depversion.py reads, with requirements*.txt)
DECLARATIONS = ("pyproject.toml", "setup.py", "uv.lock", "poetry.lock", "pdm.lock")


def _declarations(ledger: Ledger, tree: Path) -> None:
    """A ledger that scans subfolders gets the repository's top-level declaration files too, as
    a scan of those folders in a checkout has them (its scan root is the checkout's top there):
    a lock at the top says which SDK version the server runs. Declarations only, no code."""
    if any(p.strip("/") in ("", ".") for p in ledger.paths):
        return
    gd = trees.git_dir(ledger.repo)
    listing = trees._git(gd, "ls-tree", "--name-only", ledger.commit) if gd else None
    if listing is None or listing.returncode != 0:
        return
    names = [n for n in listing.stdout.decode(errors="replace").splitlines()
             if (n in DECLARATIONS or (n.startswith("requirements") and n.endswith(".txt"))) and not (tree / n).exists()]
    if names:
        trees.materialise(ledger.repo, ledger.commit, names, tree)


def scan(ledger: Ledger, cmd: List[str], keep: Optional[Path]) -> Result:
    res = Result(ledger.name, holdout=bool(ledger.holdout))
    if not trees.has_commit(ledger.repo, ledger.commit):
        res.skipped = f"no snapshot of {ledger.repo}@{ledger.commit[:8]} under {trees.mirror_dir()}"
        return res
    work = Path(tempfile.mkdtemp(prefix="mcpaudit-precision-"))
    try:
        tree = trees.materialise(ledger.repo, ledger.commit, ledger.paths, work / "tree")
        _declarations(ledger, tree)
        report = work / "report.json"
        env = dict(os.environ, SOURCE_DATE_EPOCH="0")
        proc = subprocess.run([*cmd, "scan", str(tree), "-f", "json", "-o", str(report), "--fail-on", "never",
                               "--no-cache"], cwd=str(tree), env=env, capture_output=True, text=True, timeout=3600)
        if not report.exists():
            res.error = (proc.stderr or proc.stdout)[-2000:]
            return res
        doc = json.loads(report.read_text())
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(report, keep / f"{ledger.name}.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    from mcpaudit.sources import is_test_path

    found = [{"path": f["path"], "line": f["line"], "rule_id": f["rule_id"], "message": f["message"],
              "engine": f["engine"], "tags": f.get("tags", []), "steps": _steps(f)} for f in doc["findings"]]
    _match(found, ledger.findings)
    res.findings = found
    res.engine_errors = [f"{e.get('engine')}: {e.get('message')}" + (f" [{e['path']}]" if e.get("path") else "")
                         for e in doc.get("errors", []) if e.get("fatal")]
    res.skipped_files = [f"{s.get('path')}: {s.get('reason')}" for s in doc.get("skipped", [])]
    caps = [{"path": f["path"], "line": f["line"], "rule_id": f["rule_id"], "message": f["message"],
             "engine": f["engine"], "tags": f.get("tags", []), "capability": True,
             "steps": _steps(f) + _sinks(f)}
            for f in doc.get("capabilities", [])]
    _match(caps, ledger.capabilities)
    res.capabilities = caps
    res.in_tests = sum(1 for f in found if is_test_path(f["path"]) or "test-code" in f["tags"])
    for m in ledger.missed:
        (res.missed_found if _reported(m, found, caps) else res.missed_open).append(m)
    return res


def _reported(row: Dict[str, Any], found: List[Dict[str, Any]], caps: List[Dict[str, Any]]) -> bool:
    """A missed row is reported by a finding or capability of its rule on its flow. A row that asks
    for a capability (``capability-*``: a tool's declared power that the report should show) is
    also reported by a default finding of the same power (:data:`CAPABILITY_FINDINGS`) on its flow
    that the ledger labels ``real``: the hazard is shown, and louder than asked. The reverse (a finding wanted, a capability shown) stays open: a
    vulnerability shown as a tool's purpose is counted in ``c-bad``, not as found."""
    if any(f["rule_id"] == row["rule"] and _on_flow(row, f) for f in found + caps):
        return True
    family = CAPABILITY_FINDINGS.get(row["rule"], ())
    return any(f["rule_id"] in family and f.get("label") == "real" and _on_flow(row, f) for f in found)


#: the findings that report the hazard a capability row asks for: the same power in the caller's
#: hands (an argument injection is not "runs any command", an SSRF is not a file read)
CAPABILITY_FINDINGS = {
    "capability-raw-query": ("tool-sql-injection", "tool-nosql-injection", "tool-read-only-bypass"),
    "capability-command-execution": ("tool-shell-injection", "tool-command-injection"),
    "capability-code-execution": ("tool-code-injection",),
    "capability-file-access": ("tool-path-traversal",),
    "capability-network-request": ("tool-ssrf",),
}


def _steps(f: Dict[str, Any]) -> List[Tuple[str, int]]:
    """Where a finding's flow passes: its steps and its own location, and the steps of the other
    tools' flows it lists (``properties.other_flows``: a sink several tools reach is one finding)."""
    flows = [f.get("flow") or []] + [o.get("flow") or [] for o in (f.get("properties") or {}).get("other_flows") or []]
    steps = [(s.get("path") or f["path"], int(s.get("line") or 0)) for flow in flows for s in flow]
    return steps + [(f["path"], int(f["line"]))]


def _sinks(f: Dict[str, Any]) -> List[Tuple[str, int]]:
    """The other sinks a capability lists (``properties.sinks``, ``path:line``): reported once per
    tool, it names every sink the tool hands its parameter to as is, so each is a place it shows."""
    out = []
    for s in (f.get("properties") or {}).get("sinks") or []:
        path, _, line = str(s).rpartition(":")
        if path and line.isdigit():
            out.append((path, int(line)))
    return out


def _on_flow(row: Dict[str, Any], f: Dict[str, Any]) -> bool:
    """A missed row is reported when a finding of its rule is at the row's line, or its flow passes
    there (the row names where the value enters, say, and the finding is at the request it reaches)."""
    return any(p == row["path"] and abs(line - int(row["line"])) <= SLACK for p, line in f["steps"])


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "    -"


def _row(name: str, v: List[int]) -> str:
    n, real, purp, wrong, new, tests, mf, mt, nc, cbad, cnew = v
    return (f"{name:44} {n:7} {real:5} {purp:5} {wrong:5} {new:4} {_pct(wrong, n - new):>7} {tests:5} "
            f"{mf:5}/{mt:<3} {_pct(mf, mt)} {nc:5} {cbad:5} {cnew:5}")


def _figures(r: Result) -> List[int]:
    return [len(r.findings), r.count("real"), r.count("purpose"), r.count("wrong"), r.count(None), r.in_tests,
            len(r.missed_found), len(r.missed_found) + len(r.missed_open), len(r.capabilities),
            sum(1 for c in r.capabilities if c.get("label") in ("real", "wrong")),
            sum(1 for c in r.capabilities if c.get("label") is None)]


def table(results: List[Result]) -> str:
    """One line per server, the total, and apart a total of the holdout servers (ledger key
    ``holdout``: never used to tune the scanner) when any of them was scanned."""
    head = (f"{'server':44} {'default':>7} {'real':>5} {'purp':>5} {'wrong':>5} {'new':>4} {'wrong%':>7} {'tests':>5} "
            f"{'missed found':>13} {'caps':>5} {'c-bad':>5} {'c-new':>5}")
    lines = [head, "-" * len(head)]
    tot, hold = [0] * 11, [0] * 11
    held = False
    for r in results:
        if r.skipped or r.error:
            lines.append(f"{r.name:44} {'skipped: ' + r.skipped if r.skipped else 'ERROR: ' + r.error.splitlines()[-1]}")
            continue
        v = _figures(r)
        tot = [a + b for a, b in zip(tot, v)]
        if r.holdout:
            hold, held = [a + b for a, b in zip(hold, v)], True
        lines.append(_row(r.name, v))
        lines.extend(f"{'':4}! engine error, figures incomplete: {e[:160]}" for e in r.engine_errors[:3])
    lines.append("-" * len(head))
    lines.append(_row("total", tot))
    if held:
        lines.append(_row("holdout (unseen servers)", hold))
    failed = [r.name for r in results if r.engine_errors and not (r.skipped or r.error)]
    if failed:
        lines.append(f"engine errors (results missing or incomplete) in {len(failed)} server(s): {', '.join(failed)}")
    return "\n".join(lines)


def _scanned(name: str, r: Result) -> str:
    """The progress line of one server: what the scan reported, and whether an engine failed."""
    if r.skipped:
        return f"skipped {name}: {r.skipped}"
    if r.error:
        return f"FAILED {name}: no report ({r.error.strip().splitlines()[-1] if r.error.strip() else 'no output'})"
    line = f"scanned {name}: {len(r.findings)} default finding(s)"
    if r.engine_errors:
        line += f", but {len(r.engine_errors)} ENGINE ERROR(S), results missing or incomplete: " + \
            "; ".join(e[:200] for e in r.engine_errors[:3])
    if r.skipped_files:  # so that a reader can tell why a row did not come out
        line += f"; {len(r.skipped_files)} file(s) skipped by an engine: " + "; ".join(s[:160] for s in r.skipped_files[:3])
    return line


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="", help="comma-separated substrings of ledger names")
    ap.add_argument("--show", choices=("new", "wrong", "missed", "all"), help="list findings of this kind")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    ap.add_argument("--mcpaudit", default=f"{shlex.quote(sys.executable)} -m mcpaudit.cli",
                    help="the mcpaudit command to run (default: this interpreter's package)")
    ap.add_argument("--keep", type=Path, help="keep every server's JSON report in this folder")
    a = ap.parse_args(argv)
    only = [x for x in a.only.split(",") if x]
    ledgers = [Ledger.load(p) for p in sorted((HERE / "servers").glob("*.toml"))
               if not only or any(o in p.stem for o in only)]
    results = []
    for lg in ledgers:
        r = scan(lg, shlex.split(a.mcpaudit), a.keep)
        results.append(r)
        print(_scanned(lg.name, r), file=sys.stderr, flush=True)
        if a.show and not r.skipped:
            for f in r.findings + r.capabilities:
                if a.show in ("all", "new") and f.get("label") is None or a.show in ("all", "wrong") and f.get("label") == "wrong":
                    print(f"  [{f.get('label') or 'new'}] {lg.name} {f['path']}:{f['line']} {f['rule_id']}: {f['message'][:160]}")
            if a.show in ("all", "missed"):
                for m in r.missed_open:
                    print(f"  [missed] {lg.name} {m['path']}:{m['line']} {m['rule']}: {m.get('why', '')}")
    print(table(results))
    if a.json:
        a.json.write_text(json.dumps([r.__dict__ for r in results], indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
