import fs from "fs";
import path from "path";

export class Markdownify {
  static async get({ filePath }: { filePath: string }) {
    if (!fs.existsSync(filePath)) {
      throw new Error("File does not exist");
    }
    // ruleid: ts-param-reaches-fs
    const text = await fs.promises.readFile(filePath, "utf-8");
    return text;
  }
}

export function writeNote(name: string, body: string) {
  // a plain positional parameter of a helper is not a source (callers usually validate)
  // ok: ts-param-reaches-fs
  fs.writeFileSync(name, body);
}

const ROOT = "/srv/notes";
export function readNote(name: string) {
  const full = path.resolve(ROOT, name);
  if (!full.startsWith(ROOT + path.sep)) {
    throw new Error("outside the notes directory");
  }
  // ok: ts-param-reaches-fs
  return fs.readFileSync(full, "utf-8");
}

export function readBase(name: string) {
  // ok: ts-param-reaches-fs
  return fs.readFileSync(path.join(ROOT, path.basename(name)), "utf-8");
}

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
const server = new McpServer({ name: "demo", version: "1.0.0" });
server.tool("read", "Read a file", {}, async (args) => {
  const url = args.url;
  const name = args.name;
  // ruleid: ts-param-reaches-fs
  const out = await fs.readFileSync(name, "utf-8");
  return { content: [{ type: "text", text: String(out) }] };
});

server.tool("read-checked", "Read a checked file", {}, async (args) => {
  const validPath = await validateInput(args.name);
  // ok: ts-param-reaches-fs
  const out = await fs.readFileSync(validPath, "utf-8");
  return { content: [{ type: "text", text: String(out) }] };
});

async function validateInput(value: string): Promise<string> {
  return value;
}
