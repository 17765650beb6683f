import { dbAll, dbRun } from "../db/index.js";

export async function readQuery(query: string) {
  if (!query.trim().toLowerCase().startsWith("select")) {
    throw new Error("Only SELECT queries are allowed with read_query");
  }
  // ruleid: ts-sql-readonly-prefix-check
  const result = await dbAll(query);
  return result;
}

export async function countRows(table: string) {
  // ok: ts-sql-readonly-prefix-check
  return dbAll("SELECT COUNT(*) FROM users WHERE team = ?", [table]);
}

export async function writeQuery(query: string) {
  const lowered = query.trim().toLowerCase();
  if (lowered.startsWith("select")) {
    throw new Error("Use the read tool for SELECT statements");
  }
  if (!(lowered.startsWith("insert") || lowered.startsWith("update"))) {
    throw new Error("Only INSERT or UPDATE statements here");
  }
  // ok: ts-sql-readonly-prefix-check
  return dbRun(query);
}

export async function writeQueryInline(query: string) {
  if (query.trim().toLowerCase().startsWith("select")) {
    throw new Error("Use the read tool for SELECT statements");
  }
  // ok: ts-sql-readonly-prefix-check
  return dbRun(query);
}
