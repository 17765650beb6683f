export class Markdownify {
  static async toMarkdown({ url, filePath }: { url?: string; filePath?: string }) {
    if (url) {
      // ruleid: ts-param-reaches-fetch
      const response = await fetch(url);
      return await response.text();
    }
    return filePath;
  }
}

export async function getPage(url: string) {
  // a plain positional parameter of a helper is not a source (callers usually validate)
  // ok: ts-param-reaches-fetch
  return (await fetch(url)).text();
}

export async function getRepo(name: string) {
  // ok: ts-param-reaches-fetch
  return (await fetch(`https://api.github.com/repos/${encodeURIComponent(name)}`)).json();
}

export async function constant() {
  // ok: ts-param-reaches-fetch
  return (await fetch("https://example.com/status")).text();
}

import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
const server = new McpServer({ name: "demo", version: "1.0.0" });
server.tool("read", "Read a file", {}, async (args) => {
  const url = args.url;
  const name = args.name;
  // ruleid: ts-param-reaches-fetch
  const out = await fetch(url);
  return { content: [{ type: "text", text: String(out) }] };
});

server.tool("read-checked", "Read a checked file", {}, async (args) => {
  const validUrl = await validateInput(args.name);
  // ok: ts-param-reaches-fetch
  const out = await fetch(validUrl);
  return { content: [{ type: "text", text: String(out) }] };
});

async function validateInput(value: string): Promise<string> {
  return value;
}
