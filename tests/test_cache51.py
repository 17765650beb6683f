"""cache51: a warm scan after editing only a file the link step reads besides the sources
(``package.json`` entry points, ``tsconfig.json`` ``outDir``, ``pyproject.toml`` scripts), or a
dependency module, equals the ``--no-cache`` scan. The link, first-pass and scan caches were keyed
on the source files only and answered from the stale entry (a tool missing from the warm scan)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcpaudit.api import audit
from mcpaudit.config import Config
from mcpaudit.reporters import json as json_reporter

_SDK = '{"@modelcontextprotocol/sdk": "^1.0.0", "zod": "^3.0.0"}'
_TS_HELLO = '''import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
const server = new McpServer({ name: "z", version: "1" });
server.tool("hello", "Say hello", { name: z.string() }, async (args) => {
  return { content: [{ type: "text", text: "hi " + args.name }] };
});
'''
_TS_OLD = '''import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { exec } from "child_process";
const server = new McpServer({ name: "z-old", version: "1" });
server.tool("run", "Run a command", { command: z.string() }, async (args) => {
  exec(args.command);
  return { content: [{ type: "text", text: "ok" }] };
});
'''
_PY_SERVER = '''import subprocess
from mcp.server.fastmcp import FastMCP

mcp = FastMCP("x")


@mcp.tool()
def run(command: str) -> str:
    """Run a command."""
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


def main():
    mcp.run()
'''
_PY_OLD = '''import subprocess


def handle(request):
    return subprocess.run(request.args["cmd"], shell=True).stdout


def main():
    handle(None)
'''


def _write(root: Path, files: dict) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def _view(root: Path, engine: str, **cfg) -> dict:
    result = audit([root], Config(engines=tuple(engine.split(",")), jobs=1, **cfg))
    d = json_reporter.to_dict(result, timestamp=False)
    return {"findings": sorted((f["rule_id"], f["path"], f["line"], f.get("tool") or "", f["message"])
                               for f in d["findings"] + d["capabilities"]),
            "tools": sorted((t["name"], t["path"], tuple(p["name"] for p in t.get("parameters") or ()))
                            for t in d["tools"])}


def _warm_equals_cold(root: Path, cache_dir: Path, engine: str, edit) -> tuple:
    _view(root, engine, cache_dir=cache_dir)  # fill the caches
    edit()
    warm = _view(root, engine, cache_dir=cache_dir)
    cold = _view(root, engine, cache=False)
    assert warm == cold
    return warm, cold


@pytest.fixture(autouse=True)
def _private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))


def _ts_project(root: Path, main: str, out_dir: str = "out2") -> Path:
    return _write(root, {
        "package.json": json.dumps({"name": "z", "version": "1.0.0", "main": main, "dependencies": json.loads(_SDK)}),
        "tsconfig.json": json.dumps({"compilerOptions": {"outDir": out_dir, "rootDir": "src"}}),
        "src/index.ts": _TS_HELLO, "src/old.ts": _TS_OLD})


def test_ts_package_json_entry_point_edit_is_seen_warm(tmp_path):
    root = _ts_project(tmp_path / "p", "out2/index.js")
    before = _view(root, "ts", cache=False)
    assert [t[0] for t in before["tools"]] == ["hello"]  # src/old.ts: no entry point reaches it

    def edit():  # only package.json: main now names the old module
        _ts_project(root, "out2/old.js")

    warm, _ = _warm_equals_cold(root, tmp_path / "cache", "ts", edit)
    assert ("run", "src/old.ts", ("command",)) in warm["tools"]
    assert any(f[0] == "capability-command-execution" and f[1] == "src/old.ts" and f[2] == 6 and f[3] == "run"
               and "parameter 'command' reaches child_process.exec()" in f[4] for f in warm["findings"])


def test_ts_tsconfig_out_dir_edit_is_seen_warm(tmp_path):
    root = _ts_project(tmp_path / "p", "out2/index.js")

    def edit():  # only tsconfig.json: out2/index.js no longer maps to src/index.ts
        _ts_project(root, "out2/index.js", out_dir="out3")

    warm, _ = _warm_equals_cold(root, tmp_path / "cache", "ts", edit)
    assert [t[0] for t in warm["tools"]] == ["hello", "run"]


def test_ts_safe_twin_unchanged_config_still_answers_from_cache(tmp_path):
    root = _ts_project(tmp_path / "p", "out2/index.js")
    cache_dir = tmp_path / "cache"
    first = _view(root, "ts", cache_dir=cache_dir)
    (root / "README.md").write_text("# z\n")  # a new input: the scan cache misses, the result is the same
    again = _view(root, "ts", cache_dir=cache_dir)
    assert first == again == _view(root, "ts", cache=False)
    assert [t[0] for t in again["tools"]] == ["hello"]


def _py_project(root: Path, script: str) -> Path:
    return _write(root, {
        "pyproject.toml": f'[project]\nname = "x"\nversion = "1"\n[project.scripts]\nx = "{script}"\n',
        "pkg/__init__.py": "", "pkg/server.py": _PY_SERVER, "pkg/old_server.py": _PY_OLD})


def test_py_pyproject_script_edit_is_seen_warm(tmp_path):
    root = _py_project(tmp_path / "p", "pkg.server:main")
    before = _view(root, "cst,semgrep", cache=False)
    assert not [f for f in before["findings"] if f[1] == "pkg/old_server.py"]  # unreached: audit view

    def edit():  # only pyproject.toml: the script is now the old module
        _py_project(root, "pkg.old_server:main")

    # the semgrep finding in the old module is lowered by the cst engine's reach (the link)
    warm, _ = _warm_equals_cold(root, tmp_path / "cache", "cst,semgrep", edit)
    hits = [f for f in warm["findings"] if f[1] == "pkg/old_server.py"]
    assert [(f[0], f[2]) for f in hits] == [("subprocess-shell-true", 5)]
    assert "through the system shell" in hits[0][4]


def test_py_helper_module_edit_is_seen_warm(tmp_path):
    root = _write(tmp_path / "p", {
        "server.py": 'from mcp.server.fastmcp import FastMCP\nfrom helper import run_it\nmcp = FastMCP("x")\n\n\n'
                     '@mcp.tool()\ndef run(command: str) -> str:\n    """Run a command."""\n    return run_it(command)\n',
        "helper.py": "import subprocess\n\n\ndef run_it(cmd):\n    return subprocess.run(cmd, shell=True).stdout\n"})
    first = _view(root, "cst", cache=False)
    assert any(f[0] == "capability-command-execution" and f[1] == "helper.py" for f in first["findings"])

    def edit():  # only the helper: the sink is gone
        (root / "helper.py").write_text("import subprocess\n\n\ndef run_it(cmd):\n"
                                         "    return subprocess.run(['ls'], shell=False).stdout\n")

    warm, _ = _warm_equals_cold(root, tmp_path / "cache", "cst", edit)
    assert not any(f[0] == "capability-command-execution" for f in warm["findings"])
    assert warm["tools"] == [("run", "server.py", ("command",))]


def test_ts_schema_module_edit_is_seen_warm(tmp_path):
    root = _write(tmp_path / "p", {
        "package.json": json.dumps({"name": "x", "version": "1.0.0", "dependencies": json.loads(_SDK)}),
        "src/schema.ts": 'import { z } from "zod";\nexport const runSchema = { command: z.string() };\n',
        "src/index.ts": 'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\n'
                        'import { runSchema } from "./schema.js";\nimport { runIt } from "./helper.js";\n'
                        'const server = new McpServer({ name: "x", version: "1" });\n'
                        'server.tool("run", "Run a command", runSchema, async (args) => {\n'
                        '  runIt(args.command);\n  return { content: [{ type: "text", text: "ok" }] };\n});\n',
        "src/helper.ts": 'import { exec } from "child_process";\nexport function runIt(cmd: string) { exec(cmd); }\n'})

    def edit():  # only the schema module: another parameter
        (root / "src/schema.ts").write_text('import { z } from "zod";\n'
                                            'export const runSchema = { cmd: z.string(), command: z.number() };\n')

    warm, _ = _warm_equals_cold(root, tmp_path / "cache", "ts", edit)
    assert warm["tools"] == [("run", "src/index.ts", ("cmd", "command"))]
