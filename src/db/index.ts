/**
 * The database: PostgreSQL through `pg` when a URL is given, embedded PGlite otherwise (a data
 * folder, or memory). Each part of the program that keeps tables (money, the store) brings its own
 * set of plain SQL migrations, which serve both drivers; `openDb` applies the sets it is given, in
 * order, at start-up (`migrate.ts`).
 */
import { mkdirSync } from "node:fs";
import pg from "pg";
import { migrate, type Migrations } from "./migrate.js";

export { migrate, type Migrations, splitSql } from "./migrate.js";

/** Anything that runs one statement: the database, or a transaction of it. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** An open database: statements, transactions, and closing it. */
export interface Db extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the database is, and which migration sets it must have. */
export interface DbOptions {
  /** PostgreSQL connection string; PGlite when unset. */
  databaseUrl?: string;
  /** PGlite data folder; memory when unset (tests). */
  dataDir?: string;
  /** PostgreSQL schema to work in (created when missing): lets test files share one database. */
  schema?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** The migration sets to apply, in this order (a set may refer to tables of the sets before it). */
  migrations: readonly Migrations[];
}

const INT8 = 20;
const NUMERIC = 1700;

/** Opens the database and applies pending migrations of `opts.migrations`. */
export async function openDb(opts: DbOptions): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts) : await openPglite(opts.dataDir);
  try {
    await migrate(db, opts.migrations);
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
