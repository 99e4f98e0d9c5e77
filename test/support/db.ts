/**
 * Databases for tests: the real PostgreSQL on this machine (each test file in a schema of its own,
 * dropped afterwards) and embedded PGlite in memory. Money tests run against both.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Db } from "../../src/db/index.js";
import { openDatabase } from "../../src/services.js";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDb {
  db: Db;
  /** The schema (PostgreSQL) so another process can open the same data. */
  schema?: string;
  drop(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

export async function openPostgresForTest(prefix: string): Promise<TestDb> {
  const schema = uniqueName(`t_${prefix}`).toLowerCase();
  const db = await openDatabase({ databaseUrl: TEST_DATABASE_URL, schema, maxConnections: 25 });
  return {
    db,
    schema,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export async function openPgliteForTest(): Promise<TestDb> {
  const db = await openDatabase({});
  return { db, drop: () => db.close() };
}

export const BACKENDS = [
  { name: "postgres", open: openPostgresForTest },
  { name: "pglite", open: (_prefix: string) => openPgliteForTest() },
] as const;
