import { exec, execSync, execFile } from "child_process";
import * as cp from "node:child_process";
import { promisify } from "util";
const execAsync = promisify(exec);

export async function fetchWithCurl(url: string, headers: string[]) {
  const curlCommand = `curl -s -L ${headers.join(" ")} "${url}"`;
  // ruleid: ts-exec-template-string
  const { stdout } = await execAsync(curlCommand);
  return stdout;
}

export function ping(host: string) {
  // ruleid: ts-exec-template-string
  return execSync(`ping -c 1 ${host}`).toString();
}

export function grep(pattern: string) {
  // ruleid: ts-exec-template-string
  exec("grep -r " + pattern + " /var/log", () => {});
}

export function safe(host: string) {
  // ok: ts-exec-template-string
  execFile("ping", ["-c", "1", host], () => {});
  // ok: ts-exec-template-string
  return execSync("uptime").toString();
}

export function remove(path: string) {
  // ruleid: ts-exec-template-string
  cp.execSync(`rm -rf ${path}`);
}

export function clearAll(db: { run(sql: string, cb: (err: Error | null) => void): void }, table: string) {
  const exec = (sql: string) => new Promise<void>((ok, no) => db.run(sql, (err) => (err ? no(err) : ok())));
  // ok: ts-exec-template-string
  return exec(`delete from ${table}`);
}

export function firstWord(re: RegExp, text: string, db: { exec(sql: string): void }) {
  // ok: ts-exec-template-string
  db.exec(`vacuum ${text}`);
  // ok: ts-exec-template-string
  return re.exec(`${text}`);
}

export function checkout(branch: string) {
  const execPromise = (cmd: string) =>
    new Promise<string>((ok, no) => exec(cmd, (err, out) => (err ? no(err) : ok(String(out)))));
  // ruleid: ts-exec-template-string
  return execPromise(`git checkout ${branch}`);
}

export function removeRequired(path: string) {
  // ruleid: ts-exec-template-string
  require("child_process").execSync(`rm -rf ${path}`);
  // ok: ts-exec-template-string
  require("child_process").execSync("uptime");
}
