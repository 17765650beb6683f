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
  // ruleid: ts-param-reaches-fs
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
