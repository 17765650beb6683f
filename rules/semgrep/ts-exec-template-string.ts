import { exec, execSync, execFile } from "child_process";
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
