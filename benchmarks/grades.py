"""Grades before and after: the score and grade of the dev corpus trees, the fixtures and the
real servers of the precision study, with two versions of mcpaudit.

    python benchmarks/grades.py --before /tmp/wt-before --after . [--out benchmarks/grades.md]
                                [--json grades.json] [--only NAME ...] [--reasons FILE]

Each version runs in its own interpreter (``PYTHONPATH=<checkout>``), one scan per tree, with the
default engines and the cache off. A tree of a real server is written from its snapshot with
:func:`benchmarks.trees.materialise` into a scratch directory and deleted afterwards (nothing from a
snapshot is executed or imported). ``--reasons`` is a TOML/JSON file ``{name: "why"}``: the one line
per row saying why the new grade is right; without one, the row says what the new scan saw.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
sys.path.insert(0, str(CHECKOUT))

from benchmarks.trees import git_dir, has_commit, materialise  # noqa: E402

CORPUS = CHECKOUT.parent / "shared" / "corpus" / "dev.json"
SERVERS = HERE / "precision" / "servers"
FIXTURES = ("safe", "vulnerable", "hardened", "capabilities", "lowlevel", "poisoned", "typescript")

# runs inside the version under test: one audit, a summary on stdout
WORKER = r"""
import json, sys
from pathlib import Path
from mcpaudit import api
from mcpaudit.config import Config
res = api.audit([Path(sys.argv[1])], Config(cache=False))
def n(status):
    return sum(1 for c in res.checklists for i in c.items if i.status == status)
sev = {}
for f in res.findings:
    sev[f.severity.label] = sev.get(f.severity.label, 0) + 1
facts = {f.id: f.value for f in res.facts}
out = {
    "score": res.score, "grade": res.grade, "findings": len(res.findings), "by_severity": sev,
    "capabilities": sorted({(f.tool or "") + ":" + str(f.properties.get("capability")) for f in getattr(res, "capabilities", [])}),
    "tools": len(res.tools), "exposure": (getattr(res, "exposure", None) or {}).get("level"),
    "failed": n("fail"), "na": n("not-applicable"), "passed": n("pass"),
    "surface": getattr(res, "surface", None),
    "http": facts.get("transport.http"), "auth": facts.get("http.auth"), "docker": facts.get("docker.present"),
    "errors": [e.message[:120] for e in res.errors if e.fatal],
    "failed_ids": sorted(i.id for c in res.checklists for i in c.items if i.status == "fail"),
    "partial_ids": sorted(i.id for c in res.checklists for i in c.items if i.status == "partial"),
    "grade_note": getattr(res, "grade_note", ""),
}
print(json.dumps(out))
"""


def targets(only: List[str]) -> List[Dict]:
    out: List[Dict] = []
    cases = json.loads(CORPUS.read_text())["cases"] if CORPUS.exists() else []
    seen = set()
    for c in cases:
        for side in ("vuln", "fixed"):
            commit = c.get(f"{side}_commit")
            if not commit:
                continue
            key = (c["repo"], commit, c.get("root", "."))
            if key in seen:
                continue
            seen.add(key)
            root = c.get("root", ".")
            name = f"dev:{c['repo'].split('/')[1]}{'' if root == '.' else '/' + root.split('/')[-1]}@{side}"
            out.append({"name": name, "kind": "dev", "repo": c["repo"], "commit": commit, "paths": [root]})
    for fx in FIXTURES:
        out.append({"name": f"fixture:{fx}", "kind": "fixture", "dir": str(CHECKOUT / "fixtures" / fx)})
    try:
        import tomllib
    except ImportError:  # pragma: no cover
        import tomli as tomllib
    for toml in sorted(SERVERS.glob("*.toml")):
        d = tomllib.loads(toml.read_text())
        out.append({"name": "real:" + d["repo"].split("/")[1], "kind": "real", "repo": d["repo"],
                    "commit": d["commit"], "paths": d.get("paths", ["."])})
    if only:
        out = [t for t in out if any(o == t["name"] or o in t["name"] for o in only)]
    unique: Dict[str, Dict] = {}
    for t in out:
        unique.setdefault(t["name"], t)  # two corpus cases on one commit and root: one tree
    return list(unique.values())


def scan(checkout: Path, tree: Path, timeout: float = 900) -> Dict:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    try:
        r = subprocess.run([sys.executable, "-c", WORKER, str(tree)], env=env, capture_output=True, text=True,
                           timeout=timeout, cwd=str(tree))
    except subprocess.TimeoutExpired:
        return {"error": "timeout"}
    if r.returncode != 0:
        return {"error": (r.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def run(versions: Dict[str, Path], only: List[str], cache: Optional[Path], reuse: bool = False,
        resume: bool = False) -> List[Dict]:
    rows = []
    done = json.loads(cache.read_text()) if cache and cache.exists() else {}
    for t in targets(only):
        row = {"name": t["name"], "kind": t["kind"]}
        scratch = None
        try:
            if reuse and all(f"{lb}|{co}|{t['name']}" in done for lb, co in versions.items()):
                for lb, co in versions.items():
                    row[lb] = done[f"{lb}|{co}|{t['name']}"]
                rows.append(row)
                continue
            if reuse:
                continue  # --reuse: only what the cache holds, no scan
            if t["kind"] == "fixture":
                tree = Path(t["dir"])
                scratch = Path(tempfile.mkdtemp(prefix="grades-"))
                tree = Path(shutil.copytree(tree, scratch / Path(t["dir"]).name))
                (tree / ".git").mkdir(exist_ok=True)
            else:
                if git_dir(t["repo"]) is None or not has_commit(t["repo"], t["commit"]):
                    row["missing"] = True
                    rows.append(row)
                    continue
                scratch = Path(tempfile.mkdtemp(prefix="grades-"))
                materialise(t["repo"], t["commit"], t["paths"], scratch / "tree")
                tree = scratch / "tree"
                (tree / ".git").mkdir(exist_ok=True)
                # one folder: scan it; several paths (or files): scan the tree they were written to
                only = [p for p in t["paths"] if p not in (".", "")]
                if len(only) == 1 and (tree / only[0]).is_dir():
                    tree = tree / only[0]
            for label, checkout in versions.items():
                key = f"{label}|{checkout}|{t['name']}"
                if key in done and (label == "before" or reuse or resume):
                    row[label] = done[key]
                    continue
                row[label] = scan(checkout, tree)
                done[key] = row[label]
                print(f"{t['name']:<48} {label:<6} {row[label].get('grade')} {row[label].get('score')}",
                      file=sys.stderr, flush=True)
        finally:
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
        rows.append(row)
        if cache:
            cache.write_text(json.dumps(done, indent=1))
    return rows


def describe(r: Dict) -> str:
    """What the new scan saw, in a few words."""
    if not r or "error" in r:
        return "scan failed: " + (r or {}).get("error", "?")
    bits = [r.get("exposure") or "?"]
    s = r.get("surface")
    if isinstance(s, dict) and s.get("complete") is False:
        bits.append("surface incomplete")
    bits.append(f"{r['tools']} tools")
    sev = r.get("by_severity") or {}
    bits.append(f"{r['findings']} findings" + (" (" + ", ".join(f"{v} {k}" for k, v in sorted(sev.items())) + ")"
                                                if sev else ""))
    caps = sorted({c.split(":", 1)[1] for c in r.get("capabilities", [])})
    if caps:
        bits.append("capabilities: " + ", ".join(caps))
    bits.append(f"{r['failed']} failed / {r['na']} n/a items")
    return "; ".join(bits)


def markdown(rows: List[Dict], reasons: Dict[str, str], before: str = "main at 0ba7a18",
             after: str = "branch `score`", notes: str = "") -> str:
    out = ["# Grades before and after (issue 13)", "",
           f"Produced by `benchmarks/grades.py` (before: {before}; after: {after}). "
           "Default engines, cache off. *Seen* is what the new scan found; *why* says why the new grade is right.",
           ""] + ([notes.strip(), ""] if notes.strip() else []) + [
           "| tree | before | after | seen (after) | why |", "|---|---|---|---|---|"]

    def g(r):
        if not r:
            return "-"
        if "error" in r:
            return "error"
        return f"{r.get('grade') or 'n/a'} {r['score'] if r.get('score') is not None else ''}".strip()

    for row in rows:
        if row.get("missing"):
            out.append(f"| {row['name']} | - | - | snapshot missing | |")
            continue
        after = row.get("after", {})
        why = reasons.get(row["name"], "")
        out.append(f"| {row['name']} | {g(row.get('before'))} | {g(after)} | {describe(after)} | {why} |")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True)
    ap.add_argument("--after", type=Path, default=CHECKOUT)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also keep the raw rows here")
    ap.add_argument("--cache", type=Path, default=None, help="reuse 'before' scans recorded in this JSON file")
    ap.add_argument("--reasons", type=Path, default=None)
    ap.add_argument("--notes", type=Path, default=None, help="Markdown put between the heading and the table")
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--labels", nargs=2, default=["main at 0ba7a18", "branch `score`"], metavar=("BEFORE", "AFTER"),
                    help="what the two versions are, for the table's heading")
    ap.add_argument("--before-only", action="store_true", help="only scan with --before (fills --cache)")
    ap.add_argument("--reuse", action="store_true",
                    help="no scan: the rows of the trees --cache holds both scans of (to rewrite the table)")
    ap.add_argument("--resume", action="store_true", help="reuse every scan --cache holds, scan the rest")
    a = ap.parse_args(argv)
    versions = {"before": a.before.resolve()}
    if not a.before_only:
        versions["after"] = a.after.resolve()
    rows = run(versions, a.only, a.cache, a.reuse, a.resume)
    if a.json:
        a.json.write_text(json.dumps(rows, indent=1))
    reasons = {}
    if a.reasons and a.reasons.exists():
        text = a.reasons.read_text()
        if a.reasons.suffix == ".json":
            reasons = json.loads(text)
        else:
            try:
                import tomllib
            except ImportError:  # pragma: no cover
                import tomli as tomllib
            reasons = tomllib.loads(text)
    md = markdown(rows, reasons, *a.labels, notes=a.notes.read_text() if a.notes else "")
    if a.out:
        a.out.write_text(md)
    else:
        sys.stdout.write(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
