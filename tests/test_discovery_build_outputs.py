"""Build output folders (``build/``, ``dist/``) are left out where a build writes them -- at the
top of the scan or next to a project manifest -- and scanned where a project keeps sources under
that name (a TypeScript server's ``src/tools/build/`` tool module)."""

from __future__ import annotations

from mcpaudit.api import discover, scan_root
from mcpaudit.config import Config


def _files(tmp_path, layout):
    for rel in layout:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x = 1\n" if rel.endswith(".py") else "{}\n" if rel.endswith(".json") else "export {};\n")
    root = scan_root([tmp_path])
    py, other, _ = discover([tmp_path], root, Config())
    return sorted(t.rel for t in py + other)


def test_build_and_dist_at_the_top_or_next_to_a_manifest_are_left_out(tmp_path):
    got = _files(tmp_path, [
        "build/lib/server.py", "dist/index.js", "src/server.ts",
        "packages/web/package.json", "packages/web/dist/index.js", "packages/web/src/index.ts",
        "py/pyproject.toml", "py/build/lib/mod.py", "py/mod.py",
    ])
    assert got == ["packages/web/src/index.ts", "py/mod.py", "src/server.ts"]


def test_a_source_folder_named_build_is_scanned(tmp_path):
    got = _files(tmp_path, ["package.json", "src/index.ts", "src/tools/build/index.ts", "src/tools/dist/x.ts"])
    assert got == ["src/index.ts", "src/tools/build/index.ts", "src/tools/dist/x.ts"]


def test_the_config_can_still_exclude_every_build_folder(tmp_path):
    (tmp_path / "src/tools/build").mkdir(parents=True)
    (tmp_path / "src/tools/build/index.ts").write_text("export {};\n")
    root = scan_root([tmp_path])
    py, other, _ = discover([tmp_path], root, Config(exclude=["build/"]))
    assert [t.rel for t in py + other] == []
