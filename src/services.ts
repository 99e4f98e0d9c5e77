/**
 * The long-lived parts every entry point (bot, CLI) needs, built from the settings: the upstream
 * layer, the database (with every migration set) and the money core.
 */
import type { Config } from "./config.js";
import { type Db, type DbOptions, type Migrations, openDb } from "./db/index.js";
import { createMoney, MONEY_MIGRATIONS, type Money } from "./money/index.js";
import { claimLedgerMode, type LedgerMode } from "./money/mode.js";
import { createUpstream, type Upstream } from "./providers/index.js";
import { STORE_MIGRATIONS } from "./store/index.js";

/** Every migration set, in the order they apply: the store's tables refer to payments. */
export const MIGRATIONS: readonly Migrations[] = [MONEY_MIGRATIONS, STORE_MIGRATIONS];

/** Opens the database with every migration set applied (what the bot, the CLI, tests and the benchmark use). */
export function openDatabase(opts: Omit<DbOptions, "migrations">): Promise<Db> {
  return openDb({ ...opts, migrations: MIGRATIONS });
}

/** What every entry point holds: settings, upstream, database and money. */
export interface Services {
  config: Config;
  upstream: Upstream;
  db: Db;
  money: Money;
  close(): Promise<void>;
}

/**
 * The embedded database's folder: the sandbox keeps its test money in a folder of its own
 * (`<DATA_DIR>/sandbox`), so switching between the sandbox and real aggregators never mixes them.
 */
export function dataDirFor(config: Config, mode: LedgerMode | undefined): string {
  return mode === "sandbox" ? `${config.money.dataDir.replace(/\/+$/, "")}/sandbox` : config.money.dataDir;
}

/**
 * Builds the services from the settings; `overrides` hands in an upstream or an open database (tests).
 * With `mode`, the ledger is claimed for it: a ledger that served the other kind is refused.
 */
export async function openServices(config: Config, overrides: { upstream?: Upstream; db?: Db; mode?: LedgerMode } = {}): Promise<Services> {
  const upstream = overrides.upstream ?? createUpstream(config.upstream);
  const db =
    overrides.db ??
    (await openDatabase({ databaseUrl: config.money.databaseUrl, dataDir: config.money.databaseUrl ? undefined : dataDirFor(config, overrides.mode) }));
  try {
    if (overrides.mode) await claimLedgerMode(db, overrides.mode);
  } catch (err) {
    if (!overrides.db) await db.close();
    throw err;
  }
  const money = createMoney({
    db,
    upstream,
    reconcileDelaySeconds: config.money.reconcileDelaySeconds,
    maxUnknownChecks: config.money.reconcileMaxUnknown,
    staleSubmittedSeconds: config.money.staleSubmittedSeconds,
  });
  // Close only what was opened here; a database handed in belongs to the caller.
  return { config, upstream, db, money, close: () => (overrides.db ? Promise.resolve() : db.close()) };
}
