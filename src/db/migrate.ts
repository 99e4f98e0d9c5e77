/**
 * The migration runner. A set is a folder of plain SQL files (`001_name.sql`, ...) owned by one part
 * of the program; each file is applied once, in name order, in a transaction of its own, and recorded
 * in `schema_migrations` under the set's prefix and its file name. A recorded file that is no longer
 * in its folder is left alone (the store's tables left the money set this way: see
 * `src/store/migrations/001_drafts_accounts.sql`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./index.js";

/** One part's migrations. */
export interface Migrations {
  /** The folder of `.sql` files. */
  dir: string;
  /** Put before each file name in `schema_migrations` ("store/"); the money set's is "" (its ids predate sets). */
  prefix: string;
}

/** Applies every migration of `sets` not yet recorded: set by set, each in file-name order. */
export async function migrate(db: Db, sets: readonly Migrations[]): Promise<void> {
  await db.query(
    "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  for (const set of sets) {
    const files = readdirSync(set.dir).filter((f) => f.endsWith(".sql")).sort();
    for (const file of files) {
      const id = set.prefix + file;
      await db.transaction(async (tx) => {
        // Two processes starting together: the second waits here, then sees the migration applied.
        await tx.query("SELECT pg_advisory_xact_lock(7351001)");
        const done = await tx.query("SELECT 1 FROM schema_migrations WHERE id = $1", [id]);
        if (done.rows.length > 0) return;
        for (const statement of splitSql(readFileSync(join(set.dir, file), "utf8"))) await tx.query(statement);
        await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [id]);
      });
    }
  }
}

/**
 * Splits a migration into statements (both drivers run one statement per parameterised query).
 * Understands `--` comments and `$$` bodies, which is all our migrations use.
 */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let inDollar = false;
  for (const rawLine of sql.split("\n")) {
    const line = inDollar ? rawLine : rawLine.replace(/--.*$/, "");
    let rest = line;
    while (rest.length > 0) {
      const dollar = rest.indexOf("$$");
      const semi = inDollar ? -1 : rest.indexOf(";");
      if (semi !== -1 && (dollar === -1 || semi < dollar)) {
        current += rest.slice(0, semi);
        if (current.trim()) out.push(current.trim());
        current = "";
        rest = rest.slice(semi + 1);
      } else if (dollar !== -1) {
        current += rest.slice(0, dollar + 2);
        inDollar = !inDollar;
        rest = rest.slice(dollar + 2);
      } else {
        current += rest;
        rest = "";
      }
    }
    current += "\n";
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
