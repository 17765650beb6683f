"""A tool's claims are checked against its own server's handler (branch trust).

In a monorepo several servers register a tool of the same name. Each handler's effects belong to
the registration of that name nearest to it (fixtures/taint/monoclaims/ in Python,
fixtures/typescript/monoclaims/ in TypeScript: four servers with a ``save_entry`` tool; the
TypeScript one adds two low-level servers declaring it in their tool lists). A read-only claim is
neither broken by another server's write (the safe twin, gamma) nor hidden by another server's
finding on the same name, and every server's declared tool stays in the inventory."""

from __future__ import annotations

from pathlib import Path

from mcpaudit.analysis.effects import nearest, shared_dirs
from mcpaudit.engines import cst as cst_engine
from mcpaudit.engines import ts as ts_engine
from mcpaudit.models import Confidence

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
CLAIMS = ("tool-read-only-bypass", "tool-annotation-mismatch")


def _scan(engine, root: Path, suffix: str):
    files = [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob(f"*{suffix}"))]
    out, _ = engine.run(files, root, jobs=1)
    assert not out.errors, out.errors
    return out


def _line(path: Path, needle: str) -> int:
    hits = [i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln]
    assert len(hits) == 1, hits
    return hits[0]


def _claims(out):
    return sorted((f.rule_id, f.location.path, f.location.line, f.tool, f.message) for f in out.findings
                  if f.rule_id in CLAIMS and f.confidence >= Confidence.MEDIUM)


def test_nearest_registration_is_the_one_sharing_most_folders():
    assert shared_dirs("a/b/x.py", "a/b/y.py") == 2 and shared_dirs("a/b/x.py", "a/b/x.py") == 3
    assert shared_dirs("a/b/x.py", "c/x.py") == 0
    cands = [("src/alpha/server.py", "A"), ("src/beta/server.py", "B"), ("src/beta/tools/t.py", "T")]
    assert nearest("src/beta/tools/h.py", cands) == ["T"]
    assert nearest("src/beta/main.py", cands) == ["B", "T"]  # both of server beta
    assert nearest("other.py", cands) == ["A", "B", "T"]  # no nearer one: all of them, as before


def test_python_claims_are_scoped_to_each_server():
    root = ROOT / "taint" / "monoclaims"
    alpha, delta = root / "alpha" / "server.py", root / "delta" / "server.py"
    assert _claims(_scan(cst_engine, root, ".py")) == [
        ("tool-annotation-mismatch", "delta/server.py", _line(delta, "os.remove(target)"), "save_entry",
         "tool 'save_entry' is annotated destructiveHint=False but deletes files (os.remove())"),
        ("tool-read-only-bypass", "alpha/server.py", _line(alpha, 'open(target, "w")'), "save_entry",
         "tool 'save_entry' is annotated readOnlyHint=True but writes files (open())"),
    ]


def test_typescript_claims_are_scoped_to_each_server():
    root = ROOT / "typescript" / "monoclaims"
    alpha, delta, lowz = (root / d / "index.ts" for d in ("alpha", "delta", "lowz"))
    out = _scan(ts_engine, root, ".ts")
    assert _claims(out) == [
        ("tool-annotation-mismatch", "delta/index.ts", _line(delta, "unlinkSync("), "save_entry",
         "tool 'save_entry' is annotated destructiveHint=False but deletes files (fs.unlinkSync())"),
        ("tool-read-only-bypass", "alpha/index.ts", _line(alpha, "writeFileSync("), "save_entry",
         "tool 'save_entry' is annotated readOnlyHint=True but writes files (fs.writeFileSync())"),
        # declared in lowz's tool list; lowb (sorted first) declares a read-only tool of the same name
        ("tool-read-only-bypass", "lowz/index.ts", _line(lowz, "writeFileSync("), "save_entry",
         "tool 'save_entry' is annotated readOnlyHint=True but writes files (fs.writeFileSync())"),
    ]
