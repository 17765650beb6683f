import https from "node:https";
import { Agent } from "undici";

export function insecureAgent() {
  // ruleid: tls-verify-disabled-ts
  return new https.Agent({ rejectUnauthorized: false });
}

export function optInVerify() {
  // off unless VERIFY_TLS is set to "true"
  // ruleid: tls-verify-disabled-ts
  return new Agent({ connect: { rejectUnauthorized: process.env.VERIFY_TLS === "true" } });
}

export function optOutVerify() {
  // on unless someone sets SKIP_TLS_VERIFY
  // ok: tls-verify-disabled-ts
  return new Agent({ connect: { rejectUnauthorized: process.env.SKIP_TLS_VERIFY !== "true" } });
}

export function verified() {
  // ok: tls-verify-disabled-ts
  return new https.Agent({ rejectUnauthorized: true, ca: process.env.CA_PEM });
}

export function processWide(selfSigned: boolean) {
  if (selfSigned) {
    // ruleid: tls-verify-disabled-ts
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  }
  // ok: tls-verify-disabled-ts
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "1";
}

export function pgSsl(sslmode: string) {
  if (sslmode === "require") {
    // libpq's require: encrypted, not verified, as the operator asked
    // ok: tls-verify-disabled-ts
    return { rejectUnauthorized: false };
  }
  // ok: tls-verify-disabled-ts
  return sslmode === "prefer" ? { rejectUnauthorized: false } : { rejectUnauthorized: true };
}

export function iamSsl(password: string) {
  if (password.includes("X-Amz-Credential")) {
    // a token-bearing login that turns TLS on by itself, unverified
    // ruleid: tls-verify-disabled-ts
    return { ssl: { rejectUnauthorized: false } };
  }
  return {};
}

export function databaseDrivers() {
  // mssql/tedious (and Prisma's mssql adapter): any server certificate accepted
  // ruleid: tls-verify-disabled-ts
  const mssql = { server: "db", options: { encrypt: true, trustServerCertificate: true } };
  // ok: tls-verify-disabled-ts
  const verifiedMssql = { server: "db", options: { encrypt: true, trustServerCertificate: false } };
  // the operator's opt-in to trusting a development server
  // ok: tls-verify-disabled-ts
  const devMssql = { options: { trustServerCertificate: process.env.DB_TRUST_CERT === "true" } };
  // ruleid: tls-verify-disabled-ts
  const mongo = { tls: true, tlsAllowInvalidCertificates: true };
  // ruleid: tls-verify-disabled-ts
  const pg = "postgres://app@db:5432/app?sslmode=no-verify";
  // ok: tls-verify-disabled-ts
  const pgVerified = "postgres://app@db:5432/app?sslmode=verify-full";
  // ruleid: tls-verify-disabled-ts
  const ado = "Server=db;Database=app;Encrypt=True;TrustServerCertificate=True";
  return [mssql, verifiedMssql, devMssql, mongo, pg, pgVerified, ado];
}
