/**
 * The money database: PostgreSQL through `pg` when a URL is given, embedded PGlite otherwise (a data
 * folder, or memory). One set of plain SQL migrations serves both; they are applied in order at
 * start-up and recorded in `schema_migrations`.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** PostgreSQL connection string; PGlite when unset. */
  databaseUrl?: string;
  /** PGlite data folder; memory when unset (tests). */
  dataDir?: string;
  /** PostgreSQL schema to work in (created when missing): lets test files share one database. */
  schema?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
const INT8 = 20;
const NUMERIC = 1700;

/** Opens the database and applies pending migrations. */
export async function openDb(opts: DbOptions): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : await openPglite(opts.dataDir);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function openPostgres(url: string, opts: DbOptions): Promise<Db> {
  const schema = opts.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name "${schema}"`);
  const types = {
    getTypeParser: (oid: number, format?: "text" | "binary") =>
      oid === INT8 || oid === NUMERIC
        ? (v: string) => Number(v)
        : (pg.types.getTypeParser as (o: number, f?: string) => (v: string) => unknown)(oid, format),
  };
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 10,
    types: types as pg.CustomTypesConfig,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client's error (server restart) must not crash the process.
  pool.on("error", () => {});
  // Statements with parameters are prepared once per connection (named by their text), so the
  // server parses and plans each of our few dozen statements once, not on every call. Only texts
  // with parameters are ours alone (no value is ever spliced into them); the cap is a safety net.
  const names = new Map<string, string>();
  const statement = (text: string, values?: unknown[]): pg.QueryConfig => {
    if (!values?.length) return { text };
    let name = names.get(text);
    if (name === undefined && names.size < 500) names.set(text, (name = `renew_${names.size}`));
    return name === undefined ? { text, values } : { name, text, values };
  };
  return {
    kind: "postgres",
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await pool.query(statement(sql, params))).rows as T[] }),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tx: Queryable = {
          query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await client.query(statement(sql, params))).rows as R[] }),
        };
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const parsers = { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) };
  const lite = dataDir ? new PGlite(dataDir, { parsers }) : new PGlite({ parsers });
  await lite.waitReady;
  return {
    kind: "pglite",
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await lite.query<T>(sql, params)).rows }),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>) =>
      lite.transaction(async (t) =>
        fn({ query: async <R>(sql: string, params?: unknown[]) => ({ rows: (await t.query<R>(sql, params)).rows }) }),
      ),
    close: () => lite.close(),
  };
}

/** Applies every migration not yet recorded, in file-name order, each in its own transaction. */
async function migrate(db: Db): Promise<void> {
  await db.query(
    "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort();
  for (const file of files) {
    await db.transaction(async (tx) => {
      // Two processes starting together: the second waits here, then sees the migration applied.
      await tx.query("SELECT pg_advisory_xact_lock(7351001)");
      const done = await tx.query("SELECT 1 FROM schema_migrations WHERE id = $1", [file]);
      if (done.rows.length > 0) return;
      const sql = readFileSync(join(MIGRATIONS_DIR, file), "utf8");
      for (const statement of splitSql(sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [file]);
    });
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
