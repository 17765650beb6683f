"""benchmarks/ts_firstpass_probe.py (speed32): the handler closure and the import component of a
small TypeScript tree, and the report items and fact files it finds outside them. No timing is
asserted."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SERVER = """import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { readNote } from "./lib.js";

export function registerTools(server: McpServer) {
  server.registerTool("read_note", { inputSchema: { name: z.string() } }, async ({ name }) => {
    return { content: [{ type: "text", text: await readNote(name) }] };
  });
}
"""
LIB = """import { readFile } from "fs/promises";

export async function readNote(name: string) {
  const fmt = await import("./format.js");
  return fmt.format(await readFile(name, "utf-8"));
}
"""
FORMAT = "export function format(s: string) { return s.trim(); }\n"
INDEX = """import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { registerTools } from "./server.js";
import { TOOLS } from "./defs/tools.js";

const server = new McpServer({ name: "notes", version: "1.0.0" });
registerTools(server);
console.log(TOOLS.length);
"""
DEFS = 'export const TOOLS = ["read_note"];\n'
ISLAND = 'export default { test: { include: ["tests/**"] } };\n'


def _probe():
    spec = importlib.util.spec_from_file_location("mcpaudit_ts_firstpass_probe", REPO / "benchmarks" / "ts_firstpass_probe.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_closure_and_component(tmp_path: Path) -> None:
    files = {"src/server.ts": SERVER, "src/lib.ts": LIB, "src/format.ts": FORMAT, "src/index.ts": INDEX,
             "src/defs/tools.ts": DEFS, "vitest.config.ts": ISLAND}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    report = {"findings": [{"rule_id": "tool-path-traversal", "path": "vitest.config.ts", "line": 1, "tool": None, "confidence": "low"},
                           {"rule_id": "tool-path-traversal", "path": "src/lib.ts", "line": 5, "tool": "read_note", "confidence": "high"}],
              "facts": [{"id": "x", "evidence": [{"path": "src/index.ts", "line": 5}]}]}
    got = _probe().probe(tmp_path, report)
    assert got["files"] == 6 and got["seeds"] == 1
    # the closure: the registering module, what it imports, and a dynamic import() of that
    assert got["closure"]["outside"] == ["src/defs/tools.ts", "src/index.ts", "vitest.config.ts"]
    # the component: also the entry point that imports the seed, and what it imports
    assert got["component"]["outside"] == ["vitest.config.ts"]
    assert got["component"]["items"] == [["finding", "tool-path-traversal", "vitest.config.ts", 1, None, "low"]]
    assert got["closure"]["fact_files"] == ["src/index.ts"] and got["component"]["fact_files"] == []
    assert got["component"]["outside_bytes"] == len(ISLAND)
