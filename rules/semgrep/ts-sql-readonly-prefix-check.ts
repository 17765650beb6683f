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
